from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from jobops.errors import RenderFailed
from jobops.resume.importers import read_resume_file
from jobops.resume.model import Resume, SkillGroup
from jobops.resume.render import Tailoring, fingerprint, render_model, render_pdf, template_path
from jobops.settings import PROJECT_ROOT
from tests.pdf import folded, pdf_text

TEMPLATES = PROJECT_ROOT / "resume_templates"
FIXED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = '#read("/etc/passwd") #set text(red) [unbalanced $x *y _z <l> @r \\ مرحبا'


def _render(resume: Resume, tailoring: Tailoring, out: Path) -> Path:
    render_pdf(
        resume, tailoring, templates_dir=TEMPLATES, theme="classic", out_path=out, timestamp=FIXED
    )
    return out


def test_tailored_fields_reach_the_pdf_text(demo_resume: Resume, tmp_path: Path) -> None:
    tailoring = Tailoring(
        headline="Staff Platform Engineer",
        summary="Tailored summary about streaming systems at Acme.",
        skills=[SkillGroup(name="Core", keywords=["Kafka", "Python"])],
        project_ids=["p2"],
        employer="Acme",
    )
    text = pdf_text(_render(demo_resume, tailoring, tmp_path / "a.pdf"))
    for expected in (
        "Alex Morgan",
        "Staff Platform Engineer",
        "Tailored summary about streaming",
        "Kafka",
        "Open-source FastAPI rate limiter",
        "Larchfield Logistics",
    ):
        assert expected in text, expected
    assert "Streaming order pipeline" not in text  # p1 was not picked
    meta = PdfReader(str(tmp_path / "a.pdf")).metadata
    assert meta is not None
    assert "Alex Morgan" in (meta.title or "")
    assert "Acme" in (meta.title or "")


def test_untailored_render_falls_back_to_the_base_resume(
    demo_resume: Resume, tmp_path: Path
) -> None:
    text = pdf_text(_render(demo_resume, Tailoring(), tmp_path / "b.pdf"))
    assert folded(demo_resume.summary.split(".")[0]) in text
    assert all(p.name in text for p in demo_resume.projects)


def test_hostile_text_is_printed_literally(demo_resume: Resume, tmp_path: Path) -> None:
    text = pdf_text(
        _render(demo_resume, Tailoring(summary=HOSTILE, headline=HOSTILE), tmp_path / "h.pdf")
    )
    assert '#read("/etc/passwd")' in text
    assert "#set text(red)" in text
    assert "root:" not in text  # nothing was read from the file system


def test_same_inputs_and_timestamp_give_the_same_bytes(demo_resume: Resume, tmp_path: Path) -> None:
    a = _render(demo_resume, Tailoring(summary="x"), tmp_path / "1.pdf").read_bytes()
    b = _render(demo_resume, Tailoring(summary="x"), tmp_path / "2.pdf").read_bytes()
    assert a == b
    assert a.startswith(b"%PDF-")


def test_fingerprint_follows_the_inputs(demo_resume: Resume) -> None:
    template = template_path(TEMPLATES, "classic")
    base = fingerprint(render_model(demo_resume, Tailoring(summary="a")), template)
    assert base == fingerprint(render_model(demo_resume, Tailoring(summary="a")), template)
    assert base != fingerprint(render_model(demo_resume, Tailoring(summary="b")), template)


def test_atomic_write_leaves_no_temporary_files(demo_resume: Resume, tmp_path: Path) -> None:
    out = tmp_path / "pdfs" / "job.pdf"
    _render(demo_resume, Tailoring(), out)
    _render(demo_resume, Tailoring(summary="again"), out)
    assert [p.name for p in out.parent.iterdir()] == ["job.pdf"]


@pytest.mark.parametrize("theme", ["nope", "../classic", "/etc/passwd"])
def test_unknown_theme_is_a_render_error(demo_resume: Resume, tmp_path: Path, theme: str) -> None:
    with pytest.raises(RenderFailed, match="No resume template"):
        render_pdf(
            demo_resume,
            Tailoring(),
            templates_dir=TEMPLATES,
            theme=theme,
            out_path=tmp_path / "x.pdf",
        )
    assert not (tmp_path / "x.pdf").exists()


WHOLE_V5 = Path(__file__).resolve().parents[2] / "fixtures" / "resumes" / "rxresume_v5_whole.json"
WHOLE_V4 = WHOLE_V5.with_name("rxresume_v4_whole.json")


def test_render_model_carries_every_printed_section() -> None:
    resume = read_resume_file(WHOLE_V5).resume
    model = render_model(resume, Tailoring())
    assert [e["company"] for e in model["experience"]] == [
        "Northlight Forge",
        "Pocket Comet Games",
        "Little Lantern Studio",
    ]
    assert model["awards"][0]["title"] == "Best Mechanics, Nordic Game Jam"
    assert model["publications"][0]["url"] == "https://blog.example.org/state-machines"
    assert model["volunteering"][0]["organization"] == "Malmö Code Club"
    assert model["interests"][0]["keywords"] == ["Indoor", "Fontainebleau trips"]
    # custom fields join the contacts: a link as its bare URL, text as written
    assert model["contacts"][-2:] == ["github.com/rlindqvist", "Open to remote work"]
    assert "skipped" not in model  # what the import left out is never printed
    v4 = render_model(read_resume_file(WHOLE_V4).resume, Tailoring())
    assert [s["title"] for s in v4["customSections"]] == ["Talks"]


def test_fingerprint_follows_the_shared_template_library(
    demo_resume: Resume, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("fonts"))
    template = template_path(templates, "classic")
    model = render_model(demo_resume, Tailoring())
    before = fingerprint(model, template)
    library = templates / "lib" / "common.typ"
    library.write_text(library.read_text() + "\n// changed\n")
    assert fingerprint(model, template) != before
