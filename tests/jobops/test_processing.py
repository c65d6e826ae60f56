from __future__ import annotations

import pytest

from jobops import processing, repo, scoring, tailoring
from jobops.db import Database
from jobops.errors import Conflict, InvalidTransition, LLMUnavailable, RenderFailed
from jobops.lifecycle import JobStatus
from jobops.llm.base import JobBrief, Profile, ScoreResult, TailorRequest, TailorResult
from jobops.llm.offline import OfflineLLM
from jobops.resume.model import Resume
from jobops.settings import Settings
from tests.factories import add_job
from tests.pdf import pdf_text, stored_file


class BrokenLLM:
    provider, model = "fake", "broken"

    def score(self, profile: Profile, job: JobBrief) -> ScoreResult:
        raise LLMUnavailable("endpoint down after retries")

    def tailor(self, request: TailorRequest) -> TailorResult:
        raise LLMUnavailable("endpoint down after retries")


def _status(db: Database, job_id: str) -> str:
    with db.session() as session:
        return repo.get_job(session, job_id).status


def test_process_moves_a_discovered_job_to_ready_with_a_pdf(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db, title="Senior Backend Engineer", employer="Acme Rockets")
    done = processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
    assert done.status == "ready"
    assert done.ready_at
    assert done.processed_at
    assert done.tailored_headline == "Senior Backend Engineer"
    assert done.pdf_path
    assert stored_file(done.pdf_path).is_file()
    assert done.pdf_fingerprint
    text = pdf_text(done.pdf_path)
    assert "Senior Backend Engineer" in text
    assert "Acme Rockets" in text
    with db.session() as session:
        moves = [(e.from_status, e.to_status) for e in repo.job_events(session, job.id)]
    assert moves[1:] == [("discovered", "processing"), ("processing", "ready")]


def test_process_keeps_user_edits_unless_forced(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    with db.session() as session:
        repo.update_job_fields(
            session,
            repo.get_job(session, job.id),
            {"tailored_summary": "My own words.", "edited_fields": ["tailored_summary"]},
        )
    done = processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
    assert done.tailored_summary == "My own words."
    assert done.tailored_headline  # the missing fields were filled
    again = processing.process_job(db, job.id, OfflineLLM(), settings, actor="test", force=True)
    assert again.tailored_summary != "My own words."
    assert again.edited_fields == []


def test_process_refuses_a_ready_job_without_force(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
    with pytest.raises(InvalidTransition):
        processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")


def test_failed_tailoring_returns_the_job_to_discovered_with_the_error(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    with pytest.raises(LLMUnavailable):
        processing.process_job(db, job.id, BrokenLLM(), settings, actor="test")
    with db.session() as session:
        failed = repo.get_job(session, job.id)
    assert failed.status == "discovered"
    assert failed.process_error
    assert "llm_unavailable" in failed.process_error
    assert failed.pdf_path is None


def test_failed_regeneration_keeps_the_job_ready_and_its_old_pdf(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    ready = processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
    assert ready.pdf_path
    before = stored_file(ready.pdf_path).read_bytes()
    broken = settings.model_copy(update={"theme": "missing-theme"})
    with pytest.raises(RenderFailed):
        processing.generate_pdf(db, job.id, OfflineLLM(), broken, actor="test")
    with db.session() as session:
        after = repo.get_job(session, job.id)
    assert after.status == "ready"
    assert after.pdf_path == ready.pdf_path
    assert stored_file(after.pdf_path).read_bytes() == before
    assert after.process_error
    assert "render_failed" in after.process_error


def test_generate_pdf_refuses_applied_jobs(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    with db.session() as session:
        repo.transition_job(session, job.id, JobStatus.APPLIED, actor="t")
    with pytest.raises(InvalidTransition):
        processing.generate_pdf(db, job.id, OfflineLLM(), settings, actor="test")
    assert _status(db, job.id) == "applied"


def test_failed_score_is_recorded_never_invented(db: Database, stored_resume: Resume) -> None:
    job = add_job(db)
    with pytest.raises(LLMUnavailable):
        scoring.score_job(db, job.id, BrokenLLM())
    with db.session() as session:
        stored = repo.get_job(session, job.id)
        assert stored.suitability_score is None
        assert stored.score_error
        assert "endpoint down" in stored.score_error
        assert repo.unscored_job_ids(session) == [job.id]  # still queued for a retry
    ok = scoring.score_job(db, job.id, OfflineLLM())
    with db.session() as session:
        stored = repo.get_job(session, job.id)
    assert stored.suitability_score == ok.score
    assert stored.score_error is None
    assert stored.scored_by == "offline/relevance-v1"
    assert stored.score_details["relevance"]["model"] == "relevance-v1"  # type: ignore[index]


def test_summarize_only_for_discovered_or_ready(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job = add_job(db)
    with db.session() as session:
        repo.transition_job(session, job.id, JobStatus.SKIPPED, actor="t")
    with pytest.raises(Conflict):
        tailoring.summarize_job(db, job.id, OfflineLLM(), settings.tailoring)
