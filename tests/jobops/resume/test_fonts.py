"""The bundled fonts: CJK text prints in every theme, ``coverage.txt`` is exactly what the fonts
have, everything it lists really prints, and a character outside it is an error, not a box.

A character no font has comes out of Typst as glyph 0 (an empty box), which pypdf extracts as
``"\\x00"``: that is how these tests see a box in a PDF."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typst
from fontTools.ttLib import TTFont

from jobops.errors import RenderFailed
from jobops.resume import render
from jobops.resume.importers import read_resume_file
from jobops.resume.model import Resume
from jobops.resume.render import Tailoring, compile_pdf, render_model, render_pdf, template_path
from jobops.settings import PROJECT_ROOT
from tests.pdf import pdf_text

TEMPLATES = PROJECT_ROOT / "resume_templates"
FONTS = TEMPLATES / "fonts"
THEMES = render.available_themes(TEMPLATES)
CJK_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "resumes" / "cjk.json"
BOX = "\x00"
NOT_COVERED = "\U00020bb7"  # 𠮷, a CJK Extension B character outside the subset


def _build_fonts() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_fonts", FONTS / "build_fonts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _coverage() -> set[int]:
    starts, ends = render.load_coverage(FONTS)
    return {cp for a, b in zip(starts, ends, strict=True) for cp in range(a, b + 1)}


def _prints(char: str) -> bool:
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Me", "Mc")


@pytest.fixture(scope="module")
def build_fonts() -> ModuleType:
    return _build_fonts()


@pytest.fixture(scope="module")
def cmaps(build_fonts: ModuleType) -> dict[str, set[int]]:
    """Family -> code points, for every font a render can use."""
    out: dict[str, set[int]] = {}
    fonts: list[TTFont] = [*build_fonts.bundled_fonts(), *build_fonts.embedded_fonts()]
    for font in fonts:
        family = font["name"].getBestFamilyName()
        out.setdefault(family, set()).update(font.getBestCmap())
    return out


@pytest.fixture
def probe(build_fonts: ModuleType, tmp_path: Path) -> Any:
    """build_fonts' probe: renders characters with the themes' font stack, returns the boxes."""
    return build_fonts._Probe(tmp_path)


# ----------------------------------------------------------------------------------- coverage


def test_coverage_is_current(build_fonts: ModuleType) -> None:
    """``coverage.txt`` was made from these fonts and this typst; after changing either, run
    ``python resume_templates/fonts/build_fonts.py coverage``."""
    header = (FONTS / "coverage.txt").read_text(encoding="utf-8").splitlines()[:6]
    assert f"# typst {build_fonts.typst_version()}" in header
    assert f"# fonts {build_fonts.font_files_digest()}" in header


def test_coverage_claims_only_what_the_fonts_map(cmaps: dict[str, set[int]]) -> None:
    mapped = set().union(*cmaps.values())
    coverage = _coverage()
    assert coverage <= mapped
    assert cmaps["Noto Sans CJK SC"] <= coverage
    assert len(mapped - coverage) < 20  # only the characters that print as a box are left out


def test_what_the_coverage_leaves_out_prints_as_a_box(
    build_fonts: ModuleType, cmaps: dict[str, set[int]], probe: Any
) -> None:
    """Nothing printable is refused: each mapped character missing from the coverage is a box
    in some style the themes use."""
    left_out = sorted(set().union(*cmaps.values()) - _coverage())
    chars = [chr(cp) for cp in left_out if _prints(chr(cp))]
    assert chars
    boxes = {box for style in build_fonts.STYLES for box in probe.boxes(chars, "Inter", *style)}
    assert sorted(boxes) == chars


@pytest.mark.parametrize(
    ("primary", "style", "weight"),
    [("Inter", "normal", 400), ("Libertinus Serif", "normal", 700), ("Inter", "italic", 400)],
)
def test_what_the_coverage_lists_prints(
    cmaps: dict[str, set[int]], probe: Any, primary: str, style: str, weight: int
) -> None:
    """A sample of the coverage outside the CJK subset (build_fonts renders all of it in every
    style), plus characters Typst's own fallback misses: none is a box."""
    cjk = cmaps["Noto Sans CJK SC"]
    others = sorted(cp for cp in _coverage() - cjk if _prints(chr(cp)))
    chars = [chr(cp) for cp in others[::7]] + ["✨", "✖", "☇", "王", "한", "か"]
    assert len(chars) > 1200
    assert probe.boxes(chars, primary, style, weight) == []


def test_the_probe_sees_a_box(probe: Any) -> None:
    """The checks above can fail: a character no font has is found as a box."""
    assert probe.boxes(["A", NOT_COVERED, "b"], "Inter", "normal", 400) == [NOT_COVERED]


