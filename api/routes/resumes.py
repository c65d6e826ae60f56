"""Base resumes: list, upload (Reactive Resume or JSON Resume), choose the default."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import DbDep
from jobops import resumes
from jobops.errors import InvalidInput

router = APIRouter(prefix="/api/resumes", tags=["resumes"])
MAX_RESUME_BYTES = 2 * 1024 * 1024


@router.get("", response_model=list[resumes.ResumePublic])
def list_resumes(db: DbDep) -> list[resumes.ResumePublic]:
    return resumes.list_resumes(db)


@router.get("/{resume_id}", response_model=resumes.ResumeDetail)
def get_resume(resume_id: str, db: DbDep) -> resumes.ResumeDetail:
    """One resume: its project catalog, the stored document and what its import left out."""
    return resumes.get_resume(db, resume_id)


@router.post(
    "",
    response_model=resumes.ResumeDetail,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def upload_resume(
    request: Request,
    db: DbDep,
    name: Annotated[str | None, Query(max_length=120)] = None,
    make_default: Annotated[
        bool | None,
        Query(
            alias="makeDefault",
            description="true: make it the default; false: never; unset: only the first resume",
        ),
    ] = None,
) -> resumes.ResumeDetail:
    """Upload a Reactive Resume export (v4/v5) or a JSON Resume document as the body; the
    answer includes the import report (what was left out, and why)."""
    body = await request.body()
    if len(body) > MAX_RESUME_BYTES:
        raise InvalidInput("The resume is larger than 2 MB.")
    try:
        document: Any = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"The body is not JSON: {exc}") from exc
    return resumes.upload_resume(db, document, name=name, make_default=make_default)


@router.post("/{resume_id}/default", response_model=resumes.ResumePublic)
def make_default(resume_id: str, db: DbDep) -> resumes.ResumePublic:
    return resumes.make_default(db, resume_id)
