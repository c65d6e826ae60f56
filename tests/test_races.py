"""Nothing lost under races and faults: every confirmed write stays, every job comes back.

Real concurrency (threads against the API, processes on the database) on SQLite, and on
PostgreSQL when ``JOBOPS_TEST_DATABASE_URL`` points at one (as ``.ci/run`` does).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from api.deps import get_tailoring_llm
from api.main import create_app
from api.routes.pipeline import get_launcher
from jobops import clock, context, owners, processing, recovery, repo, runs
from jobops.db import Database
from jobops.errors import ClaimLost
from jobops.llm.base import TailorRequest, TailorResult
from jobops.llm.offline import OfflineLLM
from jobops.models import Job, PipelineRun
from jobops.resume.model import Resume
from jobops.settings import Settings, get_settings
from tests.conftest import DEMO_FEED
from tests.factories import add_job


def _together(n: int, act: Callable[[int], Any]) -> list[Any]:
    """Run ``act(i)`` for i < n in n threads released at once; their results, in order."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = act(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _claim_as_run(db: Database, job_id: str, run_id: str = "run-1") -> str:
    with context.bind(pipeline_run_id=run_id):
        return repo.claim_of(processing.claim_job(db, job_id, actor="pipeline"))


def _status(db: Database, job_id: str) -> str:
    with db.session() as session:
        return repo.get_job(session, job_id).status


# ------------------------------------------------------------ a job belongs to its processor


def test_a_processing_job_refuses_every_change_but_its_processors(
    client: TestClient, db: Database, settings: Settings
) -> None:
    job = add_job(db)
    claim = _claim_as_run(db, job.id, "run-42")
    attempts = [
        ("patch", {"json": {"status": "discovered"}}, ""),
        ("patch", {"json": {"tailoredSummary": "mine"}}, ""),
        ("post", {}, "/skip"),
        ("post", {}, "/apply"),
        ("post", {}, "/summarize?force=true"),
        ("post", {}, "/rescore"),
        ("post", {}, "/generate-pdf"),
        ("delete", {}, ""),
    ]
    for method, kwargs, suffix in attempts:
        response = getattr(client, method)(f"/api/jobs/{job.id}{suffix}", **kwargs)
        assert response.status_code == 409, (suffix, response.text)
        body = response.json()
        assert body["code"] == "job_processing"
        assert "is being processed by pipeline run run-42" in body["detail"]
    done = processing.render_claimed_job(db, job.id, claim, settings, actor="pipeline")
    assert done.status == "ready" and done.claim_token is None


