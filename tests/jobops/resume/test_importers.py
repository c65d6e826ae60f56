from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobops.errors import ResumeFormatError
from jobops.resume.importers import (
    JSON_RESUME,
    REACTIVE_RESUME,
    REACTIVE_RESUME_V5,
    html_to_text,
    load_resume_file,
    parse_resume,
)
from tests.conftest import DEMO_RESUME

JSON_RESUME_DOC = {
    "basics": {
        "name": "Sam Rivera",
        "label": "Data Engineer",
        "email": "sam@example.org",
        "url": "https://sam.example.org",
        "summary": "Builds pipelines.",
        "location": {"city": "Leeds", "countryCode": "GB"},
        "profiles": [{"network": "GitHub", "username": "samr", "url": "https://github.com/samr"}],
    },
    "work": [
        {
            "name": "Databarn",
            "position": "Data Engineer",
            "startDate": "2021-01",
            "highlights": ["Moved ETL to Airflow"],
        }
    ],
    "education": [
        {
            "institution": "Uni",
            "area": "Maths",
            "studyType": "BSc",
            "startDate": "2014",
            "endDate": "2017",
        }
    ],
    "skills": [{"name": "Data", "keywords": ["Python", "Airflow"]}],
    "projects": [
        {"name": "Lake House", "keywords": ["DuckDB"], "highlights": ["Fast"]},
        {"name": "Lake House", "keywords": []},
    ],
    "languages": [{"language": "English", "fluency": "Native"}],
}


def test_demo_reactive_resume_imports_everything() -> None:
    fmt, resume = load_resume_file(DEMO_RESUME)
    assert fmt == REACTIVE_RESUME
    assert resume.basics.name == "Alex Morgan"
    assert resume.project_ids() == ["p1", "p2", "p3", "p4", "p5"]
    assert len(resume.experience) == 3
    assert all(e.highlights for e in resume.experience)  # <ul><li> became bullets
    assert "<" not in resume.summary
    assert "Backend engineer" in resume.summary
    assert "Python" in resume.all_skill_keywords()


def test_hidden_reactive_resume_items_are_left_out() -> None:
    doc = json.loads(DEMO_RESUME.read_text())
    doc["sections"]["experience"]["items"][0]["visible"] = False
    _, resume = parse_resume(doc)
    assert len(resume.experience) == 2


def test_json_resume_imports_with_stable_project_ids() -> None:
    fmt, resume = parse_resume(JSON_RESUME_DOC)
    assert fmt == JSON_RESUME
    assert resume.basics.headline == "Data Engineer"
    assert resume.basics.location == "Leeds, GB"
    assert resume.experience[0].company == "Databarn"
    assert resume.experience[0].date == "2021-01 – Present"
    assert resume.project_ids() == ["lake-house", "lake-house-2"]
    assert resume.languages[0].level == "Native"


@pytest.mark.parametrize(
    "doc",
    [[], {"hello": 1}, {"basics": {"name": ""}, "sections": {}}, {"basics": "x", "work": []}],
)
def test_unknown_or_broken_documents_are_a_format_error(doc: object) -> None:
    with pytest.raises(ResumeFormatError):
        parse_resume(doc)


def test_not_json_is_a_format_error(tmp_path: Path) -> None:
    bad = tmp_path / "resume.json"
    bad.write_text("{not json")
    with pytest.raises(ResumeFormatError, match="not a JSON file"):
        load_resume_file(bad)
    with pytest.raises(ResumeFormatError, match="No such file"):
        load_resume_file(tmp_path / "missing.json")


def test_html_to_text_splits_paragraphs_and_bullets() -> None:
    text, items = html_to_text(
        "<p>One <strong>bold</strong>&amp; more</p><ul><li><p>A</p></li><li>B</li></ul>"
    )
    assert text == "One bold& more"
    assert items == ["A", "B"]


V5_API = Path(__file__).resolve().parents[2] / "fixtures" / "rxresume_v5_api.json"


def test_reactive_resume_v5_as_its_api_returns_it() -> None:
    fmt, resume = load_resume_file(V5_API)
    assert fmt == REACTIVE_RESUME_V5
    assert resume.basics.name == "Jordan Ellis"
    assert resume.basics.website is not None
    assert resume.basics.website.url == "https://jordanellis.example"
    assert resume.summary == "Data engineer who builds reliable pipelines in Python and SQL."
    assert [e.company for e in resume.experience] == [
        "Maple Data Co."
    ]  # the hidden one is left out
    assert resume.experience[0].date == "2021 – Present"
    assert resume.experience[0].highlights[0].startswith("Moved nightly ETL")
    assert resume.education[0].institution == "University of Waterloo"
    assert resume.education[0].score == "Distinction"
    assert [g.name for g in resume.skills] == ["Data"]
    assert resume.project_ids() == ["proj-lake", "proj-cli"]
    assert [p.visible for p in resume.projects] == [True, False]
    assert resume.certifications[0].name == "Google Professional Data Engineer"
    assert [(lang.name, lang.level) for lang in resume.languages] == [
        ("English", "Native"),
        ("French", "B2"),
    ]
    assert resume.basics.profiles[0].url == "https://github.com/jellis"


def test_v5_without_the_api_wrapper() -> None:
    doc = json.loads(V5_API.read_text())["data"]
    assert parse_resume(doc)[0] == REACTIVE_RESUME_V5
