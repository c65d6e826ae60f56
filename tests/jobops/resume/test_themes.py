"""Every theme: literal hostile text, every tailored skill as text (an ATS-style check), byte-stable
output, paper sizes, bundled fonts only, every section of a whole resume, and golden text snapshots
of the demo resume and of a Reactive Resume v5 document with every section."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from jobops.errors import RenderFailed
from jobops.resume.importers import read_resume_file
from jobops.resume.model import Resume, SkillGroup
from jobops.resume.render import (
    Tailoring,
    available_themes,
    compile_pdf,
    render_model,
    render_pdf,
    template_path,
)
from jobops.settings import PROJECT_ROOT
from tests.pdf import pdf_text

TEMPLATES = PROJECT_ROOT / "resume_templates"
THEMES = available_themes(TEMPLATES)
GOLDEN = Path(__file__).resolve().parents[2] / "golden"
FIXED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = '#read("/etc/passwd") #set text(red) [unbalanced $x *y _z <l> @r \\ مرحبا'
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "resumes"


def _pdf(resume: Resume, tailoring: Tailoring, theme: str, out: Path) -> Path:
    render_pdf(
        resume, tailoring, templates_dir=TEMPLATES, theme=theme, out_path=out, timestamp=FIXED
    )
    return out


def test_the_three_themes_exist() -> None:
    assert {"classic", "compact", "modern"} <= set(THEMES)


@pytest.mark.parametrize("theme", THEMES)
def test_every_tailored_skill_is_in_the_pdf_text(
    demo_resume: Resume, theme: str, tmp_path: Path
) -> None:
    skills = [SkillGroup(name=g.name, keywords=g.keywords) for g in demo_resume.skills]
    text = pdf_text(
        _pdf(
            demo_resume,
            Tailoring(skills=skills, headline="Platform Engineer"),
            theme,
            tmp_path / "a.pdf",
        )
    )
    missing = [k for g in skills for k in g.keywords if k not in text]
    assert missing == []
    assert "Platform Engineer" in text
    assert "Alex Morgan" in text


@pytest.mark.parametrize("theme", THEMES)
def test_hostile_text_in_every_field_renders_literally(
    demo_resume: Resume, theme: str, tmp_path: Path
) -> None:
    hostile = demo_resume.model_copy(deep=True)
    hostile.basics.name = f"Alex {HOSTILE}"
    hostile.basics.email = HOSTILE
    hostile.experience[0].company = HOSTILE
    hostile.experience[0].highlights = [HOSTILE]
    hostile.education[0].institution = HOSTILE
    hostile.projects[0].name = HOSTILE
    hostile.languages[0].name = HOSTILE
    tailoring = Tailoring(
        summary=HOSTILE,
        headline=HOSTILE,
        skills=[SkillGroup(name=HOSTILE, keywords=[HOSTILE])],
        employer=HOSTILE,
        project_ids=[hostile.projects[0].id],
    )
    out = _pdf(hostile, tailoring, theme, tmp_path / "h.pdf")
    text = pdf_text(out)
    assert text.count('#read("/etc/passwd")') >= 8  # every field, printed, none evaluated
    assert "#set text(red)" in text
    assert "[unbalanced" in text
    assert "مرحبا" in text
    assert "root:x:" not in text


@pytest.mark.parametrize("theme", THEMES)
def test_emoji_render_with_the_bundled_fonts(
    demo_resume: Resume, theme: str, tmp_path: Path
) -> None:
    text = pdf_text(
        _pdf(
            demo_resume,
            Tailoring(summary="Ships fast 🚀 and calmly ✅."),
            theme,
            tmp_path / "e.pdf",
        )
    )
    assert "Ships fast" in text
    assert "🚀" in text
    assert "✅" in text


@pytest.mark.parametrize("theme", THEMES)
def test_same_inputs_give_the_same_bytes(demo_resume: Resume, theme: str, tmp_path: Path) -> None:
    a = _pdf(demo_resume, Tailoring(summary="x"), theme, tmp_path / "1.pdf").read_bytes()
    b = _pdf(demo_resume, Tailoring(summary="x"), theme, tmp_path / "2.pdf").read_bytes()
    assert a == b


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("paper", "width_pt"), [("a4", 595.3), ("us-letter", 612.0)])
def test_paper_sizes(
    demo_resume: Resume, theme: str, paper: str, width_pt: float, tmp_path: Path
) -> None:
    page = PdfReader(
        str(_pdf(demo_resume, Tailoring(paper=paper), theme, tmp_path / "p.pdf"))
    ).pages[0]
    assert abs(float(page.mediabox.width) - width_pt) < 1


@pytest.mark.parametrize("theme", THEMES)
def test_long_resumes_flow_onto_more_pages(demo_resume: Resume, theme: str, tmp_path: Path) -> None:
    long = demo_resume.model_copy(deep=True)
    long.experience = [
        e.model_copy(update={"company": f"Company {i}"})
        for i in range(12)
        for e in long.experience[:1]
    ]
    out = _pdf(long, Tailoring(), theme, tmp_path / "l.pdf")
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    text = pdf_text(out)
    assert all(f"Company {i}" in text for i in range(12))


@pytest.mark.parametrize("theme", THEMES)
def test_reading_order(demo_resume: Resume, theme: str, tmp_path: Path) -> None:
    """Within the main column, sections come in the order a reader expects."""
    text = pdf_text(_pdf(demo_resume, Tailoring(), theme, tmp_path / "o.pdf"))
    first_role, second_role = demo_resume.experience[0].company, demo_resume.experience[1].company
    assert text.index("Alex Morgan") < text.index(first_role) < text.index(second_role)
    bullet = demo_resume.experience[0].highlights[0][:40]
    assert bullet in text


def _check_golden(text: str, name: str) -> None:
    """Compare with ``tests/golden/<name>.txt``. ``JOBOPS_UPDATE_GOLDEN=1`` rewrites it after a
    deliberate change (look at the render too); a missing golden file is a failure, never a
    silent pass."""
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("JOBOPS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text + "\n", encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with JOBOPS_UPDATE_GOLDEN=1 and review it"
    assert text == golden.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("theme", THEMES)
def test_golden_text(demo_resume: Resume, theme: str, tmp_path: Path) -> None:
    """The demo resume's text per theme."""
    text = pdf_text(
        _pdf(demo_resume, Tailoring(project_ids=["p1", "p2"]), theme, tmp_path / "g.pdf")
    )
    _check_golden(text, theme)


