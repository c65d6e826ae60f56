"""Job routes: each parses, calls one jobops function, and returns a public model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse

from api.deps import DbDep, ScoringLLMDep, SettingsDep, TailoringLLMDep
from jobops import actions, pdfs, processing, repo, scoring, tailoring
from jobops.errors import InvalidInput, NoBaseResume, PdfNotFound
from jobops.lifecycle import JobStatus
from jobops.models import JobList, JobPublic, JobUpdate

router = APIRouter(prefix="/api/jobs", tags=["jobs"])
ACTOR = "api"


def _statuses(value: str | None) -> list[JobStatus]:
    if not value:
        return []
    try:
        return [JobStatus(v.strip()) for v in value.split(",") if v.strip()]
    except ValueError as exc:
        raise InvalidInput(
            f"Unknown status in {value!r}; choose from {[s.value for s in JobStatus]}."
        ) from exc


@router.get("", response_model=JobList)
def list_jobs(
    db: DbDep,
    settings: SettingsDep,
    status: Annotated[
        str | None, Query(description="Comma-separated statuses, e.g. ready,applied")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JobList:
    """Jobs, newest first, optionally filtered by status."""
    with db.session() as session:
        jobs, total = repo.list_jobs(session, _statuses(status), limit=limit, offset=offset)
        return JobList(jobs=pdfs.present(session, jobs, settings), total=total)


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    with db.session() as session:
        return pdfs.present(session, [repo.get_job(session, job_id)], settings)[0]


@router.patch("/{job_id}", response_model=JobPublic)
def update_job(job_id: str, update: JobUpdate, db: DbDep, settings: SettingsDep) -> JobPublic:
    """Edit the JD, tailored fields, project picks, theme, base resume or other listing fields;
    or set a status (discovered, skipped, applied, expired) through the transition table."""
    job = actions.update_job(db, job_id, update, actor=ACTOR, settings=settings)
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/process", response_model=JobPublic)
def process_job(
    job_id: str,
    db: DbDep,
    settings: SettingsDep,
    llm: TailoringLLMDep,
    force: Annotated[bool, Query(description="Re-tailor every field; allows a ready job")] = False,
) -> JobPublic:
    """Finalize & Move to Ready: tailor the missing fields, render the PDF, move to ready."""
    job = processing.process_job(db, job_id, llm, settings, actor=ACTOR, force=force)
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/summarize", response_model=JobPublic)
def summarize_job(
    job_id: str,
    db: DbDep,
    settings: SettingsDep,
    llm: TailoringLLMDep,
    force: Annotated[bool, Query(description="Regenerate fields the user edited too")] = False,
    fields: Annotated[
        str | None, Query(description="Subset: summary,headline,skills,projects")
    ] = None,
) -> JobPublic:
    """Regenerate the tailored fields from the current job description (no status change)."""
    job = tailoring.summarize_job(
        db, job_id, llm, settings.tailoring, fields=tailoring.parse_fields(fields), force=force
    )
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/rescore", response_model=JobPublic)
def rescore_job(job_id: str, db: DbDep, settings: SettingsDep, llm: ScoringLLMDep) -> JobPublic:
    """Score the job again against its base resume. A failure is recorded as scoreError (the
    previous score, if any, is kept) and answered with the error."""
    scoring.rescore_job(db, job_id, llm)
    with db.session() as session:
        return pdfs.present(session, [repo.get_job(session, job_id)], settings)[0]


@router.post("/{job_id}/generate-pdf", response_model=JobPublic)
def generate_pdf(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    """Render (or re-render) the tailored resume PDF for a discovered or ready job."""
    job = processing.generate_pdf(db, job_id, settings, actor=ACTOR)
    return pdfs.present_one(db, job, settings)


@router.get(
    "/{job_id}/pdf",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}},
)
def download_pdf(job_id: str, db: DbDep, settings: SettingsDep) -> FileResponse:
    """The job's current PDF (never a file outside the PDF folder), named like
    ``Jane_Doe_Acme_Backend_Engineer.pdf``."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        try:
            resume = repo.get_job_resume(session, job)[1]
        except NoBaseResume:
            resume = None
    if not job.pdf_path:
        raise PdfNotFound(f"Job {job_id} has no PDF yet; POST /api/jobs/{job_id}/generate-pdf.")
    path = Path(job.pdf_path).resolve()
    if not path.is_relative_to(settings.pdf_dir) or not path.is_file():
        raise PdfNotFound(f"The PDF of job {job_id} is missing; regenerate it.")
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=pdfs.download_name(resume, job),
        headers={"Cache-Control": "no-store"},
    )


@router.post(
    "/{job_id}/pdf",
    response_model=JobPublic,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def upload_pdf(job_id: str, request: Request, db: DbDep, settings: SettingsDep) -> JobPublic:
    """Use your own PDF for a discovered or ready job (body: the PDF bytes,
    ``content-type: application/pdf``, at most 10 MB). The job becomes ready."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/pdf":
        raise InvalidInput("Send the PDF as the request body with content-type: application/pdf.")
    content = bytearray()
    async for chunk in request.stream():
        content += chunk
        if len(content) > pdfs.MAX_UPLOAD_BYTES:
            raise InvalidInput("The PDF is larger than 10 MB.")
    job = pdfs.store_uploaded_pdf(db, job_id, bytes(content), settings, actor=ACTOR)
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/skip", response_model=JobPublic)
def skip_job(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    return pdfs.present_one(db, actions.skip_job(db, job_id, actor=ACTOR), settings)


@router.post("/{job_id}/apply", response_model=JobPublic)
def apply_job(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    return pdfs.present_one(db, actions.apply_job(db, job_id, actor=ACTOR), settings)
