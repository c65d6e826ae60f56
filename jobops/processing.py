"""Moving a job to ready: claim it (-> processing), tailor, render, and finalize (-> ready).

Each step is a short transaction; the slow parts (LLM calls, Typst) run with no session open.
If tailoring or rendering fails, the job goes back to the status it came from with the error
recorded in ``process_error``; a ready job keeps its previous PDF, because new PDFs are written
atomically and the path only changes together with the ``ready`` status.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jobops import repo
from jobops.db import Database
from jobops.errors import InvalidTransition, JobOpsError, NoBaseResume
from jobops.lifecycle import PROCESSABLE_FROM, JobStatus
from jobops.llm.base import LLMClient
from jobops.models import Job, utcnow
from jobops.pdfs import job_theme, tailoring_for, tailoring_freshness
from jobops.resume.render import render_pdf
from jobops.settings import Settings
from jobops.tailoring import tailor_job


def claim_job(
    db: Database,
    job_id: str,
    *,
    actor: str,
    allowed: frozenset[JobStatus] = PROCESSABLE_FROM,
    reason: str | None = None,
    hint: str = "",
) -> Job:
    """Move a job to processing (compare-and-set). Raises InvalidTransition if it is not in
    one of ``allowed`` statuses, or if someone else claimed it first."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if JobStatus(job.status) not in allowed:
            raise InvalidTransition(
                job_id,
                job.status,
                JobStatus.PROCESSING,
                f"It must be {' or '.join(sorted(allowed))}. {hint}".strip(),
            )
        return repo.transition_job(
            session,
            job_id,
            JobStatus.PROCESSING,
            actor=actor,
            reason=reason,
            expected=JobStatus(job.status),
            values={"process_error": None},
        )


def release_job(db: Database, job_id: str, *, actor: str, error: str) -> Job:
    """Return a processing job to the status it came from, recording why."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        origin = JobStatus(job.status_before_processing or JobStatus.DISCOVERED)
        return repo.transition_job(
            session,
            job_id,
            origin,
            actor=actor,
            reason=f"failed: {error}"[:2000],
            expected=JobStatus.PROCESSING,
            values={"process_error": error[:2000]},
        )


def render_claimed_job(
    db: Database, job_id: str, settings: Settings, *, actor: str, timestamp: datetime | None = None
) -> Job:
    """Render the PDF of a processing job and move it to ready."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if job.status != JobStatus.PROCESSING.value:
            raise InvalidTransition(
                job_id, job.status, JobStatus.READY, "Only a processing job is rendered."
            )
        row, resume = repo.get_job_resume(session, job)
    tailoring = tailoring_for(job, settings, resume, row)
    rendered = render_pdf(
        resume,
        tailoring,
        templates_dir=settings.templates_dir,
        theme=job_theme(job, settings),
        out_path=pdf_path_for(settings, job_id),
        timestamp=timestamp,
    )
    with db.session() as session:
        return repo.transition_job(
            session,
            job_id,
            JobStatus.READY,
            actor=actor,
            reason="PDF rendered",
            expected=JobStatus.PROCESSING,
            values={
                "pdf_path": settings.stored_path(rendered.path),
                "pdf_fingerprint": rendered.fingerprint,
                "pdf_generated_at": utcnow(),
                "pdf_source": "generated",
                "process_error": None,
            },
        )


def pdf_path_for(settings: Settings, job_id: str) -> Path:
    return settings.pdf_dir / f"{job_id}.pdf"


def process_job(
    db: Database,
    job_id: str,
    llm: LLMClient,
    settings: Settings,
    *,
    actor: str,
    force: bool = False,
) -> Job:
    """ "Finalize & Move to Ready": tailor what is missing (everything with ``force``), render.

    A discovered job only; a ready job with ``force`` (re-tailor and re-render).
    """
    allowed = PROCESSABLE_FROM if force else frozenset({JobStatus.DISCOVERED})
    hint = "" if force else "Use force=true to re-tailor and re-render a ready job."
    claim_job(db, job_id, actor=actor, allowed=allowed, reason="process", hint=hint)
    return _finish(db, job_id, llm, settings, actor=actor, tailor=True, force=force)


def generate_pdf(
    db: Database, job_id: str, llm: LLMClient, settings: Settings, *, actor: str
) -> Job:
    """Render (or re-render) the PDF from the job's current tailored fields; fields written for
    another resume, or an earlier revision of this one, are tailored again first."""
    claim_job(db, job_id, actor=actor, reason="generate-pdf")
    return _finish(db, job_id, llm, settings, actor=actor, tailor=False, force=False)


def needs_tailoring(db: Database, job_id: str) -> bool:
    """True when the job's tailored fields were written for a resume it no longer renders with."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        try:
            row, _ = repo.get_job_resume(session, job)
        except NoBaseResume:
            return False
        return tailoring_freshness(job, row) in ("other_resume", "old_revision")


def _finish(
    db: Database,
    job_id: str,
    llm: LLMClient | None,
    settings: Settings,
    *,
    actor: str,
    tailor: bool,
    force: bool,
) -> Job:
    try:
        if llm is not None and (tailor or needs_tailoring(db, job_id)):
            tailor_job(
                db,
                job_id,
                llm,
                settings.tailoring,
                force=force,
                only_missing=not force,
                max_description_chars=settings.llm.max_description_chars,
            )
        return render_claimed_job(db, job_id, settings, actor=actor)
    except JobOpsError as exc:
        release_job(db, job_id, actor=actor, error=f"{exc.code}: {exc.message}")
        raise
    except Exception as exc:
        release_job(db, job_id, actor=actor, error=f"unexpected: {type(exc).__name__}: {exc}")
        raise
