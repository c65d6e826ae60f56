"""Housekeeping flows: recover jobs stuck in processing, expire stale jobs."""

from __future__ import annotations

from prefect import flow

from flows.observability import flow_run_scope
from jobops.logs import get_logger
from tasks.expiry import expire_jobs_task
from tasks.recovery import recover_stuck_jobs_task

log = get_logger("flows.maintenance")


@flow(name="recover-stuck-jobs", log_prints=False)
def recover_stuck_jobs_flow() -> int:
    """Return jobs left in processing past their lease (a crash, a kill) to where they came from."""
    with flow_run_scope():
        recovered = recover_stuck_jobs_task()
        log.info("recovered %d stuck job(s)", len(recovered), extra={"jobIds": recovered})
        return len(recovered)


@flow(name="expire-jobs", log_prints=False)
def expire_jobs_flow() -> int:
    """Expire discovered and ready jobs whose deadline passed, whose source stopped listing them,
    or that are older than the maximum age. Applied and skipped jobs are never expired."""
    with flow_run_scope():
        expired = expire_jobs_task()
        log.info("expired %d job(s)", len(expired), extra={"expired": expired})
        return len(expired)
