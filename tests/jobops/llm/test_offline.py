from __future__ import annotations

from jobops.llm.base import JobBrief, TailorRequest
from jobops.llm.offline import OfflineLLM
from jobops.redaction import minimise_profile
from jobops.resume.model import Resume
from jobops.skills import same_skill
from tests.factories import BACKEND_JD

NURSE_JD = "Registered nurse for an acute ward: patient care, medication rounds, NMC registration."


def test_a_matching_job_scores_far_above_an_unrelated_one(demo_resume: Resume) -> None:
    llm, profile = OfflineLLM(), minimise_profile(demo_resume)
    good = llm.score(
        profile, JobBrief(title="Backend Engineer", employer="A", description=BACKEND_JD)
    )
    bad = llm.score(profile, JobBrief(title="Registered Nurse", employer="B", description=NURSE_JD))
    assert good.score >= 70
    assert bad.score <= 15
    assert "Python" in good.matched_skills
    assert "Python" in good.reason
    assert bad.matched_skills == []


def test_scoring_is_deterministic(demo_resume: Resume) -> None:
    llm, profile = OfflineLLM(), minimise_profile(demo_resume)
    job = JobBrief(
        title="Go Backend Engineer", employer="A", description="Go, gRPC, PostgreSQL, Kafka"
    )
    assert llm.score(profile, job) == llm.score(profile, job)
    assert "Go" in llm.score(profile, job).missing_skills


def test_tailoring_uses_the_job_title_and_only_resume_skills(demo_resume: Resume) -> None:
    jd = BACKEND_JD + " Experience with Rust, Haskell and COBOL is a plus."
    result = OfflineLLM().tailor(
        TailorRequest(
            resume=demo_resume,
            job=JobBrief(title="Senior Backend Engineer", employer="Acme", description=jd),
            max_projects=2,
        )
    )
    assert result.headline == "Senior Backend Engineer"
    claimed = demo_resume.all_skill_keywords()
    produced = [k for g in result.skills for k in g.keywords]
    assert all(any(same_skill(k, c) for c in claimed) for k in produced)
    assert sorted(produced) == sorted(
        k for g in demo_resume.skills for k in g.keywords
    )  # nothing lost
    assert not {"Rust", "Haskell", "COBOL"} & set(produced)
    assert result.skills[0].keywords[0] in ("Python", "FastAPI", "PostgreSQL", "Kafka", "Docker")
    assert len(result.selected_project_ids) == 2
    assert set(result.selected_project_ids) <= set(demo_resume.project_ids())
    assert "Acme" in result.summary


def test_summary_respects_the_word_cap(demo_resume: Resume) -> None:
    result = OfflineLLM().tailor(
        TailorRequest(
            resume=demo_resume,
            job=JobBrief(title="Backend Engineer", employer="Acme", description=BACKEND_JD),
            summary_max_words=25,
        )
    )
    assert 0 < len(result.summary.split()) <= 25
