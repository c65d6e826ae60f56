"""Scoring services without Prefect: the local pre-filter and what a local score stores."""

from __future__ import annotations

from jobops import repo, scoring
from jobops.db import Database
from jobops.llm.offline import OfflineLLM
from jobops.resume.model import Resume
from tests.factories import BACKEND_JD, add_job

NURSE_JD = "Registered nurse for an acute ward: patient care, medication rounds, NMC registration."


def test_the_prefilter_keeps_weak_and_surplus_jobs_local(
    db: Database, stored_resume: Resume
) -> None:
    best = add_job(db, title="Senior Backend Engineer", jobDescription=BACKEND_JD)
    second = add_job(
        db, title="Java Backend Engineer", jobDescription="Java, Spring Boot, Kafka and PostgreSQL."
    )
    nurse = add_job(db, title="Registered Nurse", jobDescription=NURSE_JD)
    ids = [nurse.id, second.id, best.id]

    result = scoring.prefilter_jobs(
        db, ids, OfflineLLM(), local_cut=25, max_llm=1, model="relevance-v1"
    )

    assert result.to_llm == [best.id]  # the best local score, whatever the order given
    assert sorted(result.kept_local) == sorted([second.id, nurse.id])
    assert (result.below_cut, result.over_cap, result.saved_calls) == (1, 1, 2)
    with db.session() as session:
        sent = repo.get_job(session, best.id)
        kept = repo.get_job(session, second.id)
        weak = repo.get_job(session, nurse.id)
    assert sent.suitability_score is None and sent.scored_by is None  # the LLM will score it
    assert kept.scored_by == weak.scored_by == "local/relevance-v1"
    assert "past the 1 LLM calls" in kept.score_details["prefilter"]["why"]  # type: ignore[index]
    assert "below the local cut of 25" in weak.score_details["prefilter"]["why"]  # type: ignore[index]
    assert (weak.suitability_score or 0) < 25 <= (kept.suitability_score or 0)
    assert weak.score_details["relevance"]["postingReadsAs"]  # type: ignore[index]
    with db.session() as session:
        assert repo.unscored_job_ids(session) == [best.id]  # the only one still to score


def test_no_llm_calls_allowed_keeps_every_job_local(db: Database, stored_resume: Resume) -> None:
    job = add_job(db, title="Senior Backend Engineer", jobDescription=BACKEND_JD)
    result = scoring.prefilter_jobs(
        db, [job.id], OfflineLLM(), local_cut=0, max_llm=0, model="relevance-v1"
    )
    assert result.to_llm == [] and result.kept_local == [job.id] and result.over_cap == 1
