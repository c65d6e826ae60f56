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

from jobops import analytics, clock, repo
from jobops.db import Database
from jobops.deadlines import SlashDates, parse_deadline
from jobops.errors import InvalidTransition
from jobops.lifecycle import ExpiryReason, JobStatus
from jobops.models import Job
from jobops.settings import Settings

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
    slash_dates: SlashDates = "unknown",
    actor: str = "expiry",
) -> ExpiryResult:
    """Expire every discovered or ready job that is past its deadline, unlisted by its source
    (``unseen`` returns the ids its source no longer lists), or older than ``max_age_days``.
    ``slash_dates`` is the day/month order of slash deadlines (``expiry.slash_dates``)."""
    today = today or clock.today()
    oldest = datetime.combine(today - timedelta(days=max_age_days), datetime.min.time(), UTC)
    with db.session() as session:
        jobs = list(
            session.exec(select(Job).where(col(Job.status).in_([s.value for s in EXPIRABLE]))).all()
        )
    gone = unseen(jobs) if unseen else set()
    reasons: dict[str, tuple[ExpiryReason, str]] = {}
    for job in jobs:
        deadline = parse_deadline(job.deadline, slash_dates=slash_dates)
        if deadline is not None and deadline < today:
            reasons[job.id] = (ExpiryReason.DEADLINE, f"deadline passed ({job.deadline})")
        elif job.id in gone:
            reasons[job.id] = (ExpiryReason.UNLISTED, "no longer listed by its source")
        elif job.discovered_at < oldest:
            reasons[job.id] = (ExpiryReason.AGE, f"discovered more than {max_age_days} days ago")
    expired: dict[str, str] = {}
    for job_id, (why, reason) in reasons.items():
        with db.session() as session:
            try:
                repo.transition_job(
                    session,
                    job_id,
                    JobStatus.EXPIRED,
                    actor=actor,
                    reason=reason,
                    values={"expiry_reason": why.value},
                )
            except InvalidTransition:
                continue  # moved meanwhile (e.g. applied): leave it
        expired[job_id] = reason
    return ExpiryResult(expired=expired)


def expire_by_settings(db: Database, settings: Settings, *, actor: str = "expiry") -> ExpiryResult:
    """:func:`expire_jobs` with the configured maximum age and the crawl ledger's rule: a job its
    source has not listed in its last ``expiry.unseen_crawls`` successful crawls is unlisted."""

    def unseen(jobs: list[Job]) -> set[str]:
        gone = analytics.unlisted_urls(settings.ledger_dir, settings.expiry.unseen_crawls)
        return {job.id for job in jobs if job.canonical_url in gone}

    return expire_jobs(
        db,
        max_age_days=settings.expiry.max_age_days,
        unseen=unseen,
        slash_dates=settings.expiry.slash_dates,
        actor=actor,
    )
