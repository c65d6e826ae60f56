"""Keep the base resume in sync with Reactive Resume."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops.resume.rxresume import sync_resume
from tasks.runtime import database, retry_on_transient, settings


@task(
    name="sync-resume",
    retries=1,
    retry_delay_seconds=5,
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def sync_resume_task() -> str:
    """Refresh the base resume from Reactive Resume; returns what happened, for the summary."""
    return sync_resume(database(), settings().rxresume).message
