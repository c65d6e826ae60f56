from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jobops.errors import ResumeFormatError
from jobops.resume.importers import (
    JSON_RESUME,
    REACTIVE_RESUME,
    REACTIVE_RESUME_V5,
    html_to_text,
    load_resume_file,
    parse_resume,
    read_resume,
    read_resume_file,
)
from jobops.resume.model import Link, Resume, Skipped
from tests.conftest import DEMO_RESUME

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "resumes"
V5_WHOLE = FIXTURES / "rxresume_v5_whole.json"
V4_WHOLE = FIXTURES / "rxresume_v4_whole.json"
JSON_WHOLE = FIXTURES / "json_resume_whole.json"
CJK = FIXTURES / "cjk.json"

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
    assert resume.experience[0].date == "Jan 2021 – Present"
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
    assert resume.skipped == [
        Skipped(section="experience", items=1, reason="hidden"),
        Skipped(section="projects", items=1, reason="hidden: printed only when picked for a job"),
        Skipped(section="skills", items=1, reason="hidden"),
    ]
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


def _doc(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


# ------------------------------------------------------------------ Reactive Resume v5, whole


def test_v5_custom_sections_join_their_section() -> None:
    """Two of the three roles live in a custom section of type experience: all three arrive,
    in the document's order, with dates in the common look."""
    imported = read_resume_file(V5_WHOLE)
    resume = imported.resume
    assert imported.format == REACTIVE_RESUME_V5
    assert [(e.company, e.position, e.date) for e in resume.experience] == [
        ("Northlight Forge", "Senior Gameplay Programmer", "Mar 2022 – Present"),
        ("Pocket Comet Games", "Gameplay Programmer", "Jun 2020 – Feb 2022"),
        ("Little Lantern Studio", "Junior Programmer", "Sep 2018 – May 2020"),
    ]
    assert resume.experience[1].highlights == [
        "Shipped two mobile titles with a shared ability system."
    ]
    assert resume.experience[2].summary == "Tools and build scripts for a small team."
    assert imported.report.imported["experience"] == 3


def test_v5_every_section_arrives() -> None:
    resume = read_resume_file(V5_WHOLE).resume
    assert resume.summary == (
        "Gameplay programmer who turns design sketches into systems players trust."
    )
    assert [(a.title, a.awarder, a.date) for a in resume.awards] == [
        ("Best Mechanics, Nordic Game Jam", "Nordic Game Jam", "Apr 2021")
    ]
    assert resume.awards[0].summary == "For a tide-steering puzzle built in 48 hours."
    assert [(c.name, c.issuer, c.date) for c in resume.certifications] == [
        ("Unity Certified Programmer", "Unity Technologies", "2020")
    ]
    assert [(p.name, p.publisher, p.date, p.url) for p in resume.publications] == [
        (
            "Readable State Machines for Combat",
            "Studio Tech Blog",
            "Nov 2023",
            "https://blog.example.org/state-machines",
        )
    ]
    assert [(v.organization, v.location, v.date) for v in resume.volunteering] == [
        ("Malmö Code Club", "Malmö", "2019 – Present")
    ]
    assert [(i.name, i.keywords) for i in resume.interests] == [
        ("Bouldering", ["Indoor", "Fontainebleau trips"])
    ]
    assert [(lang.name, lang.level) for lang in resume.languages] == [
        ("Swedish", "Native"),
        ("English", "C1"),
    ]
    assert [g.name for g in resume.skills] == ["Engines", "Languages"]  # the hidden one is not
    assert [(p.id, p.visible) for p in resume.projects] == [("pj-1", True), ("pj-2", False)]
    assert resume.education[0].date == "2014 – 2018"
    # custom fields are contacts; an empty one is no contact
    assert resume.basics.custom_fields == [
        Link(label="github.com/rlindqvist", url="https://github.com/rlindqvist"),
        Link(label="Open to remote work", url=""),
    ]


def test_v5_what_is_left_out_is_named_with_the_reason() -> None:
    imported = read_resume_file(V5_WHOLE)
    assert imported.resume.skipped == [
        Skipped(section="experience", items=1, reason="hidden"),
        Skipped(section="projects", items=1, reason="hidden: printed only when picked for a job"),
        Skipped(section="skills", items=1, reason="hidden"),
        Skipped(section="references", items=2, reason="not printed"),
        Skipped(
            section="custom section 'Cover Letter'", items=1, reason="a cover letter, not printed"
        ),
        Skipped(section="photo", items=0, reason="not printed"),
    ]
    assert imported.report.skipped == imported.resume.skipped
    described = imported.report.describe()
    assert described.startswith("3 roles, 1 education entry, 2 skill groups, projects pj-1, pj-2")
    assert "references (2 items, not printed)" in described
    assert "photo (not printed)" in described
    assert "Summer Kiosk" not in imported.resume.model_dump_json()  # hidden stays hidden


def _sections_of(doc: dict[str, Any]) -> list[tuple[str, int]]:
    sections = [
        (key, len(section["items"]))
        for key, section in doc["sections"].items()
        if isinstance(section, dict) and section.get("items")
    ]
    return sections + [
        (f"custom:{c['type']}", len(c["items"])) for c in doc.get("customSections", [])
    ]


SECTION_OF = {
    "volunteer": "volunteering",
    "custom:experience": "experience",
    "references": "references",
    "custom:cover-letter": "custom section 'Cover Letter'",
}


@pytest.mark.parametrize("path", [V5_WHOLE, V4_WHOLE])
def test_no_reactive_resume_section_is_dropped_silently(path: Path) -> None:
    """Every section with items is imported or named in the report."""
    imported = read_resume_file(path)
    reported = {s.section for s in imported.report.skipped}
    counted = set(imported.report.imported)
    for section, _items in _sections_of(_doc(path)):
        name = SECTION_OF.get(section, section)
        assert name in counted or name in reported, section


def test_v5_roles_become_one_entry_each() -> None:
    doc = _doc(V5_WHOLE)
    job = doc["sections"]["experience"]["items"][0]
    job["position"] = ""
    job["period"] = "Feb 2019 - Present"
    job["roles"] = [
        {"id": "ro-1", "position": "Lead", "period": "Mar 2023 - Present", "description": ""},
        {
            "id": "ro-2",
            "position": "Programmer",
            "period": "Feb 2019 - Feb 2023",
            "description": "<ul><li><p>Built the save system.</p></li></ul>",
        },
    ]
    resume = read_resume(doc).resume
    assert [(e.company, e.position, e.date) for e in resume.experience[:2]] == [
        ("Northlight Forge", "Lead", "Mar 2023 – Present"),
        ("Northlight Forge", "Programmer", "Feb 2019 – Feb 2023"),
    ]
    assert resume.experience[0].highlights[0].startswith("Rebuilt the combat")  # the job's text
    assert resume.experience[1].highlights == ["Built the save system."]


def test_v5_custom_sections_of_other_kinds() -> None:
    doc = _doc(V5_WHOLE)
    wrapper = {k: v for k, v in doc["customSections"][0].items() if k not in ("items", "type")}
    doc["customSections"] += [
        {
            **wrapper,
            "id": "cs-note",
            "type": "summary",
            "title": "Availability",
            "items": [{"id": "n1", "hidden": False, "content": "<p>From January.</p>"}],
        },
        {
            **wrapper,
            "id": "cs-talks",
            "type": "publications",
            "title": "Talks",
            "items": [
                {
                    "id": "t1",
                    "hidden": False,
                    "title": "Frame Budgets",
                    "publisher": "Nordic Game",
                    "date": "2024",
                    "website": {"url": "", "label": "", "inlineLink": False},
                    "description": "",
                }
            ],
        },
        {
            **wrapper,
            "id": "cs-hidden",
            "type": "awards",
            "title": "Old",
            "hidden": True,
            "items": [
                {
                    "id": "x",
                    "hidden": False,
                    "title": "Spelling Bee",
                    "awarder": "",
                    "date": "2001",
                    "website": {"url": "", "label": ""},
                    "description": "",
                }
            ],
        },
        {**wrapper, "id": "cs-new", "type": "timeline", "title": "", "items": [{"id": "y"}]},
    ]
    imported = read_resume(doc)
    resume = imported.resume
    assert resume.summary.endswith("\n\nFrom January.")
    assert [p.name for p in resume.publications][-1] == "Frame Budgets"
    assert "Spelling Bee" not in [a.title for a in resume.awards]
    assert Skipped(section="custom section 'Old'", items=1, reason="hidden section") in (
        imported.report.skipped
    )
    assert Skipped(
        section="custom section (timeline)", items=1, reason="unknown type 'timeline', not printed"
    ) in (imported.report.skipped)


def test_v5_hidden_summary_is_reported() -> None:
    doc = _doc(V5_WHOLE)
    doc["summary"]["hidden"] = True
    imported = read_resume(doc)
    assert imported.resume.summary == ""
    assert Skipped(section="summary", reason="hidden") in imported.report.skipped


# ------------------------------------------------------------------ Reactive Resume v4, whole


def test_v4_every_section_arrives() -> None:
    imported = read_resume_file(V4_WHOLE)
    resume = imported.resume
    assert imported.format == REACTIVE_RESUME
    assert [(e.company, e.date) for e in resume.experience] == [
        ("Harbourline", "Jan 2021 – Present"),
        ("Cobbles & Co", "Aug 2016 – Dec 2020"),
    ]
    assert resume.summary == "Analyst who makes product questions answerable with clean data."
    assert [(v.organization, v.position, v.date) for v in resume.volunteering] == [
        ("Data for Good Bristol", "Mentor", "2019 – 2022")
    ]
    assert [(a.title, a.date) for a in resume.awards] == [("Insight of the Quarter", "2022")]
    assert [(p.name, p.date) for p in resume.publications] == [
        ("Counting Active Users Honestly", "Mar 2023")
    ]
    assert resume.certifications[0].date == "May 2021"
    assert resume.education[0].date == "2015 – 2016"
    assert [(lang.name, lang.level) for lang in resume.languages][1] == ("Tamil", "Conversational")
    assert [i.name for i in resume.interests] == ["Cycling"]
    # custom fields: "name: value", or a link when the value is a URL
    assert resume.basics.custom_fields == [
        Link(label="Notice period: one month", url=""),
        Link(label="Mastodon", url="https://social.example/@priya"),
    ]
    # the custom section keeps its name; its empty item and the hidden section are reported
    [talks] = resume.custom_sections
    assert talks.title == "Talks"
    assert [(i.name, i.description, i.date, i.location, i.keywords) for i in talks.items] == [
        ("Experiments That Lie", "Speaker", "Oct 2023", "Manchester", ["statistics"])
    ]
    assert talks.items[0].summary == "Common A/B testing traps."
    assert talks.items[0].url == "https://talks.example.com/lie"
    assert imported.report.skipped == [
        Skipped(section="experience", items=1, reason="hidden"),
        Skipped(section="references", items=1, reason="not printed"),
        Skipped(section="skills", items=1, reason="empty"),
        Skipped(section="custom section 'Talks'", items=1, reason="empty"),
        Skipped(section="custom section 'Side Gigs'", items=1, reason="hidden section"),
    ]


def test_v4_hidden_summary_and_photo() -> None:
    doc = _doc(V4_WHOLE)
    doc["sections"]["summary"]["visible"] = False
    doc["basics"]["picture"]["url"] = "https://example.com/me.jpg"
    skipped = read_resume(doc).report.skipped
    assert Skipped(section="summary", reason="hidden") in skipped
    assert Skipped(section="photo", reason="not printed") in skipped


def test_a_hidden_projects_section_keeps_its_projects_hidden() -> None:
    doc = _doc(V4_WHOLE)
    doc["sections"]["projects"]["visible"] = False
    resume = read_resume(doc).resume
    assert [p.visible for p in resume.projects] == [False]


# -------------------------------------------------------------------------- JSON Resume, whole


def test_json_resume_every_key_arrives_with_dates_in_the_common_look() -> None:
    imported = read_resume_file(JSON_WHOLE)
    resume = imported.resume
    assert imported.format == JSON_RESUME
    assert [(e.company, e.date) for e in resume.experience] == [
        ("Quayside Cloud", "Apr 2021 – Present"),
        ("Tram Ticketing", "Aug 2016"),  # 2016-08-24 to 2016-08-24
        ("Lisbon Labs", "2014 – Mar 2021"),
    ]
    assert resume.education[0].date == "Sep 2009 – Jul 2014"
    assert resume.projects[0].date == "2022 – Jun 2023"
    assert [(v.organization, v.position, v.date) for v in resume.volunteering] == [
        ("Porto Linux Group", "Organiser", "Jan 2018 – Present")
    ]
    assert resume.volunteering[0].highlights == ["30 talks hosted"]
    assert [(a.title, a.date) for a in resume.awards] == [("Incident Hero", "Nov 2022")]
    assert [(c.name, c.date) for c in resume.certifications] == [
        ("Certified Kubernetes Administrator", "Feb 2023")
    ]
    assert [(p.name, p.date, p.url) for p in resume.publications] == [
        ("Boring Deploys", "2024", "https://example.net/boring-deploys")
    ]
    assert [(i.name, i.keywords) for i in resume.interests] == [("Surfing", ["Longboard"])]
    assert imported.report.skipped == [
        Skipped(section="references", items=1, reason="not printed"),
        Skipped(section="photo", reason="not printed"),
    ]


def test_json_resume_unknown_keys_are_reported() -> None:
    doc = _doc(JSON_WHOLE)
    doc["hobbies"] = [{"name": "Chess"}]
    doc["meta"]["theme"] = "elegant"  # metadata, nothing to print
    skipped = read_resume(doc).report.skipped
    assert skipped[-1] == Skipped(
        section="hobbies", items=1, reason="not a JSON Resume section, not printed"
    )
    assert all(s.section != "meta" for s in skipped)


def test_cjk_text_imports_as_written() -> None:
    resume = read_resume_file(CJK).resume
    assert resume.basics.name == "王小明"
    assert "東京のチーム" in resume.summary
    assert "서울" in resume.summary


# ------------------------------------------------------------------------- the stored document


@pytest.mark.parametrize("path", [V5_WHOLE, V4_WHOLE, JSON_WHOLE, DEMO_RESUME])
def test_the_document_reads_back_from_either_spelling(path: Path) -> None:
    """Stored snake_case, shown camelCase: both validate to the same resume."""
    resume = read_resume_file(path).resume
    assert Resume.model_validate(resume.model_dump(mode="json")) == resume
    camel = resume.model_dump(mode="json", by_alias=True)
    assert "customFields" in camel["basics"]
    assert Resume.model_validate(camel) == resume
