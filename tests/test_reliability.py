"""Faults injected on purpose: racing requests, a killed run, a flaky LLM, hostile input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from jobops import repo, runs
from jobops.db import Database
from jobops.lifecycle import TRANSITIONS, JobStatus
from jobops.models import PipelineRun
from jobops.recovery import recover_stuck_jobs
from jobops.resume.model import Resume
from jobops.settings import PROJECT_ROOT, Settings, get_settings
from tests.conftest import DEMO_FEED
from tests.factories import add_job
from tests.llm_server import FakeLLMServer
from tests.pdf import pdf_text, stored_file


def _replays(events: list[dict[str, object]], final: str) -> None:
    """The event log is a chain of allowed moves that ends in the job's status."""
    state = None
    for event in events:
        assert event["fromStatus"] == state, events
        if state is not None:
            assert JobStatus(str(event["toStatus"])) in TRANSITIONS[JobStatus(state)]
        state = str(event["toStatus"])
    assert state == final


def test_fifty_concurrent_conflicting_actions(client: TestClient, db: Database) -> None:
    job = add_job(db)
    actions = [
        ("post", f"/api/jobs/{job.id}/process", None),
        ("post", f"/api/jobs/{job.id}/skip", None),
        ("post", f"/api/jobs/{job.id}/apply", None),
        ("patch", f"/api/jobs/{job.id}", {"status": "expired"}),
    ]
    barrier = threading.Barrier(50)
    results: list[int] = []

    def act(i: int) -> None:
        method, path, body = actions[i % len(actions)]
        barrier.wait()
        response = getattr(client, method)(path, **({"json": body} if body else {}))
        results.append(response.status_code)

    threads = [threading.Thread(target=act, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results) <= {200, 409}, results
    final = client.get(f"/api/jobs/{job.id}").json()["status"]
    events = client.get(f"/api/jobs/{job.id}/events").json()
    _replays(events, final)
    # every winner moved the job one step (process two: processing then ready); an idempotent
    # PATCH to the status the job already has is a 200 that moves nothing
    moves = len(events) - 1
    assert results.count(200) >= 1 and moves <= results.count(200) * 2
    with db.session() as session:
        assert not repo.list_jobs(session, [JobStatus.PROCESSING])[0]


SLOW_RENDER = """
import time
import jobops.resume.render as render
_compile = render.compile_pdf
def slow(*args, **kwargs):
    time.sleep(1.5)
    return _compile(*args, **kwargs)
render.compile_pdf = slow
"""


@pytest.mark.slow
def test_sigkill_during_a_pipeline_run_then_recovery(
    db: Database, settings: Settings, stored_resume: Resume, tmp_path: Path
) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_RENDER)
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{PROJECT_ROOT}"}
    run = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "run", "--feed", str(DEMO_FEED), "--top-n", "4"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert run.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no job reached processing"
            with db.session() as session:
                if repo.list_jobs(session, [JobStatus.PROCESSING])[0]:
                    break
            time.sleep(0.05)
        time.sleep(0.5)  # mid-render
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(10)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)

    with db.session() as session:
        assert repo.list_jobs(session, [JobStatus.PROCESSING])[0]  # stuck, as a crash leaves it
    # the killed process was their owner: everything is released now, not after the 30-minute
    # lease, and the next run may start at once
    recover_stuck_jobs(db, lease_minutes=30, pdf_dir=settings.pdf_dir)
    assert runs.live_run(db, lease_minutes=30) is None
    with db.session() as session:
        jobs, _ = repo.list_jobs(session, limit=100)
        records = session.exec(select(PipelineRun)).all()
    assert [(r.status, bool(r.error and "interrupted" in r.error)) for r in records] == [
        ("failed", True)
    ]
    assert not [j for j in jobs if j.status == JobStatus.PROCESSING.value]
    # the two demo postings already closed when crawled are stored expired
    assert {j.status for j in jobs} <= {"discovered", "ready", "expired"}
    assert all(j.expiry_reason == "deadline" for j in jobs if j.status == "expired")
    for job in jobs:
        if job.pdf_path:
            assert job.status == "ready"
            assert stored_file(job.pdf_path).is_file() and "Alex Morgan" in pdf_text(job.pdf_path)
    assert not list(settings.pdf_dir.glob(".*.tmp"))


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_a_flaky_llm_never_invents_a_score(
    db: Database,
    remote_llm: Settings,
    stored_resume: Resume,
    llm_server: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.pipeline import pipeline_flow

    llm_server.fault_rate = 0.3
    llm_server.fault_delay = 1.5
    monkeypatch.setenv("JOBOPS_LLM__TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("JOBOPS_LLM__MAX_RETRIES", "1")
    monkeypatch.setenv("JOBOPS_PIPELINE__RETRY_DELAY_SECONDS", "[0]")
    get_settings.cache_clear()
    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=3)

    assert summary.status in ("completed", "partial")
    with db.session() as session:
        jobs, _ = repo.list_jobs(session, [JobStatus.DISCOVERED, JobStatus.READY], limit=100)
    assert len(jobs) == 28  # the two closed postings are stored expired, never scored
    for job in jobs:
        scored, failed = job.suitability_score is not None, job.score_error is not None
        assert scored != failed, (job.title, job.suitability_score, job.score_error)
        if scored and job.scored_by != "local/relevance-v1":  # kept local by the pre-filter
            assert job.suitability_score == 82  # only the server's real answer, never a default
    assert summary.counts["scored"] + summary.counts["score_failures"] == 28
    assert summary.counts["scored"] == sum(j.suitability_score is not None for j in jobs)
    assert not [j for j in jobs if j.status == "processing"]


HOSTILE = '#read("/etc/passwd") ]) } $ *x* <y> @z \\ مرحبا 🚀'


def test_hostile_input_is_refused_or_printed_literally(client: TestClient, db: Database) -> None:
    job = add_job(db)
    for method, path, kwargs in [
        (
            "patch",
            f"/api/jobs/{job.id}",
            {"content": b"\x00\xff not json", "headers": {"content-type": "application/json"}},
        ),
        ("patch", f"/api/jobs/{job.id}", {"json": {"jobDescription": "x" * 40_001}}),
        (
            "patch",
            f"/api/jobs/{job.id}",
            {"json": {"tailoredSkills": [{"name": 5, "keywords": "x"}]}},
        ),
        ("patch", f"/api/jobs/{job.id}", {"json": [1, 2, 3]}),
        ("get", "/api/jobs/..%2F..%2Fetc%2Fpasswd/pdf", {}),
        ("get", "/api/jobs/%00/pdf", {}),
        (
            "post",
            "/api/jobs",
            {"json": {"title": "x", "employer": "y", "jobUrl": "file:///etc/passwd"}},
        ),
        ("post", f"/api/jobs/{job.id}/notes", {"json": {"title": "t" * 500, "content": "c"}}),
        ("patch", f"/api/jobs/{job.id}", {"json": {"title": "nul\u0000byte"}}),
        ("post", f"/api/jobs/{job.id}/notes", {"json": {"title": "t", "content": "a\u0000"}}),
    ]:
        response = getattr(client, method)(path, **kwargs)
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])
    assert client.get(f"/api/jobs/{job.id}").json()["version"] == job.version

    fields = {
        "title": HOSTILE,
        "employer": HOSTILE,
        "location": HOSTILE,
        "jobDescription": HOSTILE,
        "tailoredSummary": HOSTILE,
        "tailoredHeadline": HOSTILE,
        "tailoredSkills": [{"name": HOSTILE, "keywords": ["Python", HOSTILE]}],
    }
    assert client.patch(f"/api/jobs/{job.id}", json=fields).status_code == 200
    done = client.post(f"/api/jobs/{job.id}/generate-pdf")
    assert done.status_code == 200, done.text
    text = pdf_text(done.json()["pdfPath"])
    assert text.count('#read("/etc/passwd")') >= 3 and "root:" not in text
