"""Starting, cancelling and following pipeline runs through the API."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.routes.pipeline import get_launcher
from jobops import repo
from jobops.db import Database
from jobops.lifecycle import JobStatus
from jobops.models import PipelineRun
from jobops.resume.model import Resume
from jobops.runs import RunRequest
from jobops.settings import Settings
from tests.conftest import DEMO_FEED


def _fake_launcher(db: Database, status: str = "running"):  # type: ignore[no-untyped-def]
    """Pretends to be ``jobops run``: records the run the way the flow does when it starts."""

    def launch(trigger_id: str, request: RunRequest, settings: Settings) -> None:
        with db.session() as session:
            repo.start_run(
                session, f"flow-run-{trigger_id[:8]}", {"minScore": request.min_score}, trigger_id
            )
            run = session.get(PipelineRun, f"flow-run-{trigger_id[:8]}")
            assert run is not None  # it took over the placeholder, and the one-run slot
            assert session.get(PipelineRun, f"pending-{trigger_id}") is None
            run.status = status

    return launch


@pytest.fixture
def app_client(
    db: Database, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("JOBOPS_SOURCES__FEEDS", json.dumps([str(DEMO_FEED)]))
    from jobops.settings import get_settings

    get_settings.cache_clear()
    app = create_app()
    app.dependency_overrides[get_launcher] = lambda: _fake_launcher(db)
    with TestClient(app) as client:
        yield client


def test_start_one_run_at_a_time_and_cancel(app_client: TestClient, db: Database) -> None:
    started = app_client.post("/api/pipeline/run", json={"minScore": 70})
    assert started.status_code == 202, started.text
    run_id = started.json()["pipelineRunId"]
    assert run_id.startswith("flow-run-")
    again = app_client.post("/api/pipeline/run")
    assert again.status_code == 409 and run_id in again.json()["detail"]

    snapshot = app_client.get("/api/pipeline/progress/snapshot").json()
    assert snapshot["running"] is True and snapshot["run"]["id"] == run_id
    cancelled = app_client.post("/api/pipeline/cancel").json()
    assert cancelled["id"] == run_id and cancelled["cancelRequested"] is True

    with db.session() as session:
        repo.finish_run(session, run_id, status="cancelled", error="Cancelled on request.")
    assert app_client.post("/api/pipeline/cancel").status_code == 409
    runs = app_client.get("/api/pipeline/runs").json()
    assert [r["id"] for r in runs] == [run_id] and runs[0]["status"] == "cancelled"
    detail = app_client.get(f"/api/pipeline/runs/{run_id}").json()
    assert detail["config"] == {"minScore": 70}
    assert detail["tokens"] == {"llmCalls": 0, "promptTokens": 0, "completionTokens": 0}
    assert app_client.get("/api/pipeline/runs/nope").status_code == 404
    assert app_client.post("/api/pipeline/run", json={"minScore": 101}).status_code == 422


def test_progress_stream_ends_when_the_run_has_finished(
    app_client: TestClient, db: Database
) -> None:
    run_id = app_client.post("/api/pipeline/run").json()["pipelineRunId"]
    from jobops.runs import record_progress

    record_progress(db, run_id, "score", 3, 30)
    with db.session() as session:
        repo.finish_run(session, run_id, status="completed")
    response = app_client.get("/api/pipeline/progress?maxSeconds=5")
    assert response.headers["content-type"].startswith("text/event-stream")
    blocks = [b for b in response.text.strip().split("\n\n") if b]
    names = [b.splitlines()[0].removeprefix("event: ") for b in blocks]
    assert names == ["progress", "finished"]
    data = json.loads(blocks[-1].splitlines()[1].removeprefix("data: "))
    assert data["run"]["progress"]["stage"] == "score" and data["running"] is False


def test_a_run_needs_sources_and_a_resume(db: Database) -> None:
    with TestClient(create_app()) as client:
        no_sources = client.post("/api/pipeline/run")
        assert no_sources.status_code == 422 and "No sources" in no_sources.json()["detail"]
        client.patch("/api/settings", json={"feeds": [str(DEMO_FEED)]})
        no_resume = client.post("/api/pipeline/run")
        assert no_resume.status_code == 409 and no_resume.json()["code"] == "no_base_resume"


def test_a_run_that_dies_at_start_is_an_error_and_frees_the_slot(
    db: Database, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBOPS_SOURCES__FEEDS", json.dumps([str(DEMO_FEED)]))
    from jobops.settings import get_settings

    get_settings.cache_clear()

    def dying(trigger_id: str, request: RunRequest, settings: Settings) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])

    app = create_app()
    app.dependency_overrides[get_launcher] = lambda: dying
    with TestClient(app) as client:
        failed = client.post("/api/pipeline/run")
        assert failed.status_code == 500 and "code 3" in failed.json()["detail"]
        app.dependency_overrides[get_launcher] = lambda: _fake_launcher(db)
        assert client.post("/api/pipeline/run").status_code == 202


@pytest.mark.slow
def test_a_real_run_started_through_the_api(
    db: Database, settings: Settings, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POST /api/pipeline/run starts `jobops run` in its own process; follow it to the end."""
    monkeypatch.setenv("JOBOPS_SOURCES__FEEDS", json.dumps([str(DEMO_FEED)]))
    from jobops.settings import get_settings

    get_settings.cache_clear()
    with TestClient(create_app()) as client:
        started = client.post("/api/pipeline/run", json={"topN": 1})
        assert started.status_code == 202, started.text
        run_id, trigger_id = started.json()["pipelineRunId"], started.json()["triggerId"]
        deadline = time.monotonic() + 180
        while run_id is None:  # a busy machine: Prefect took more than the 60 s answer to start
            assert time.monotonic() < deadline, "the run never recorded itself"
            time.sleep(0.5)
            found = [
                r["id"]
                for r in client.get("/api/pipeline/runs").json()
                if r["triggerId"] == trigger_id
            ]
            run_id = found[0] if found else None
        assert not run_id.startswith("pending-")
        while client.get("/api/pipeline/progress/snapshot").json()["running"]:
            assert time.monotonic() < deadline, "the run did not finish"
            time.sleep(0.5)
        run = client.get(f"/api/pipeline/runs/{run_id}").json()
    assert run["status"] == "completed", run
    assert run["new"] == 30 and run["processed"] == 1
    assert run["progress"]["stage"] == "tailor"
    assert run["config"]["requested"] == {"feeds": None, "minScore": None, "topN": 1}
    assert run["config"]["minScore"] == 50
    with db.session() as session:
        assert len(repo.list_jobs(session, [JobStatus.READY])[0]) == 1
