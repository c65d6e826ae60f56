"""Skill names that are also everyday words count only where they name the skill."""

from __future__ import annotations

import pytest

from jobops.llm.base import JobBrief
from jobops.llm.offline import OfflineLLM
from jobops.redaction import minimise_profile
from jobops.resume.model import Resume
from jobops.skills import canonical, mentions, same_skill, terms_in


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("Our support team will go above and beyond for every customer.", "Go"),
        ("Go above and beyond: our customers notice.", "Go"),
        ("- Go the extra mile when a release is at risk", "Go"),
        ("Own our go-to-market plan with the sales leads.", "Go"),
        ("Go-To-Market Manager, EMEA", "Go"),
        ("You excel at juggling priorities in a fast-paced team.", "Excel"),
        ("Excel at building long-term relationships with clients.", "Excel"),
        ("Make an impact from your first week.", "Make"),
        ("We make hiring decisions within two weeks.", "Make"),
        ("You will collaborate with the rest of the team.", "REST APIs"),
        ("React quickly to customer escalations.", "React"),
        ("Spring into action when an incident is declared.", "Spring"),
        ("Lead the R&D tooling roadmap.", "R"),
        ("Present to C-level stakeholders every quarter.", "C"),
        ("Keep the warehouse floor rust-free and tidy.", "Rust"),
        ("Swift turnaround on customer requests is expected.", "Swift"),
        ("Experience with express delivery networks.", "Express"),
        ("Step up and take the helm of a growing team.", "Helm"),
        ("An agile, fast-moving startup.", "Agile"),
        ("Good airflow management in the data hall.", "Airflow"),
    ],
)
def test_an_everyday_word_is_not_the_skill(sentence: str, term: str) -> None:
    assert not mentions(sentence, term)


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("Build backend services in Go and PostgreSQL.", "Go"),
        ("Go, gRPC, PostgreSQL, Kafka", "Go"),
        ("Go Backend Engineer", "Go"),
        ("Go services on Kubernetes handle every payment.", "Go"),
        ("- Go and Rust in production", "Go"),
        ("Languages: Go or Python.", "Go"),
        ("Golang experience is a plus.", "Go"),
        ("Advanced Microsoft Excel skills (pivot tables, VLOOKUP).", "Excel"),
        ("Excel spreadsheets are where our forecasts live today.", "Excel"),
        ("Reporting in Excel and Power BI.", "Excel"),
        ("Statistical modelling in R or Python.", "R"),
        ("Firmware in C/C++ for ARM targets.", "C"),
        ("Design REST APIs for partners.", "REST APIs"),
        ("RESTful services behind an API gateway.", "REST APIs"),
        ("Maintain our Ruby on Rails monolith.", "Rails"),
        ("Rust experience is a plus.", "Rust"),
        ("Build the iOS app in Swift and SwiftUI.", "Swift"),
        ("Helm charts for every service.", "Helm"),
        ("Batch jobs on Spark and Airflow.", "Spark"),
        ("Frontend in React with TypeScript.", "React"),
        ("Build scripts with Make and Bash.", "Make"),
    ],
)
def test_the_skill_is_found(sentence: str, term: str) -> None:
    assert mentions(sentence, term)


def test_ordinary_names_still_ignore_case() -> None:
    assert mentions("we use postgres and PYTHON", "PostgreSQL")
    assert mentions("we use postgres and PYTHON", "Python")
    assert not mentions("Pythonic code", "Python")


def test_the_capitals_are_the_names_not_the_resumes() -> None:
    """A resume may write "go" or "excel"; the posting must still write Go or Excel."""
    assert mentions("Services in Go.", "go")
    assert not mentions("Ready to go above and beyond?", "go")


def test_terms_in_and_aliases() -> None:
    text = "Build REST APIs in Go; reporting in MS Excel. We go the extra mile."
    assert terms_in(text, ["Go", "REST APIs", "Excel", "Kafka"]) == ["Go", "REST APIs", "Excel"]
    assert canonical("microsoft excel") == "Excel" and same_skill("MS Excel", "Excel")


POSTING = """Customer Success Manager

You excel at building relationships and will go above and beyond for our customers.
Make every renewal count. You will work with the rest of the commercial team.
- Experience with Salesforce and HubSpot
- Spring into action when an account is at risk
"""


def test_a_posting_full_of_everyday_words_names_only_its_real_skills(
    demo_resume: Resume,
) -> None:
    result = OfflineLLM().score(
        minimise_profile(demo_resume),
        JobBrief(title="Customer Success Manager", employer="A", description=POSTING),
    )
    assert set(result.missing_skills) == {"Salesforce", "HubSpot"}
    assert "Go" not in result.matched_skills
