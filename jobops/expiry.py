"""Expiring discovered and ready jobs: a passed deadline, a source that stopped listing them, or
an age past the maximum. Applied and skipped jobs are never expired.

Deadlines are free text in listings; common formats are understood (ISO dates and times,
"31 January 2027", "Jan 20, 2027", "15.01.2027", "28/02/2027" — slashes are read day-first, as
most boards outside the US write them). A deadline that cannot be read never expires a job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from jobops import clock, repo
from jobops.db import Database
from jobops.errors import InvalidTransition
from jobops.lifecycle import JobStatus
from jobops.models import Job

EXPIRABLE = (JobStatus.DISCOVERED, JobStatus.READY)
_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%d-%m-%Y",
    "%B %Y",
    "%b %Y",
)


def parse_deadline(text: str | None) -> date | None:
    """The date in a free-text deadline, or None when it cannot be read."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw, flags=re.I)
    cleaned = re.sub(r"[,]", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class ExpiryResult:
    expired: dict[str, str]  # job id -> reason


def expire_jobs(
    db: Database,
    *,
    max_age_days: int,
    unseen: Callable[[list[Job]], set[str]] | None = None,
    today: date | None = None,
    actor: str = "expiry",
) -> ExpiryResult:
    """Expire every discovered or ready job that is past its deadline, unlisted by its source
    (``unseen`` returns the ids its source no longer lists), or older than ``max_age_days``."""
    today = today or clock.today()
    oldest = datetime.combine(today - timedelta(days=max_age_days), datetime.min.time(), UTC)
    with db.session() as session:
        jobs = list(
            session.exec(select(Job).where(col(Job.status).in_([s.value for s in EXPIRABLE]))).all()
        )
    gone = unseen(jobs) if unseen else set()
    reasons: dict[str, str] = {}
    for job in jobs:
        deadline = parse_deadline(job.deadline)
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
