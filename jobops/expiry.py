"""Expiring discovered and ready jobs: a passed deadline, a source that stopped listing them, or
an age past the maximum. Applied and skipped jobs are never expired.

Deadlines are free text in listings, read by :func:`jobops.deadlines.parse_deadline`: a deadline
that cannot be read safely (``ASAP``, or an ambiguous ``03/04/2027`` whose day/month order is not
configured by ``JOBOPS_EXPIRY__SLASH_DATES``) never expires a job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from jobops import clock, repo
from jobops.db import Database
from jobops.deadlines import SlashDates, parse_deadline
from jobops.errors import InvalidTransition
from jobops.lifecycle import JobStatus
from jobops.models import Job
from jobops.settings import get_settings

EXPIRABLE = (JobStatus.DISCOVERED, JobStatus.READY)


@dataclass(frozen=True)
class ExpiryResult:
    expired: dict[str, str]  # job id -> reason


def expire_jobs(
    db: Database,
    *,
    max_age_days: int,
    unseen: Callable[[list[Job]], set[str]] | None = None,
    today: date | None = None,
    slash_dates: SlashDates | None = None,
    actor: str = "expiry",
) -> ExpiryResult:
    """Expire every discovered or ready job that is past its deadline, unlisted by its source
    (``unseen`` returns the ids its source no longer lists), or older than ``max_age_days``.

    ``slash_dates`` is the day/month order of slash deadlines (default: the configured
    ``expiry.slash_dates``)."""
    today = today or clock.today()
    order = slash_dates or get_settings().expiry.slash_dates
    oldest = datetime.combine(today - timedelta(days=max_age_days), datetime.min.time(), UTC)
    with db.session() as session:
        jobs = list(
            session.exec(select(Job).where(col(Job.status).in_([s.value for s in EXPIRABLE]))).all()
        )
    gone = unseen(jobs) if unseen else set()
    reasons: dict[str, str] = {}
    for job in jobs:
        deadline = parse_deadline(job.deadline, slash_dates=order)
        if deadline is not None and deadline < today:
            reasons[job.id] = f"deadline passed ({job.deadline})"
        elif job.id in gone:
            reasons[job.id] = "no longer listed by its source"
        elif job.discovered_at < oldest:
            reasons[job.id] = f"discovered more than {max_age_days} days ago"
    expired: dict[str, str] = {}
    for job_id, reason in reasons.items():
        with db.session() as session:
            try:
                repo.transition_job(session, job_id, JobStatus.EXPIRED, actor=actor, reason=reason)
            except InvalidTransition:
                continue  # moved meanwhile (e.g. applied): leave it
        expired[job_id] = reason
    return ExpiryResult(expired=expired)
