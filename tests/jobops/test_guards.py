from __future__ import annotations

import pytest

from jobops.guards import guard_tailoring, unknown_organisations
from jobops.llm.base import JobBrief, TailorRequest, TailorResult
from jobops.llm.offline import OfflineLLM
from jobops.redaction import job_brief
from jobops.resume.model import Resume, SkillGroup
from jobops.sources.file import read_feed
from tests.conftest import DEMO_FEED

JOB = JobBrief(
    title="Senior Backend Engineer", employer="Acme Rockets", description="Python, Kafka"
)


def _clean(resume: Resume, **changes: object) -> TailorResult:
    base = TailorResult(
        headline="Senior Backend Engineer",
        summary="Backend engineer building Python services on PostgreSQL.",
        skills=[SkillGroup(name="Backend", keywords=["Python", "FastAPI"])],
        selected_project_ids=["p1"],
    )
    return base.model_copy(update=changes)


def test_clean_output_passes_untouched(demo_resume: Resume) -> None:
    result = _clean(demo_resume)
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert report.dropped == []
    assert repaired == result


def test_fabricated_skills_are_dropped_and_aliases_kept(demo_resume: Resume) -> None:
    result = _clean(
        demo_resume,
        skills=[
            SkillGroup(name="Backend", keywords=["Python", "Rust", "postgres", "Haskell"]),
            SkillGroup(name="Invented", keywords=["COBOL"]),
        ],
    )
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.skills == [SkillGroup(name="Backend", keywords=["Python", "PostgreSQL"])]
    assert sorted(report.dropped) == sorted(
        [
            "skills: dropped 'Rust' (not in the base resume)",
            "skills: dropped 'Haskell' (not in the base resume)",
            "skills: dropped 'COBOL' (not in the base resume)",
        ]
    )


def test_only_fabricated_skills_fall_back_to_the_base_resume(demo_resume: Resume) -> None:
    result = _clean(demo_resume, skills=[SkillGroup(name="X", keywords=["Fortran"])])
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.skills == demo_resume.skills
    assert any("using the base resume" in d for d in report.dropped)


@pytest.mark.parametrize(
    "sentence",
    [
        "Previously led the payments team at Globex Corporation.",
        "Spent four years at Initech building billing.",
        "Graduated from Springfield University with honours.",
        "Built the data platform for Wayne Enterprises.",
    ],
)
def test_invented_employers_and_schools_are_dropped(demo_resume: Resume, sentence: str) -> None:
    result = _clean(demo_resume, summary=f"Backend engineer building Python services. {sentence}")
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.summary == "Backend engineer building Python services."
    assert len(report.dropped) == 1
    assert "not in the resume" in report.dropped[0]


def test_real_employers_the_target_and_skills_are_allowed(demo_resume: Resume) -> None:
    text = (
        "Scaled ingestion at Larchfield Logistics. Keen to join Acme Rockets. "
        "Works with Kafka and PostgreSQL for Senior Backend Engineer roles."
    )
    assert (
        unknown_organisations(
            text,
            [e.company for e in demo_resume.experience]
            + ["Acme Rockets", "Kafka", "PostgreSQL", "Senior Backend Engineer"],
        )
        == []
    )


@pytest.mark.parametrize(
    "leak", ["As an AI language model, I think this fits.", "Here is your tailored summary:"]
)
def test_llm_leaks_are_dropped(demo_resume: Resume, leak: str) -> None:
    result = _clean(demo_resume, summary=f"{leak} Backend engineer building Python services.")
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.summary == "Backend engineer building Python services."
    assert "boilerplate" in report.dropped[0]


def test_a_summary_with_nothing_valid_falls_back(demo_resume: Resume) -> None:
    result = _clean(demo_resume, summary="Here is your summary. Email me at someone@else.test.")
    repaired, _ = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.summary == demo_resume.summary


def test_foreign_contact_details_are_dropped(demo_resume: Resume) -> None:
    result = _clean(demo_resume, summary="Python engineer. Reach me at jane@elsewhere.test.")
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.summary == "Python engineer."
    assert "contact details" in report.dropped[0]


def test_project_ids_must_exist_and_respect_the_limit(demo_resume: Resume) -> None:
    result = _clean(demo_resume, selected_project_ids=["p9", "p2", "p2", "p1", "p3"])
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=2)
    assert repaired.selected_project_ids == ["p2", "p1"]
    assert "dropped unknown project id 'p9'" in report.dropped[0]


def test_headline_is_the_postings_title(demo_resume: Resume) -> None:
    result = _clean(demo_resume, headline="World-class Rockstar Ninja")
    repaired, report = guard_tailoring(result, demo_resume, JOB, max_projects=3)
    assert repaired.headline == "Senior Backend Engineer"
    assert "headline" in report.dropped[0]


def test_offline_tailoring_of_every_demo_job_passes_the_guards(demo_resume: Resume) -> None:
    """No false positives on honest output: the guards must not eat real text."""
    llm = OfflineLLM()
    for listing in read_feed(DEMO_FEED).listings:
        brief = job_brief(listing.title, listing.employer, listing.job_description, None, None)
        result = llm.tailor(TailorRequest(resume=demo_resume, job=brief))
        _, report = guard_tailoring(result, demo_resume, brief, max_projects=3)
        assert report.dropped == [], (listing.title, report.dropped)


def test_the_base_resumes_own_sentences_are_never_dropped(demo_resume: Resume) -> None:
    """The person's own words may name what the guard cannot check (a club, a charity, a
    newspaper); only generated sentences are judged."""
    own = "I mentor at Code First Girls and write for Hacker Monthly."
    resume = demo_resume.model_copy(update={"summary": f"{demo_resume.summary} {own}"})
    invented = "I led the platform team at Globex Systems."
    result = _clean(resume, summary=f"Backend engineer building Python services. {own} {invented}")
    repaired, report = guard_tailoring(result, resume, JOB, max_projects=3)
    assert own in repaired.summary
    assert "Globex" not in repaired.summary
    assert report.dropped == [
        "summary: dropped a sentence naming Globex Systems (not in the resume)"
    ]
    # and the offline tailoring, which reuses the summary's sentences, keeps them all
    request = TailorRequest(resume=resume, job=JOB, max_projects=2, summary_max_words=200)
    _, offline_report = guard_tailoring(OfflineLLM().tailor(request), resume, JOB, max_projects=2)
    assert not [d for d in offline_report.dropped if d.startswith("summary")]
