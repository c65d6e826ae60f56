"""Pipeline runs requested through the API: start one (never two at once), cancel it, follow it.

A run requested here is started as ``jobops run`` in its own process, which runs the Prefect flow;
the request waits until the flow has recorded its run (its id is the Prefect flow run id) and
answers with it. While a run is starting or running, another request is a 409. Cancelling sets a
flag the flow checks between steps; the run then ends as ``cancelled``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import Field
from sqlalchemy import delete, update
from sqlmodel import col, select

from jobops import owners, recovery, repo
from jobops.db import Database
from jobops.errors import Conflict, InvalidInput, JobOpsError, NotFound, RunAlreadyActive
from jobops.models import CamelInput, CamelModel, PipelineRun, utcnow
from jobops.settings import PROJECT_ROOT, Settings
from jobops.sources.registry import configured_sources

ACTIVE = ("starting", "running")


class RunCancelled(JobOpsError):
    """The run was cancelled on request."""

    code = "cancelled"
    http_status = 409


class RunRequest(CamelInput):
    min_score: int | None = Field(None, ge=0, le=100)
    top_n: int | None = Field(None, ge=0, le=500)


class PipelineRunPublic(CamelModel):
    id: str
    status: str
    started_at: datetime
    completed_at: datetime | None
    crawled: int
    rejected: int
    new: int
    duplicates: int
    updated: int
    expired: int
    scored: int
    score_failures: int
    selected: int
    processed: int
    failed: int
    error: str | None
    config: dict[str, Any]
    source_stats: dict[str, Any]
    progress: dict[str, Any]
    cancel_requested: bool
    trigger_id: str | None
    tokens: dict[str, int] = Field(default_factory=dict, description="LLM calls and tokens")


class RunStarted(CamelModel):
    pipeline_run_id: str | None
    trigger_id: str
    status: str


Launcher = Callable[[str, RunRequest, Settings], "subprocess.Popen[bytes] | None"]


def active_run(db: Database) -> PipelineRun | None:
    """The run holding the one-run slot, if any."""
    with db.session() as session:
        return repo.active_run(session)


def live_run(db: Database, *, lease_minutes: float) -> PipelineRun | None:
    """The run holding the slot if it is alive (a dead one is closed on the way)."""
    recovery.close_dead_runs(db, lease_minutes=lease_minutes)
    return active_run(db)


def start_run(
    db: Database,
    run_id: str,
    config: dict[str, Any],
    trigger_id: str | None,
    *,
    lease_minutes: float,
) -> PipelineRun:
    """A flow's run record, holding the one-run slot (taking over its API placeholder). A run
    whose process died is closed first, so a killed run never blocks the next one;
    RunAlreadyActive (409) while a live run holds the slot, however this one was started."""
    recovery.close_dead_runs(db, lease_minutes=lease_minutes)
    with db.session() as session:
        return repo.start_run(session, run_id, config, trigger_id, owner=owners.this_process().key)


def launch_cli_run(
    trigger_id: str, request: RunRequest, settings: Settings
) -> subprocess.Popen[bytes]:
    """Start ``jobops run`` in its own process (its output goes to data/logs/run-<trigger>.log)."""
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "cli.main", "run", "--trigger-id", trigger_id]
    if request.min_score is not None:
        command += ["--min-score", str(request.min_score)]
    if request.top_n is not None:
        command += ["--top-n", str(request.top_n)]
    env = {
        **os.environ,
        "JOBOPS_DATA_DIR": str(settings.data_dir.resolve()),
        "JOBOPS_DATABASE_URL": settings.resolved_database_url,
    }
    with (log_dir / f"run-{trigger_id}.log").open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def request_run(
    db: Database,
    settings: Settings,
    request: RunRequest,
    *,
    launcher: Launcher = launch_cli_run,
    wait_seconds: float = 60.0,
) -> RunStarted:
    """Start a run unless one is active (409); wait until it has its pipelineRunId."""
    if not configured_sources(settings.sources):
        raise InvalidInput(
            "No sources are configured: set feeds or boards (PATCH /api/settings with feeds, or "
            "JOBOPS_SOURCES__GREENHOUSE / __LEVER / __ASHBY / __RSS)."
        )
    if not settings.rxresume.configured:
        with db.session() as session:
            repo.get_default_resume(session)  # NoBaseResume (409) before anything starts
    trigger_id = str(uuid.uuid4())
    recovery.close_dead_runs(db, lease_minutes=settings.pipeline.lease_minutes)
    placeholder = PipelineRun(
        id=f"pending-{trigger_id}",
        status="starting",
        trigger_id=trigger_id,
        config={"requested": request.model_dump(by_alias=True)},
        owner=owners.this_process().key,  # until the run's own process is known
    )
    with db.session() as session:  # the slot decides: of racing requests, one wins
        if not repo.insert_active_run(session, placeholder):
            holder = repo.active_run(session)
            what = f"{holder.status} ({holder.id})" if holder else "starting"
            raise RunAlreadyActive(f"A pipeline run is already {what}; one runs at a time.")
    try:
        process = launcher(trigger_id, request, settings)
    except OSError as exc:
        _drop_placeholder(db, trigger_id)
        raise JobOpsError(f"Could not start the run: {exc}") from exc
    if process is not None:
        _set_placeholder_owner(db, trigger_id, owners.of_pid(process.pid).key)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        with db.session() as session:
            run = session.exec(
                select(PipelineRun).where(
                    PipelineRun.trigger_id == trigger_id, PipelineRun.status != "starting"
                )
            ).first()
        if run is not None:
            return RunStarted(pipeline_run_id=run.id, trigger_id=trigger_id, status=run.status)
        if process is not None and process.poll() is not None:
            _drop_placeholder(db, trigger_id)
            raise JobOpsError(
                f"The run exited before it started (code {process.returncode}); see "
                f"{settings.data_dir / 'logs' / f'run-{trigger_id}.log'}."
            )
        time.sleep(0.2)
    return RunStarted(pipeline_run_id=None, trigger_id=trigger_id, status="starting")


def _set_placeholder_owner(db: Database, trigger_id: str, owner: str) -> None:
    with db.session() as session:
        session.execute(
            update(PipelineRun)
            .where(col(PipelineRun.id) == f"pending-{trigger_id}")
            .values(owner=owner)
        )


def _drop_placeholder(db: Database, trigger_id: str) -> None:
    with db.session() as session:
        session.execute(delete(PipelineRun).where(col(PipelineRun.id) == f"pending-{trigger_id}"))


def adopt_trigger(db: Database, trigger_id: str | None) -> None:
    """Called by the flow once it has a run record: the placeholder is no longer needed."""
    if trigger_id:
        _drop_placeholder(db, trigger_id)


def finish_run(db: Database, run_id: str, *, status: str, error: str | None = None) -> None:
    """End a run (freeing the one-run slot) and release any job it still holds: a run that
    failed or was cancelled mid-batch leaves nothing in processing."""
    with db.session() as session:
        repo.finish_run(session, run_id, status=status, error=error)
    recovery.release_run_claims(db, run_id, actor="pipeline", why=f"pipeline run {status}")


def cancel_run(db: Database, *, lease_minutes: float = 30) -> PipelineRun:
    """Ask the active run to stop between steps; a run whose process is gone is ended now (its
    jobs released), so a cancel never waits on a run that cannot answer."""
    with db.session() as session:
        run = repo.active_run(session)
        if run is None:
            raise Conflict("No pipeline run is running.")
        if not recovery.run_is_dead(run, lease_minutes=lease_minutes):
            run.cancel_requested = True
            session.add(run)
            session.flush()
            return run
        ended = repo.finish_run(
            session, run.id, status="cancelled", error="Cancelled: its process was gone."
        )
    recovery.release_run_claims(
        db, ended.id, actor="cancel", why=f"pipeline run {ended.id} is gone"
    )
    return ended


def check_cancelled(db: Database, run_id: str) -> None:
    """Raise RunCancelled if a cancel was requested for this run."""
    with db.session() as session:
        run = session.get(PipelineRun, run_id)
        if run is not None:
            session.refresh(run)
            if run.cancel_requested:
                raise RunCancelled()


def record_progress(db: Database, run_id: str, stage: str, done: int, total: int) -> None:
    with db.session() as session:
        run = session.get(PipelineRun, run_id)
        if run is not None:
            run.progress = {
                "stage": stage,
                "done": done,
                "total": total,
                "updatedAt": utcnow().isoformat(),
            }
            session.add(run)


def list_runs(db: Database, limit: int = 20) -> list[PipelineRun]:
    with db.session() as session:
        return list(
            session.exec(
                select(PipelineRun)
                .where(col(PipelineRun.status) != "starting")
                .order_by(col(PipelineRun.started_at).desc())
                .limit(limit)
            ).all()
        )


def get_run(db: Database, run_id: str) -> PipelineRunPublic:
    """One run with what its LLM calls cost."""
    with db.session() as session:
        run = session.get(PipelineRun, run_id)
        if run is None:
            raise NotFound(f"No pipeline run {run_id!r}.")
        public = PipelineRunPublic.model_validate(run)
        public.tokens = repo.run_token_usage(session, run_id)
        return public


def latest_run(db: Database) -> PipelineRun | None:
    with db.session() as session:
        return session.exec(
            select(PipelineRun).order_by(col(PipelineRun.started_at).desc())
        ).first()


def log_path(settings: Settings, trigger_id: str) -> Path:
    return settings.data_dir / "logs" / f"run-{trigger_id}.log"
