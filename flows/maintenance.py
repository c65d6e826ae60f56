"""Housekeeping flows: recover jobs stuck in processing, expire stale jobs."""

from __future__ import annotations

from prefect import flow

from tasks.expiry import expire_jobs_task
from tasks.recovery import recover_stuck_jobs_task


@flow(name="recover-stuck-jobs", log_prints=False)
def recover_stuck_jobs_flow() -> int:
    """Return jobs left in processing past their lease (a crash, a kill) to where they came from."""
    return len(recover_stuck_jobs_task())


@flow(name="expire-jobs", log_prints=False)
def expire_jobs_flow() -> int:
    """Expire discovered and ready jobs whose deadline passed, whose source stopped listing them,
    or that are older than the maximum age. Applied and skipped jobs are never expired."""
    return len(expire_jobs_task())
