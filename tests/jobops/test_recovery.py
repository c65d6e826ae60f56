"""A render killed with SIGKILL leaves the job in processing; recovery returns it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from jobops import repo
from jobops.db import Database
from jobops.recovery import recover_stuck_jobs
from jobops.resume.model import Resume
from jobops.settings import PROJECT_ROOT, Settings
from tests.factories import add_job
from tests.pdf import stored_file

KILLED_RENDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import jobops.resume.render as render
    from jobops import processing
    from jobops.db import Database
    from jobops.llm.offline import OfflineLLM
    from jobops.settings import get_settings

    def half_written(path: Path, content: bytes) -> None:
        tmp = path.parent / f".{path.name}.killed.tmp"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(content[: len(content) // 2])
        print("RENDERING", flush=True)
        time.sleep(60)

    render.write_atomically = half_written
    settings = get_settings()
    db = Database(settings.resolved_database_url, migrate=False)
    processing.process_job(db, sys.argv[1], OfflineLLM(), settings, actor="doomed")
    """
)


def test_sigkill_mid_render_then_recovery(
    db: Database, settings: Settings, stored_resume: Resume, tmp_path: Path
) -> None:
    job = add_job(db)
    script = tmp_path / "render.py"
    script.write_text(KILLED_RENDER)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(script), job.id], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "RENDERING"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()

    with db.session() as session:
        stuck = repo.get_job(session, job.id)
    assert stuck.status == "processing"
    assert stuck.pdf_path is None
    assert list(settings.pdf_dir.glob(".*.tmp"))  # the half-written temporary file

    # its holder is dead: released at once, not after the lease, its temporary file with it
    assert recover_stuck_jobs(db, lease_minutes=60, pdf_dir=settings.pdf_dir) == [job.id]
    with db.session() as session:
        back = repo.get_job(session, job.id)
        events = repo.job_events(session, job.id)
    assert back.status == "discovered"
    assert back.pdf_path is None
    assert back.process_error
    assert "no longer running" in back.process_error
    assert events[-1].actor == "recovery"
    assert "no longer running" in (events[-1].reason or "")
    assert not list(settings.pdf_dir.glob(".*.tmp"))
    assert not (settings.pdf_dir / f"{job.id}.pdf").exists()


def test_a_stuck_regeneration_returns_to_ready_with_its_old_pdf(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from jobops import processing
    from jobops.lifecycle import JobStatus
    from jobops.llm.offline import OfflineLLM

    job = add_job(db)
    ready = processing.process_job(db, job.id, OfflineLLM(), settings, actor="t")
    with db.session() as session:
        repo.transition_job(session, job.id, JobStatus.PROCESSING, actor="t")
    assert recover_stuck_jobs(db, lease_minutes=1e-9) == [job.id]
    with db.session() as session:
        back = repo.get_job(session, job.id)
    assert back.status == "ready"
    assert back.pdf_path == ready.pdf_path
    assert stored_file(back.pdf_path or "").is_file()
