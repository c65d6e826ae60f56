"""Return jobs whose processing lease ran out."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops.recovery import recover_stuck_jobs
from tasks.runtime import database, settings


@task(name="recover-stuck-jobs", cache_policy=NO_CACHE)
def recover_stuck_jobs_task() -> list[str]:
    current = settings()
    return recover_stuck_jobs(
        database(), lease_minutes=current.pipeline.lease_minutes, pdf_dir=current.pdf_dir
    )
