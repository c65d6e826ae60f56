"""Expire stale jobs."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context
from jobops.expiry import expire_by_settings
from tasks.runtime import database, settings


@task(name="expire-jobs", cache_policy=NO_CACHE)
def expire_jobs_task(run_id: str | None = None, actor: str = "expiry") -> dict[str, str]:
    """Deadline passed, unlisted by its source for the last K crawls, or too old."""
    with context.bind(pipeline_run_id=run_id):
        return expire_by_settings(database(), settings(), actor=actor).expired