@pytest.mark.parametrize("theme", THEMES)
def test_golden_text_of_a_whole_resume(theme: str, tmp_path: Path) -> None:
    """Every section a theme prints, from the Reactive Resume v5 document."""
    resume = read_resume_file(FIXTURES / "rxresume_v5_whole.json").resume
    _check_golden(pdf_text(_pdf(resume, Tailoring(), theme, tmp_path / "w.pdf")), f"{theme}-whole")


def test_a_missing_golden_file_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("JOBOPS_UPDATE_GOLDEN", raising=False)
    monkeypatch.setattr(sys.modules[__name__], "GOLDEN", tmp_path)
    with pytest.raises(AssertionError, match="missing"):
        _check_golden("text", "classic")
    assert not (tmp_path / "classic.txt").exists()


WHOLE_TEXTS = {
    "rxresume_v5_whole": [
        "Northlight Forge",
        "Pocket Comet Games",
        "Little Lantern Studio",
        "Sep 2018 – May 2020",
        "Volunteering",
        "Malmö Code Club",
        "Saturday game-making workshops",
        "Awards",
        "Best Mechanics, Nordic Game Jam",
        "Apr 2021",
        "Publications",
        "Readable State Machines for Combat",
        "Nov 2023",
        "Certifications",
        "Unity Certified Programmer",
        "Interests",
        "Bouldering",
        "Fontainebleau trips",
        "github.com/rlindqvist",
        "Open to remote work",
    ],
    "rxresume_v4_whole": [
        "Talks",
        "Experiments That Lie",
        "Common A/B testing traps.",
        "statistics",
        "Data for Good Bristol",
        "Insight of the Quarter",
        "Counting Active Users Honestly",
        "Notice period: one month",
        "social.example/@priya",
    ],
    "json_resume_whole": [
        "Quayside Cloud",
        "Apr 2021 – Present",
        "Tram Ticketing",
        "Aug 2016",
        "Porto Linux Group",
        "Incident Hero",
        "Nov 2022",
        "Boring Deploys",
        "Surfing",
    ],
}
LEFT_OUT = ["Summer Kiosk", "Jonas Berg", "Available upon request", "Dear Hiring Team", "Side Gigs"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fixture", sorted(WHOLE_TEXTS))
def test_every_section_of_a_whole_resume_is_printed(
    theme: str, fixture: str, tmp_path: Path
) -> None:
    resume = read_resume_file(FIXTURES / f"{fixture}.json").resume
    text = pdf_text(_pdf(resume, Tailoring(), theme, tmp_path / "w.pdf")).casefold()
    # (casefolded: some themes set headings in capitals)
    assert [t for t in WHOLE_TEXTS[fixture] if t.casefold() not in text] == []
    assert [t for t in LEFT_OUT if t.casefold() in text] == []  # hidden, references, letter


def test_a_missing_font_is_an_error(demo_resume: Resume, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    source = (templates / "classic.typ").read_text()
    (templates / "broken.typ").write_text(
        '#set text(font: "No Such Font Family", fallback: false)\n' + source
    )
    model: dict[str, Any] = render_model(demo_resume, Tailoring())
    with pytest.raises(RenderFailed, match="font"):
        compile_pdf(model, template_path(templates, "broken"))


def test_system_fonts_are_not_used(demo_resume: Resume, tmp_path: Path) -> None:
    """A font installed on this machine but not bundled must not be found."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "sys.typ").write_text('#set text(font: "DejaVu Sans", fallback: false)\nHello')
    with pytest.raises(RenderFailed, match="font"):
        compile_pdf({}, template_path(templates, "sys"))