def test_a_processor_that_lost_its_claim_commits_nothing(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    stale = _claim_as_run(db, job.id, "run-old")
    assert recovery.release_claim(db, job.id, actor="recovery", why="lease expired")
    fresh = _claim_as_run(db, job.id, "run-new")
    with pytest.raises(ClaimLost):
        processing.render_claimed_job(db, job.id, stale, settings, actor="pipeline")
    assert processing.release_job(db, job.id, stale, actor="pipeline", error="x") is None
    with db.session() as session:
        still = repo.get_job(session, job.id)
    assert (still.status, still.claim_token, still.pdf_path) == ("processing", fresh, None)
    done = processing.render_claimed_job(db, job.id, fresh, settings, actor="pipeline")
    assert done.status == "ready"


# ------------------------------------------------------------------------- no lost updates


class _SlowTailor(OfflineLLM):
    """The offline tailoring, held until the test lets it answer."""

    def __init__(self) -> None:
        super().__init__()
        self.started, self.release = threading.Event(), threading.Event()

    def tailor(self, request: TailorRequest) -> TailorResult:
        self.started.set()
        assert self.release.wait(30)
        return super().tailor(request)


@pytest.fixture
def slow_client(db: Database, stored_resume: Resume) -> Iterator[tuple[TestClient, _SlowTailor]]:
    llm = _SlowTailor()
    app = create_app()
    app.dependency_overrides[get_tailoring_llm] = lambda: llm
    with TestClient(app) as client:
        yield client, llm


def test_a_patch_confirmed_during_summarize_is_never_lost(
    slow_client: tuple[TestClient, _SlowTailor], db: Database
) -> None:
    client, llm = slow_client
    job = add_job(db)
    answer: list[Any] = []
    summarize = threading.Thread(
        target=lambda: answer.append(client.post(f"/api/jobs/{job.id}/summarize"))
    )
    summarize.start()
    assert llm.started.wait(30)
    edit = client.patch(f"/api/jobs/{job.id}", json={"tailoredSummary": "My own words."})
    assert edit.status_code == 200
    llm.release.set()
    summarize.join(30)
    assert answer[0].status_code == 409, answer[0].text  # it read the job before the edit
    after = client.get(f"/api/jobs/{job.id}").json()
    assert after["tailoredSummary"] == "My own words."
    assert "tailoredSummary" in after["editedFields"]
    # and without force a later summarize keeps the edit
    llm.started.clear()
    again = client.post(f"/api/jobs/{job.id}/summarize")
    assert again.status_code == 200 and again.json()["tailoredSummary"] == "My own words."


def test_racing_edits_and_summaries_lose_no_confirmed_write(
    client: TestClient, db: Database
) -> None:
    """Twenty PATCHes and ten summaries at once: each answer is 200 or 409, and the job ends as
    the newest confirmed write left it."""
    job = add_job(db)

    def act(i: int) -> Any:
        if i % 3 == 2:
            return client.post(f"/api/jobs/{job.id}/summarize?force=true")
        return client.patch(f"/api/jobs/{job.id}", json={"tailoredSummary": f"edit {i}"})

    answers = _together(30, act)
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    confirmed = [a.json() for a in answers if a.status_code == 200]
    assert confirmed
    newest = max(confirmed, key=lambda body: body["version"])
    final = client.get(f"/api/jobs/{job.id}").json()
    assert final["version"] == newest["version"]
    assert final["tailoredSummary"] == newest["tailoredSummary"]


def test_sixteen_patches_of_one_job_url_are_200_or_409(client: TestClient, db: Database) -> None:
    jobs = [add_job(db) for _ in range(16)]
    url = "https://jobs.example.test/the-same-url"
    answers = _together(16, lambda i: client.patch(f"/api/jobs/{jobs[i].id}", json={"jobUrl": url}))
    codes = sorted(a.status_code for a in answers)
    assert set(codes) <= {200, 409}, [a.text for a in answers]
    assert codes.count(200) == 1
    with db.session() as session:
        holders = session.exec(select(Job).where(Job.job_url == url)).all()
    assert len(holders) == 1


def test_deletes_racing_renders_never_fail_and_never_delete_a_processing_job(
    client: TestClient, db: Database
) -> None:
    for _ in range(3):
        job = add_job(db)

        def act(i: int, job_id: str = job.id) -> Any:
            if i % 2:
                return client.delete(f"/api/jobs/{job_id}")
            return client.post(f"/api/jobs/{job_id}/generate-pdf")

        answers = _together(20, act)
        assert {a.status_code for a in answers} <= {200, 204, 404, 409}, [
            (a.status_code, a.text) for a in answers if a.status_code >= 500
        ]
        with db.session() as session:
            assert not session.exec(select(Job).where(Job.status == "processing")).all()
        assert client.delete(f"/api/jobs/{job.id}").status_code in (204, 404)
        # a render of a job deleted under it would have left its PDF behind: none did
        assert not (get_settings().pdf_dir / f"{job.id}.pdf").exists()


# ------------------------------------------------------------- every path that claims releases


@pytest.fixture
def full_pdf_dir(settings: Settings) -> Iterator[Path]:
    """The PDF folder on a 64 KiB tmpfs filled to the brim: a real full disk."""
    pdf_dir = settings.pdf_dir
    pdf_dir.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(pdf_dir)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        (pdf_dir / "filler").write_bytes(b"\0" * 60 * 1024)
        (pdf_dir / "filler-2").write_bytes(b"\0" * _free_bytes(pdf_dir))
        assert _free_bytes(pdf_dir) == 0
        yield pdf_dir
    finally:
        subprocess.run(["umount", "-l", str(pdf_dir)], check=False)


def _free_bytes(path: Path) -> int:
    import os

    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def test_a_full_disk_is_a_507_and_the_job_comes_back(
    client: TestClient, db: Database, full_pdf_dir: Path
) -> None:
    job = add_job(db)
    pdf = b"%PDF-1.4\n" + b"x" * 20_000
    upload = client.post(
        f"/api/jobs/{job.id}/pdf", content=pdf, headers={"content-type": "application/pdf"}
    )
    assert upload.status_code == 507, upload.text
    assert upload.json()["code"] == "storage_failed" and "disk is full" in upload.json()["detail"]
    render = client.post(f"/api/jobs/{job.id}/generate-pdf")
    assert render.status_code == 507, render.text
    after = client.get(f"/api/jobs/{job.id}").json()
    assert after["status"] == "discovered" and "storage_failed" in after["processError"]
    assert not [p for p in full_pdf_dir.iterdir() if not p.name.startswith("filler")]


# ----------------------------------------------------- recovery that knows who is alive


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _dead_owner() -> str:
    return owners.Owner(owners.this_process().host, _dead_pid(), "1").key


def _active_run(db: Database, run_id: str, owner: str) -> None:
    with db.session() as session:
        assert repo.insert_active_run(session, PipelineRun(id=run_id, owner=owner))


def test_a_dead_runs_slot_and_jobs_are_freed_at_once(
    db: Database, settings: Settings, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed mid-batch: a new run starts at once (no 30-minute wait), its jobs return."""
    job = add_job(db)
    _active_run(db, "killed-run", _dead_owner())
    _claim_as_run(db, job.id, "killed-run")
    monkeypatch.setenv("JOBOPS_SOURCES__FEEDS", f'["{DEMO_FEED}"]')
    get_settings.cache_clear()

    app = create_app()
    app.dependency_overrides[get_launcher] = lambda: _recording_launcher(db)
    with TestClient(app) as client:
        assert _status(db, job.id) == "discovered"  # API start released the dead run's job
        started = client.post("/api/pipeline/run")
        assert started.status_code == 202, started.text
        assert client.post("/api/pipeline/run").status_code == 409  # the new one holds it now
    with db.session() as session:
        killed = repo.get_run_or_fail(session, "killed-run")
    assert killed.status == "failed" and killed.active_slot is None


def test_cancel_ends_a_run_whose_process_is_gone(client: TestClient, db: Database) -> None:
    job = add_job(db)
    _active_run(db, "gone", _dead_owner())
    with context.bind(pipeline_run_id="gone"):
        processing.claim_job(db, job.id, actor="pipeline")
    cancelled = client.post("/api/pipeline/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert _status(db, job.id) == "discovered"
    with db.session() as session:
        assert repo.active_run(session) is None


def test_a_live_run_keeps_its_claims(db: Database, settings: Settings) -> None:
    job = add_job(db)
    _active_run(db, "alive", owners.this_process().key)
    _claim_as_run(db, job.id, "alive")
    assert recovery.recover_stuck_jobs(db, lease_minutes=30) == []
    assert _status(db, job.id) == "processing"
    with clock.pinned(clock.now() + timedelta(minutes=31)):
        # past the lease even a live holder's claim is released (it can no longer commit)
        assert recovery.recover_stuck_jobs(db, lease_minutes=30) == [job.id]


# ----------------------------------------------------------------------- one run at a time


def _recording_launcher(db: Database, launched: list[str] | None = None) -> runs.Launcher:
    """Stands in for ``jobops run``: after a moment, records its run as the flow does."""

    def launch(trigger_id: str, request: runs.RunRequest, settings: Settings) -> None:
        if launched is not None:
            launched.append(trigger_id)
        time.sleep(0.2)  # the placeholder holds the slot meanwhile
        runs.start_run(db, f"flow-{trigger_id[:8]}", {}, trigger_id, lease_minutes=30)

    return launch


def test_eight_concurrent_starts_make_one_run(
    db: Database, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBOPS_SOURCES__FEEDS", f'["{DEMO_FEED}"]')
    get_settings.cache_clear()
    launched: list[str] = []
    app = create_app()
    app.dependency_overrides[get_launcher] = lambda: _recording_launcher(db, launched)
    with TestClient(app) as client:
        answers = _together(8, lambda _i: client.post("/api/pipeline/run"))
    codes = sorted(a.status_code for a in answers)
    assert codes == [202] + [409] * 7, [a.text for a in answers]
    assert len(launched) == 1
    assert all(a.json()["code"] == "run_active" for a in answers if a.status_code == 409)


def test_the_cli_keeps_the_one_run_rule(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    _active_run(db, "someone-else", owners.this_process().key)
    result = CliRunner().invoke(app, ["run", "--feed", str(DEMO_FEED)])
    assert result.exit_code == 2
    assert "a pipeline run is already running (someone-else" in result.output
    with db.session() as session:
        holder = repo.get_run_or_fail(session, "someone-else")
        holder.owner = _dead_owner()
        session.add(holder)
    assert runs.live_run(db, lease_minutes=30) is None  # a dead holder no longer counts
