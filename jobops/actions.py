"""Manual actions on one job: edit, skip, apply, reopen. Each is one short transaction."""

from __future__ import annotations

from typing import Any

from jobops import repo
from jobops.db import Database
from jobops.errors import Conflict, DuplicateJob, InvalidInput, NoBaseResume
from jobops.lifecycle import JobStatus
from jobops.models import TAILORED_FIELDS, Job, JobUpdate, Resume, parse_project_ids
from jobops.resume.render import available_themes
from jobops.settings import Settings


def update_job(
    db: Database, job_id: str, update: JobUpdate, *, actor: str, settings: Settings | None = None
) -> Job:
    """Apply a PATCH: the fields sent are written (version-guarded); a status goes through the
    transition table. Tailored fields the user sends are remembered as edited."""
    sent = update.model_dump(exclude_unset=True)
    target = sent.pop("status", None)
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if sent and job.status == JobStatus.PROCESSING.value:
            raise Conflict(f"Job {job_id} is being processed; edit it once it is done.")
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
        edited = [f for f in TAILORED_FIELDS if f in sent]
        if edited:
            changes["edited_fields"] = sorted({*job.edited_fields, *edited})
        job = repo.update_job_fields(session, job, changes)
        if target is not None and JobStatus(target) is not JobStatus(job.status):
            job = repo.transition_job(
                session, job_id, JobStatus(target), actor=actor, reason="edited status"
            )
        return job


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
        return repo.transition_job(session, job_id, target, actor=actor, reason=reason)


def skip_job(db: Database, job_id: str, *, actor: str) -> Job:
    return set_status(db, job_id, JobStatus.SKIPPED, actor=actor, reason="skipped")


def apply_job(db: Database, job_id: str, *, actor: str) -> Job:
    return set_status(db, job_id, JobStatus.APPLIED, actor=actor, reason="marked applied")
