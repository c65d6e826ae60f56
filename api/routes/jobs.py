"""Job routes: each parses, calls one jobops function, and returns a public model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from api.deps import DbDep, ScoringLLMDep, SettingsDep, TailoringLLMDep
from jobops import actions, processing, repo, scoring, tailoring
from jobops.errors import InvalidInput, PdfNotFound
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
    status: Annotated[
        str | None, Query(description="Comma-separated statuses, e.g. ready,applied")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JobList:
    """Jobs, newest first, optionally filtered by status."""
    with db.session() as session:
        jobs, total = repo.list_jobs(session, _statuses(status), limit=limit, offset=offset)
        return JobList(jobs=[JobPublic.model_validate(j) for j in jobs], total=total)


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: str, db: DbDep) -> JobPublic:
    with db.session() as session:
        return JobPublic.model_validate(repo.get_job(session, job_id))


@router.patch("/{job_id}", response_model=JobPublic)
def update_job(job_id: str, update: JobUpdate, db: DbDep) -> JobPublic:
    """Edit the JD, tailored fields, project picks or other listing fields; or set a status
    (discovered, skipped, applied, expired) through the transition table."""
    return JobPublic.model_validate(actions.update_job(db, job_id, update, actor=ACTOR))


@router.post("/{job_id}/process", response_model=JobPublic)
def process_job(
    job_id: str,
    db: DbDep,
    settings: SettingsDep,
    llm: TailoringLLMDep,
    force: Annotated[bool, Query(description="Re-tailor every field; allows a ready job")] = False,
) -> JobPublic:
    """Finalize & Move to Ready: tailor the missing fields, render the PDF, move to ready."""
    return JobPublic.model_validate(
        processing.process_job(db, job_id, llm, settings, actor=ACTOR, force=force)
    )


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
    return JobPublic.model_validate(
        tailoring.summarize_job(
            db, job_id, llm, settings.tailoring, fields=tailoring.parse_fields(fields), force=force
        )
    )


@router.post("/{job_id}/rescore", response_model=JobPublic)
def rescore_job(job_id: str, db: DbDep, llm: ScoringLLMDep) -> JobPublic:
    """Score the job again against its base resume. A failure is recorded as scoreError (the
    previous score, if any, is kept) and answered with the error."""
    scoring.rescore_job(db, job_id, llm)
    with db.session() as session:
        return JobPublic.model_validate(repo.get_job(session, job_id))


@router.post("/{job_id}/generate-pdf", response_model=JobPublic)
def generate_pdf(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    """Render (or re-render) the tailored resume PDF for a discovered or ready job."""
    return JobPublic.model_validate(processing.generate_pdf(db, job_id, settings, actor=ACTOR))


@router.get(
    "/{job_id}/pdf",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}},
)
def download_pdf(job_id: str, db: DbDep, settings: SettingsDep) -> FileResponse:
    """The job's current PDF (never a file outside the PDF folder)."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
    if not job.pdf_path:
        raise PdfNotFound(f"Job {job_id} has no PDF yet; POST /api/jobs/{job_id}/generate-pdf.")
    path = Path(job.pdf_path).resolve()
    if not path.is_relative_to(settings.pdf_dir) or not path.is_file():
        raise PdfNotFound(f"The PDF of job {job_id} is missing; regenerate it.")
    name = f"{job.employer}_{job.title}".replace("/", "-")
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=f"{name}.pdf",
        headers={"Cache-Control": "no-store"},
    )


@router.post("/{job_id}/skip", response_model=JobPublic)
def skip_job(job_id: str, db: DbDep) -> JobPublic:
    return JobPublic.model_validate(actions.skip_job(db, job_id, actor=ACTOR))


@router.post("/{job_id}/apply", response_model=JobPublic)
def apply_job(job_id: str, db: DbDep) -> JobPublic:
    return JobPublic.model_validate(actions.apply_job(db, job_id, actor=ACTOR))
