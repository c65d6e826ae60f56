"""After applying: the stages of an application and its outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field
from sqlmodel import Session, col, select

from jobops import repo
from jobops.db import Database
from jobops.errors import Conflict
from jobops.lifecycle import JobStatus
from jobops.models import CamelInput, CamelModel, Job, StageEvent, utcnow

Stage = Literal["recruiter_screen", "assessment", "interview", "onsite", "offer", "closed"]
Outcome = Literal["offer_accepted", "offer_declined", "rejected", "withdrawn", "ghosted"]


class StageCreate(CamelInput):
    stage: Stage
    outcome: Outcome | None = None
    note: str | None = Field(None, max_length=4000)
    occurred_at: datetime | None = None


class StagePublic(CamelModel):
    id: int
    job_id: str
    stage: str
    outcome: str | None
    note: str | None
    actor: str
    occurred_at: datetime


#: The webhook event a job moving to applied announces, however it got there.
APPLIED_EVENT = "job.applied"


def mark_applied(session: Session, job_id: str, *, actor: str, reason: str) -> Job:
    """The one way a job becomes applied (POST /apply, PATCH status, bulk): the status change and
    the first stage of post-application tracking, in the caller's transaction."""
    job = repo.transition_job(
        session,
        job_id,
        JobStatus.APPLIED,
        actor=actor,
        reason=reason,
        values={"current_stage": "applied", "outcome": None},
    )
    session.add(StageEvent(job_id=job_id, stage="applied", actor=actor))
    return job


def apply_job(db: Database, job_id: str, *, actor: str) -> Job:
    """Mark applied (see :func:`mark_applied`); the caller announces :data:`APPLIED_EVENT`."""
    with db.session() as session:
        return mark_applied(session, job_id, actor=actor, reason="marked applied")


def record_stage(db: Database, job_id: str, stage: StageCreate, *, actor: str) -> StageEvent:
    """A later step (interview, offer, closed ...). Only for applied jobs."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if job.status != JobStatus.APPLIED.value:
            raise Conflict(f"Job {job_id} is {job.status}; stages are recorded for applied jobs.")
        occurred = stage.occurred_at or utcnow()
        if occurred.tzinfo is None:
            raise Conflict("occurredAt needs a timezone (e.g. 2026-11-29T10:00:00Z).")
        event = StageEvent(
            job_id=job_id,
            stage=stage.stage,
            outcome=stage.outcome,
            note=stage.note,
            actor=actor,
            occurred_at=occurred,
        )
        session.add(event)
        session.flush()
        latest = session.exec(
            select(StageEvent)
            .where(StageEvent.job_id == job_id)
            .order_by(col(StageEvent.occurred_at).desc(), col(StageEvent.id).desc())
        ).first()
        changes: dict[str, object] = {}
        if latest is not None and latest.id == event.id:
            changes["current_stage"] = stage.stage
        if stage.outcome:
            changes["outcome"] = stage.outcome
        repo.update_job_fields(session, job, changes)
        session.refresh(event)
        return event


def list_stages(db: Database, job_id: str) -> list[StageEvent]:
    with db.session() as session:
        repo.get_job(session, job_id)
        query = (
            select(StageEvent)
            .where(StageEvent.job_id == job_id)
            .order_by(col(StageEvent.occurred_at), col(StageEvent.id))
        )
        return list(session.exec(query).all())
