"""Expire stale jobs."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import analytics
from jobops.expiry import expire_jobs
from jobops.models import Job
from tasks.runtime import database, settings


@task(name="expire-jobs", cache_policy=NO_CACHE)
def expire_jobs_task() -> dict[str, str]:
    """Deadline passed, unlisted by its source for the last K crawls, or too old."""
    current = settings()

    def unseen(jobs: list[Job]) -> set[str]:
        gone = analytics.unlisted_urls(current.ledger_dir, current.expiry.unseen_crawls)
        return {job.id for job in jobs if job.canonical_url in gone}

    return expire_jobs(database(), max_age_days=current.expiry.max_age_days, unseen=unseen).expired