def test_the_font_stack_names_every_font_there_is() -> None:
    """Typst's automatic fallback misses characters some fonts have; a named font does not."""
    common = (TEMPLATES / "lib" / "common.typ").read_text(encoding="utf-8")
    block = re.search(r"#let fallback-fonts = \((.*?)\n\)", common, re.S)
    assert block is not None
    stack = set(re.findall(r'"([^"]+)"', block.group(1)))
    available = set(typst.Fonts(include_system_fonts=False, font_paths=[str(FONTS)]).families())
    assert available <= stack
    for theme in THEMES:
        assert "font: font-stack(" in (TEMPLATES / f"{theme}.typ").read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_reaches_every_font(
    demo_resume: Resume, theme: str, cmaps: dict[str, set[int]], tmp_path: Path
) -> None:
    """One character only each font has, in the summary of every theme: none is a box."""
    probes = []
    for family, cps in cmaps.items():
        elsewhere = set().union(*(c for f, c in cmaps.items() if f != family))
        only_here = sorted(cp for cp in cps - elsewhere if _prints(chr(cp)))
        if only_here:
            probes.append(chr(only_here[len(only_here) // 2]))
    probes += ["✨", "✖", "☇"]  # characters Typst's own fallback does not find
    assert len(probes) >= 6
    out = tmp_path / "p.pdf"
    render_pdf(
        demo_resume,
        Tailoring(summary="Probe: " + " ".join(probes)),
        templates_dir=TEMPLATES,
        theme=theme,
        out_path=out,
    )
    assert BOX not in pdf_text(out)


# ------------------------------------------------------------------------------------- CJK text


@pytest.mark.parametrize("theme", THEMES)
def test_a_cjk_resume_prints_in_every_theme(theme: str, tmp_path: Path) -> None:
    resume = read_resume_file(CJK_FIXTURE).resume
    out = tmp_path / "cjk.pdf"
    render_pdf(resume, Tailoring(), templates_dir=TEMPLATES, theme=theme, out_path=out)
    text = pdf_text(out)
    assert BOX not in text
    assert "王小明" in text
    for words in ("在上海构建支付系统八年", "東京のチーム", "서울", "株式会社さくら", "분산"):
        assert words in text.replace(" ", ""), words


def test_the_cjk_fonts_are_small_and_licensed() -> None:
    files = sorted((FONTS / "noto-cjk").glob("*.otf"))
    assert [f.name for f in files] == [
        "NotoSansCJKsc-Bold-subset.otf",
        "NotoSansCJKsc-Regular-subset.otf",
    ]
    assert sum(f.stat().st_size for f in files) <= 8_000_000
    licence = (FONTS / "noto-cjk" / "COPYRIGHT").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_the_cjk_subset_covers_the_common_characters(build_fonts: ModuleType) -> None:
    cmap = set(TTFont(str(FONTS / "noto-cjk" / "NotoSansCJKsc-Regular-subset.otf")).getBestCmap())
    han: set[int] = build_fonts.common_han()
    assert len(han) > 10_000
    assert han <= cmap  # GB 2312, Big5 level 1, JIS X 0208
    assert {*range(0x3041, 0x3097), *range(0x30A1, 0x30FB)} <= cmap  # kana
    assert set(range(0xAC00, 0xD7A4)) <= cmap  # every Hangul syllable
    assert {ord(c) for c in "的一是了我不人在有这個們國學習日本語ひらがなカタカナ"} <= cmap


# ----------------------------------------------------------------------------- the glyph check


def _model(**fields: Any) -> dict[str, Any]:
    return {"name": "Ana", "meta": {"title": "Ana"}, **fields}


def test_a_character_no_font_has_is_an_error_naming_it() -> None:
    model = _model(experience=[{"company": f"Acme {NOT_COVERED}"}], summary="Tibetan: \u0f40")
    with pytest.raises(RenderFailed) as failure:
        compile_pdf(model, template_path(TEMPLATES, "classic"))
    message = failure.value.message
    assert "U+20BB7" in message
    assert "experience[0].company" in message
    assert "U+0F40" in message
    assert "summary" in message


def test_characters_that_need_no_glyph_pass() -> None:
    """Joiners, variation selectors, soft hyphens, bidi marks and line breaks shape into
    nothing; the document title is metadata, not printed text."""
    text = "👩\u200d💻 ✔\ufe0f co\u00adop \u200fمرحبا\u200e\nnext\tline"
    assert render.unprintable_characters(_model(summary=text), FONTS) == []
    assert render.unprintable_characters({"meta": {"title": NOT_COVERED}}, FONTS) == []
    model = render_model(
        read_resume_file(CJK_FIXTURE).resume, Tailoring(employer=f"{NOT_COVERED}家")
    )
    compile_pdf(model, template_path(TEMPLATES, "modern"))  # the employer is only in the title


def test_a_missing_coverage_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RenderFailed, match="coverage"):
        render.load_coverage(tmp_path)
