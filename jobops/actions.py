"""Manual actions on one job: edit, skip, apply, reopen. Each is one short transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from jobops import pdfs, processing, repo, scoring, tracking
from jobops.db import Database
from jobops.errors import DuplicateJob, InvalidInput, JobOpsError, NoBaseResume
from jobops.lifecycle import JobStatus
from jobops.llm.base import LLMClient
from jobops.logs import get_logger
from jobops.models import (
    TAILORED_FIELDS,
    CamelInput,
    CamelModel,
    Job,
    JobPublic,
    JobUpdate,
    Resume,
    parse_project_ids,
)
from jobops.resume.render import available_themes
from jobops.settings import Settings

log = get_logger("actions")


@dataclass(frozen=True)
class Edited:
    """A job after an edit, and the webhook events the edit announces (e.g. ``job.applied``)."""

    job: Job
    events: tuple[str, ...] = ()


def update_job(
    db: Database, job_id: str, update: JobUpdate, *, actor: str, settings: Settings | None = None
) -> Edited:
    """Apply a PATCH: the fields sent are written (version-guarded); a status goes through the
    transition table (applied through :func:`jobops.tracking.mark_applied`, as POST /apply).
    Tailored and listing fields the user sends are remembered as edited."""
    sent = update.model_dump(exclude_unset=True)
    target = sent.pop("status", None)
    with db.session() as session:
        job = repo.get_job(session, job_id)
        repo.ensure_not_processing(job)  # it belongs to its processor until that is done
        if "job_url" in sent and repo.job_url_taken(session, sent["job_url"], except_id=job_id):
            raise DuplicateJob(f"Another job already has URL {sent['job_url']}.")
        if sent.get("theme") and settings is not None:
            themes = available_themes(settings.templates_dir)
            if sent["theme"] not in themes:
                raise InvalidInput(f"Unknown theme {sent['theme']!r}; choose from {themes}.")
        if sent.get("resume_id") and session.get(Resume, sent["resume_id"]) is None:
            raise InvalidInput(f"No stored resume with id {sent['resume_id']!r}.")
        if sent.get("selected_project_ids"):
            _check_project_ids(session, job, sent["selected_project_ids"], sent.get("resume_id"))
        changes: dict[str, Any] = {k: v for k, v in sent.items() if getattr(job, k) != v}
        edited = [f for f in EDITABLE_FIELDS if f in sent]
        if edited:
            changes["edited_fields"] = sorted({*job.edited_fields, *edited})
        if any(f in sent for f in TAILORED_FIELDS):
            changes.update(_stamp_tailoring(session, job, sent, changes.get("edited_fields", [])))
        job = repo.update_job_fields(session, job, changes)
        if target is None or JobStatus(target) is JobStatus(job.status):
            return Edited(job)
        if JobStatus(target) is JobStatus.APPLIED:
            job = tracking.mark_applied(session, job_id, actor=actor, reason="edited status")
            return Edited(job, (tracking.APPLIED_EVENT,))
        job = repo.transition_job(
            session,
            job_id,
            JobStatus(target),
            actor=actor,
            reason="edited status",
            values=_reopen_values(job, JobStatus(target)),
        )
        return Edited(job)


#: Fields a PATCH marks as the user's: tailoring keeps them unless forced, and a listing that
#: changes on its board does not overwrite them.
EDITABLE_FIELDS = (*TAILORED_FIELDS, *repo.LISTING_FIELDS)


def _stamp_tailoring(
    session: Any, job: Job, sent: dict[str, Any], edited: list[str]
) -> dict[str, Any]:
    """Tailored fields the user writes belong to the resume the job renders with. Fields left
    from another resume are cleared rather than printed beside them (one person per PDF)."""
    chosen = job.model_copy(update={"resume_id": sent["resume_id"]}) if "resume_id" in sent else job
    try:
        row, _ = repo.get_job_resume(session, chosen)
    except NoBaseResume:
        return {}
    stamp: dict[str, Any] = {"tailored_resume_id": row.id, "tailored_resume_revision": row.revision}
    if pdfs.tailoring_freshness(job, row) == "other_resume":
        stamp.update({f: None for f in TAILORED_FIELDS if f not in sent})
        stamp["edited_fields"] = [f for f in edited if f not in TAILORED_FIELDS or f in sent]
    return stamp


def _reopen_values(job: Job, target: JobStatus) -> dict[str, Any]:
    """Reopening an applied job ends its current application tracking (the history stays)."""
    if target is JobStatus.DISCOVERED and job.status == JobStatus.APPLIED.value:
        return {"current_stage": None, "outcome": None}
    return {}


def _check_project_ids(session: Any, job: Job, csv: str, resume_id: str | None) -> None:
    try:
        chosen = job.model_copy(update={"resume_id": resume_id}) if resume_id else job
        _, resume = repo.get_job_resume(session, chosen)
    except NoBaseResume:
        return
    known = resume.project_ids()
    unknown = [i for i in parse_project_ids(csv) if i not in known]
    if unknown:
        raise InvalidInput(f"Unknown project id(s) {unknown}; the base resume has {known}.")


def set_status(db: Database, job_id: str, target: JobStatus, *, actor: str, reason: str) -> Job:
    with db.session() as session:
        job = repo.get_job(session, job_id)
        return repo.transition_job(
            session, job_id, target, actor=actor, reason=reason, values=_reopen_values(job, target)
        )


def skip_job(db: Database, job_id: str, *, actor: str) -> Job:
    return set_status(db, job_id, JobStatus.SKIPPED, actor=actor, reason="skipped")


def delete_job(db: Database, job_id: str, settings: Settings) -> None:
    """Delete a job, its events, notes, stages, conversation and PDF."""
    with db.session() as session:
        job = repo.delete_job(session, job_id)
    file = pdfs.pdf_file(job, settings)
    if file is not None:
        file.unlink(missing_ok=True)


BulkAction = Literal["skip", "process", "rescore", "expire", "reopen"]


class BulkRequest(CamelInput):
    action: BulkAction
    job_ids: list[str] = Field(min_length=1, max_length=500)
    force: bool = Field(False, description="process: re-tailor and re-render ready jobs too")


class BulkError(CamelModel):
    code: str
    message: str


class BulkItem(CamelModel):
    job_id: str
    ok: bool
    job: JobPublic | None = None
    error: BulkError | None = None


class BulkResult(CamelModel):
    action: str
    requested: int
    succeeded: int
    failed: int
    results: list[BulkItem]


def run_bulk(
    db: Database,
    request: BulkRequest,
    settings: Settings,
    llm_for: Callable[[str], LLMClient],
    *,
    actor: str,
) -> BulkResult:
    """Apply one action to many jobs; each job succeeds or fails on its own."""
    job_ids = list(dict.fromkeys(request.job_ids))

    def one(job_id: str) -> Job:
        if request.action == "skip":
            return skip_job(db, job_id, actor=actor)
        if request.action == "expire":
            return set_status(db, job_id, JobStatus.EXPIRED, actor=actor, reason="expired (bulk)")
        if request.action == "reopen":
            return set_status(
                db, job_id, JobStatus.DISCOVERED, actor=actor, reason="reopened (bulk)"
            )
        if request.action == "process":
            return processing.process_job(
                db, job_id, llm_for("tailoring"), settings, actor=actor, force=request.force
            )
        scoring.rescore_job(
            db,
            job_id,
            llm_for("scoring"),
            max_description_chars=settings.llm.max_description_chars,
        )
        with db.session() as session:
            return repo.get_job(session, job_id)

    results: list[BulkItem] = []
    for job_id in job_ids:
        try:
            job = one(job_id)
            results.append(
                BulkItem(job_id=job_id, ok=True, job=pdfs.present_one(db, job, settings))
            )
        except JobOpsError as exc:
            results.append(
                BulkItem(
                    job_id=job_id, ok=False, error=BulkError(code=exc.code, message=exc.message)
                )
            )
        except Exception as exc:  # one broken job never stops the rest; the error is logged
            log.exception("bulk action failed", extra={"action": request.action, "jobId": job_id})
            results.append(
                BulkItem(
                    job_id=job_id,
                    ok=False,
                    error=BulkError(code="internal_error", message=type(exc).__name__),
                )
            )
    succeeded = sum(r.ok for r in results)
    return BulkResult(
        action=request.action,
        requested=len(job_ids),
        succeeded=succeeded,
        failed=len(results) - succeeded,
        results=results,
    )
