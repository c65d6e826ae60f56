"""Housekeeping flows: recover jobs stuck in processing, expire stale jobs."""

from __future__ import annotations

from prefect import flow

from tasks.recovery import recover_stuck_jobs_task


@flow(name="recover-stuck-jobs", log_prints=False)
def recover_stuck_jobs_flow() -> int:
    """Return jobs left in processing past their lease (a crash, a kill) to where they came from."""
    return len(recover_stuck_jobs_task())
