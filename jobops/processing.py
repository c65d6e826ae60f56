"""Moving a job to ready: claim it (-> processing), tailor, render, and finalize (-> ready).

Each step is a short transaction; the slow parts (LLM calls, Typst) run with no session open.
If tailoring or rendering fails, the job goes back to the status it came from with the error
recorded in ``process_error``; a ready job keeps its previous PDF, because new PDFs are written
atomically and the path only changes together with the ``ready`` status.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jobops import context, owners, repo
from jobops.db import Database
from jobops.errors import ClaimLost, InvalidInput, InvalidTransition, JobOpsError, NoBaseResume
from jobops.lifecycle import PROCESSABLE_FROM, JobStatus
from jobops.llm.base import LLMClient
from jobops.models import Job, new_id, utcnow
from jobops.pdfs import job_theme, tailoring_for, tailoring_freshness
from jobops.resume.render import render_pdf, write_atomically
from jobops.settings import Settings
from jobops.tailoring import tailor_job

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _claimant() -> str:
    """Who is claiming, in words, from the correlation ids bound for this work."""
    if run_id := context.pipeline_run_id.get():
        return f"pipeline run {run_id}"
    if flow_run_id := context.flow_run_id.get():
        return f"flow run {flow_run_id}"
    if request_id := context.request_id.get():
        return f"request {request_id}"
    return f"process {owners.this_process().pid}"


def claim_job(
    db: Database,
    job_id: str,
    *,
    actor: str,
    allowed: frozenset[JobStatus] = PROCESSABLE_FROM,
    reason: str | None = None,
    hint: str = "",
) -> Job:
    """Move a job to processing (compare-and-set) under a new claim: the returned job's
    ``claim_token`` is what finishes or releases it, and the claim records who holds it and
    which process (a dead one's claims are released by recovery at once). Raises
    InvalidTransition if the job is not in one of ``allowed``, or someone claimed it first."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        repo.ensure_not_processing(job)  # someone else holds it: say who
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
            values={
                "process_error": None,
                "claim_token": new_id(),
                "claimed_by": _claimant(),
                "claim_owner": owners.this_process().key,
            },
        )


def release_job(db: Database, job_id: str, claim: str, *, actor: str, error: str) -> Job | None:
    """Return a processing job to the status it came from, recording why; a claim that was
    already released (by recovery, say) is left alone and None returned."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if job.status != JobStatus.PROCESSING.value or repo.claim_of(job) != claim:
            return None
        origin = JobStatus(job.status_before_processing or JobStatus.DISCOVERED)
        return repo.transition_job(
            session,
            job_id,
            origin,
            actor=actor,
            reason=f"failed: {error}"[:2000],
            expected=JobStatus.PROCESSING,
            values={"process_error": error[:2000]},
            claim=claim,
        )


def render_claimed_job(
    db: Database,
    job_id: str,
    claim: str,
    settings: Settings,
    *,
    actor: str,
    timestamp: datetime | None = None,
) -> Job:
    """Render the PDF of a job this claim holds and move it to ready (only if it still holds
    the claim: otherwise ClaimLost, and nothing is written to the job)."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if job.status != JobStatus.PROCESSING.value:
            raise ClaimLost(f"Job {job_id} is {job.status}, no longer being processed.")
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
            claim=claim,
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
    job = claim_job(db, job_id, actor=actor, allowed=allowed, reason="process", hint=hint)
    return _finish(db, job, llm, settings, actor=actor, tailor=True, force=force)


def generate_pdf(
    db: Database, job_id: str, llm: LLMClient, settings: Settings, *, actor: str
) -> Job:
    """Render (or re-render) the PDF from the job's current tailored fields; fields written for
    another resume, or an earlier revision of this one, are tailored again first."""
    job = claim_job(db, job_id, actor=actor, reason="generate-pdf")
    return _finish(db, job, llm, settings, actor=actor, tailor=False, force=False)


def needs_tailoring(db: Database, job_id: str) -> bool:
    """True when the job's tailored fields were written for a resume it no longer renders with."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        try:
            row, _ = repo.get_job_resume(session, job)
        except NoBaseResume:
            return False
        return tailoring_freshness(job, row) in ("other_resume", "old_revision")


def failure_text(exc: BaseException) -> str:
    """How a failure is recorded on a job or a run: ``code: message``."""
    if isinstance(exc, JobOpsError):
        return f"{exc.code}: {exc.message}"
    return f"unexpected: {type(exc).__name__}: {exc}"


def _finish(
    db: Database,
    claimed: Job,
    llm: LLMClient | None,
    settings: Settings,
    *,
    actor: str,
    tailor: bool,
    force: bool,
) -> Job:
    """Tailor (if asked, or if the fields were written for another resume) and render a job
    this process has just claimed; any failure returns it to where it came from."""
    claim = repo.claim_of(claimed)
    try:
        if llm is not None and (tailor or needs_tailoring(db, claimed.id)):
            tailor_job(
                db,
                claimed.id,
                llm,
                settings.tailoring,
                force=force,
                only_missing=not force,
                max_description_chars=settings.llm.max_description_chars,
                claim=claim,
            )
        return render_claimed_job(db, claimed.id, claim, settings, actor=actor)
    except BaseException as exc:
        if not isinstance(exc, ClaimLost):
            release_job(db, claimed.id, claim, actor=actor, error=failure_text(exc))
        raise


def upload_pdf(db: Database, job_id: str, content: bytes, settings: Settings, *, actor: str) -> Job:
    """Use the user's own PDF for a discovered or ready job; the job becomes ready. Claimed
    like a render, so a failed write (a full disk: StorageFailed, 507) returns the job."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInput(f"The PDF is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    if not content.startswith(b"%PDF-"):
        raise InvalidInput("The upload is not a PDF (it does not start with %PDF-).")
    claimed = claim_job(
        db,
        job_id,
        actor=actor,
        reason="PDF upload",
        hint="Upload a PDF for a discovered or ready job.",
    )
    claim = repo.claim_of(claimed)
    path = pdf_path_for(settings, job_id)
    try:
        write_atomically(path, content)
        with db.session() as session:
            return repo.transition_job(
                session,
                job_id,
                JobStatus.READY,
                actor=actor,
                reason="PDF uploaded",
                expected=JobStatus.PROCESSING,
                claim=claim,
                values={
                    "pdf_path": settings.stored_path(path),
                    "pdf_source": "uploaded",
                    "pdf_fingerprint": None,
                    "pdf_generated_at": utcnow(),
                    "process_error": None,
                },
            )
    except BaseException as exc:
        if not isinstance(exc, ClaimLost):
            release_job(db, job_id, claim, actor=actor, error=f"upload failed: {failure_text(exc)}")
        raise
