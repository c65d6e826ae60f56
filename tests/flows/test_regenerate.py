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


def test_a_new_default_resume_gives_pdfs_of_one_person_each(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    """The demo, then a second person's resume made the default, then regenerate-stale: every
    PDF is hers alone (her name, her summary and skills), none mixes in the demo person."""
    from flows.regenerate import regenerate_stale_flow
    from jobops.resume.importers import parse_resume
    from tests.jobops.resume.test_importers import JSON_RESUME_DOC
    from tests.pdf import pdf_text

    jobs = [add_job(db, title=f"Data Engineer {n}") for n in range(3)]
    his = {
        job.id: processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
        for job in jobs
    }
    fmt, sam = parse_resume(JSON_RESUME_DOC)
    with db.session() as session:
        repo.add_resume(session, fmt, sam, make_default=True)
    assert sorted(pdfs.stale_ready_jobs(db, settings)) == sorted(j.id for j in jobs)

    assert regenerate_stale_flow() == {"stale": 3, "regenerated": 3, "failed": 0}
    alex = stored_resume
    for job in jobs:
        with db.session() as session:
            done = repo.get_job(session, job.id)
            row, _ = repo.get_job_resume(session, done)
        assert pdfs.tailoring_freshness(done, row) == "current" and row.name == sam.basics.name
        text = pdf_text(done.pdf_path or "")
        assert "Sam Rivera" in text and "Airflow" in text  # her name, her skills
        assert "Alex Morgan" not in text and alex.experience[0].company not in text
        assert "Kubernetes" not in text  # a skill of his only
        assert (his[job.id].tailored_summary or "x")[:60] not in text  # nor his tailored summary
    assert pdfs.stale_ready_jobs(db, settings) == []
