"""Pipeline run records."""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import pipeline, repo, runs, webhooks
from tasks.runtime import database, settings


@task(name="start-run", cache_policy=NO_CACHE)
def start_run_task(run_id: str, config: dict[str, Any], trigger_id: str | None = None) -> None:
    """The run's record, holding the one-run slot (RunAlreadyActive while another runs)."""
    runs.start_run(
        database(), run_id, config, trigger_id, lease_minutes=settings().pipeline.lease_minutes
    )


@task(name="check-cancel", cache_policy=NO_CACHE)
def check_cancel_task(run_id: str) -> None:
    """Stop here (RunCancelled) if a cancel was requested."""
    runs.check_cancelled(database(), run_id)


@task(name="count-run", cache_policy=NO_CACHE)
def add_run_counts_task(run_id: str, counts: dict[str, int]) -> None:
    with database().session() as session:
        repo.add_run_counts(session, run_id, **counts)


@task(name="finish-run", cache_policy=NO_CACHE)
def finish_run_task(run_id: str, status: str, error: str | None = None) -> None:
    """End the run, free the slot, release whatever it still holds."""
    runs.finish_run(database(), run_id, status=status, error=error)


@task(name="summarize-run", cache_policy=NO_CACHE)
def summarize_run_task(
    run_id: str,
    *,
    scored_ids: list[str],
    processed_ids: list[str],
    source_errors: list[str],
    rejected: list[str],
    scored_by: str,
) -> pipeline.RunSummary:
    return pipeline.summarize_run(
        database(),
        run_id,
        scored_ids=scored_ids,
        processed_ids=processed_ids,
        source_errors=source_errors,
        rejected=rejected,
        scored_by=scored_by,
        settings=settings(),
    )


@task(name="notify", cache_policy=NO_CACHE)
def notify_run_task(event: str, run_id: str) -> int:
    """Send pipeline.completed / pipeline.failed; returns how many receivers took it."""
    with database().session() as session:
        run = repo.get_run(session, run_id)
    if run is None:
        return 0
    results = webhooks.deliver(settings().webhooks, webhooks.run_payload(event, run))
    return sum(r.ok for r in results)
