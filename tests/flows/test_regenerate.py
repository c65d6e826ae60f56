"""The regenerate-stale flow on a real Prefect engine."""

from __future__ import annotations

import pytest

from jobops import pdfs, processing, repo
from jobops.db import Database
from jobops.llm.offline import OfflineLLM
from jobops.resume.model import Resume
from jobops.settings import Settings
from tests.factories import add_job

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def test_only_stale_ready_pdfs_are_regenerated(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from flows.regenerate import regenerate_stale_flow

    jobs = [add_job(db) for _ in range(3)]
    for job in jobs:
        processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
    with db.session() as session:
        stale = repo.get_job(session, jobs[0].id)
        repo.update_job_fields(session, stale, {"tailored_summary": "Edited after rendering."})
    assert pdfs.stale_ready_jobs(db, settings) == [jobs[0].id]

    assert regenerate_stale_flow() == {"stale": 1, "regenerated": 1, "failed": 0}
    assert pdfs.stale_ready_jobs(db, settings) == []
    with db.session() as session:
        events = repo.job_events(session, jobs[0].id)
        untouched = repo.job_events(session, jobs[1].id)
    assert [e.actor for e in events[-2:]] == ["regenerate-stale", "regenerate-stale"]
    assert all(e.actor != "regenerate-stale" for e in untouched)
