"""Pipeline runs: start one, cancel it, list them, follow progress (Server-Sent Events)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from api.deps import DbDep, SettingsDep
from jobops import runs
from jobops.analytics import SourceYield, source_yields
from jobops.db import Database

router = APIRouter(prefix="/api/pipeline", tags=["pipeline"])


def get_launcher() -> runs.Launcher:
    return runs.launch_cli_run


LauncherDep = Annotated[runs.Launcher, Depends(get_launcher)]


@router.post("/run", response_model=runs.RunStarted, status_code=202)
def start_run(
    db: DbDep, settings: SettingsDep, launcher: LauncherDep, request: runs.RunRequest | None = None
) -> runs.RunStarted:
    """Start a pipeline run over the configured sources (409 while one is starting or running).
    Answers once the run has its pipelineRunId (the Prefect flow run id)."""
    return runs.request_run(db, settings, request or runs.RunRequest(), launcher=launcher)


@router.post("/cancel", response_model=runs.PipelineRunPublic)
def cancel_run(db: DbDep, settings: SettingsDep) -> runs.PipelineRunPublic:
    """Ask the running run to stop; it stops between two steps and ends as cancelled. A run
    whose process is gone (killed) ends at once and its jobs are released."""
    run = runs.cancel_run(db, lease_minutes=settings.pipeline.lease_minutes)
    return runs.PipelineRunPublic.model_validate(run)


@router.get("/runs", response_model=list[runs.PipelineRunPublic])
def list_runs(
    db: DbDep, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[runs.PipelineRunPublic]:
    return [runs.PipelineRunPublic.model_validate(r) for r in runs.list_runs(db, limit)]


@router.get("/runs/{run_id}", response_model=runs.PipelineRunPublic)
def get_run(run_id: str, db: DbDep) -> runs.PipelineRunPublic:
    """One run: status, requested and effective config, counts per stage and per source."""
    return runs.get_run(db, run_id)


@router.get("/sources", response_model=list[SourceYield])
def sources(
    settings: SettingsDep, limit: Annotated[int, Query(ge=1, le=2000)] = 200
) -> list[SourceYield]:
    """What each source returned per run (from the crawl ledger), newest first."""
    return source_yields(settings.ledger_dir, limit=limit)


def _snapshot(db: Database) -> dict[str, object]:
    run = runs.latest_run(db)
    if run is None:
        return {"running": False, "run": None}
    public = runs.PipelineRunPublic.model_validate(run).model_dump(mode="json", by_alias=True)
    return {"running": run.status in runs.ACTIVE, "run": public}


@router.get("/progress/snapshot")
def progress_snapshot(db: DbDep) -> dict[str, object]:
    """The latest run and whether it is still going."""
    return _snapshot(db)


@router.get(
    "/progress",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def progress_stream(
    db: DbDep, max_seconds: Annotated[float, Query(alias="maxSeconds", ge=1, le=3600)] = 3600
) -> StreamingResponse:
    """Server-Sent Events: ``progress`` whenever the latest run changes, then ``finished``."""

    def events() -> Iterator[str]:
        last = None
        deadline = time.monotonic() + max_seconds
        while time.monotonic() < deadline:
            snapshot = _snapshot(db)
            if snapshot != last:
                last = snapshot
                yield f"event: progress\ndata: {json.dumps(snapshot)}\n\n"
            if not snapshot["running"]:
                yield f"event: finished\ndata: {json.dumps(snapshot)}\n\n"
                return
            time.sleep(0.5)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
