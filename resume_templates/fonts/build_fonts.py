"""Dev-time tool for the bundled fonts (needs fontTools, from the ``dev`` extra).

``python resume_templates/fonts/build_fonts.py cjk [SOURCE_DIR]``
    Subsets the SC face of ``NotoSansCJK-{Regular,Bold}.ttc`` (upstream's collections, which
    Debian's ``fonts-noto-cjk`` installs in the default SOURCE_DIR) into ``noto-cjk/``: the Han
    characters of GB 2312, Big5 level 1 and JIS X 0208, every Hangul syllable, kana and CJK
    punctuation.

``python resume_templates/fonts/build_fonts.py coverage``
    Rewrites ``coverage.txt``: every code point a render prints with a glyph. The candidates are
    what the fonts in this folder and the fonts Typst embeds (read out of the installed ``typst``
    wheel, whose Rust build includes them as raw font files) map; each is then rendered with the
    themes' font stack in every style they use, and those that come out as an empty box are
    dropped (a glyph only a bold face has is a box in regular text). ``jobops.resume.render``
    refuses to print a character outside this set instead of printing a box. Takes two minutes;
    run it after changing a font here or upgrading ``typst`` (the tests in
    ``tests/jobops/resume/test_fonts.py`` say when it is due).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import struct
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FONTS = Path(__file__).resolve().parent
CJK_DIR = FONTS / "noto-cjk"
COVERAGE = FONTS / "coverage.txt"
CJK_FACE = "Noto Sans CJK SC"
CJK_WEIGHTS = ("Regular", "Bold")


def _is_han(cp: int) -> bool:
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def _charset(
    codec: str, leads: Iterable[int], trails: Iterable[int], last: int = 0xFFFF
) -> set[int]:
    """Every single character a double-byte legacy charset encodes (up to code ``last``)."""
    out: set[int] = set()
    trails = list(trails)
    for lead in leads:
        for trail in trails:
            if (lead << 8 | trail) > last:
                continue
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.add(ord(text))
    return out


def _span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


def legacy_cjk() -> set[int]:
    """Every character of simplified Chinese GB 2312, traditional Chinese Big5 level 1 (the
    common characters) and Japanese JIS X 0208."""
    gb2312 = _charset("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    big5_level1 = _charset(
        "big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], last=0xC67E
    )
    jis0208 = _charset("euc_jp", range(0xA1, 0xFF), range(0xA1, 0xFF))
    return gb2312 | big5_level1 | jis0208


def common_han() -> set[int]:
    """The Han characters of :func:`legacy_cjk` (10,269)."""
    return {cp for cp in legacy_cjk() if _is_han(cp)}


def cjk_code_points() -> set[int]:
    """What the CJK subset asks for: :func:`common_han`, all 11,172 Hangul syllables, kana, CJK
    punctuation and full-width forms, and the other symbols of those charsets (code points the
    font does not have are left out by the subsetter)."""
    han = common_han()
    symbols = {cp for cp in legacy_cjk() if cp >= 0x2000 and not _is_han(cp)}
    hangul = _span(0xAC00, 0xD7A3) | _span(0x3130, 0x318F)
    kana = _span(0x3040, 0x30FF) | _span(0x31F0, 0x31FF) | _span(0xFF65, 0xFF9F)
    punctuation = _span(0x3000, 0x303F) | _span(0xFF01, 0xFF60) | _span(0xFFE0, 0xFFEE)
    return han | symbols | hangul | kana | punctuation


def build_cjk(source_dir: Path) -> list[Path]:
    """Subset the SC face of the Regular and Bold collections found in ``source_dir``."""
    CJK_DIR.mkdir(exist_ok=True)
    options = subset.Options()
    options.hinting = False  # CFF hints: a third of the size, no visible gain in a PDF
    options.layout_features = ["kern"]  # no locl/vert alternates: they double the glyph count
    options.drop_tables += ["vmtx", "vhea", "VORG"]  # Typst sets no vertical text
    unicodes = sorted(cjk_code_points())
    written = []
    for weight in CJK_WEIGHTS:
        collection = TTCollection(str(source_dir / f"NotoSansCJK-{weight}.ttc"))
        face = next(f for f in collection.fonts if f["name"].getDebugName(1) == CJK_FACE)
        buffer = io.BytesIO()
        face.save(buffer)
        font = TTFont(io.BytesIO(buffer.getvalue()))
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        out = CJK_DIR / f"NotoSansCJKsc-{weight}-subset.otf"
        font.save(str(out))
        written.append(out)
    return written


def bundled_fonts() -> Iterator[TTFont]:
    for path in sorted(FONTS.rglob("*")):
        if path.suffix.lower() in (".otf", ".ttf"):
            yield TTFont(str(path), lazy=True)
        elif path.suffix.lower() in (".ttc", ".otc"):
            yield from TTCollection(str(path), lazy=True).fonts


def embedded_fonts() -> Iterator[TTFont]:
    """The fonts compiled into the typst wheel: sfnt files found by their table directories."""
    import typst

    blob = next(Path(typst.__file__).parent.glob("_typst*.so")).read_bytes()
    seen: set[bytes] = set()
    for magic in (b"OTTO", b"\x00\x01\x00\x00"):
        start = blob.find(magic)
        while start >= 0:
            font = _sfnt_at(blob, start)
            if font is not None and font not in seen:
                seen.add(font)
                yield TTFont(io.BytesIO(font), lazy=True)
            start = blob.find(magic, start + 1)


def _sfnt_at(blob: bytes, start: int) -> bytes | None:
    (tables,) = struct.unpack(">H", blob[start + 4 : start + 6])
    if not 5 <= tables <= 40:
        return None
    directory = [blob[start + 12 + 16 * i : start + 28 + 16 * i] for i in range(tables)]
    tags = {entry[:4] for entry in directory}
    if not {b"cmap", b"name", b"head"} <= tags or not all(t.isascii() for t in tags):
        return None
    end = max(sum(struct.unpack(">II", entry[8:16])) for entry in directory)
    candidate = blob[start : start + end]
    try:
        TTFont(io.BytesIO(candidate), lazy=True)["cmap"]
    except Exception:  # not a font after all: a byte pattern that happened to match
        return None
    return candidate


def cmap_union(fonts: Iterable[TTFont]) -> set[int]:
    """Every code point some font maps to a glyph."""
    out: set[int] = set()
    for font in fonts:
        out |= set(font.getBestCmap() or {})
    return out


def font_files_digest() -> str:
    """One digest of the bundled font files (``coverage.txt`` records it)."""
    digest = hashlib.sha256()
    for path in sorted(FONTS.rglob("*")):
        if path.suffix.lower() in (".otf", ".ttf", ".ttc", ".otc"):
            digest.update(path.relative_to(FONTS).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def needs_glyph(cp: int) -> bool:
    """The same rule as ``jobops.resume.render``: these shape into nothing."""
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return False
    return unicodedata.category(chr(cp)) not in ("Cc", "Cf", "Zl", "Zp")


#: What the probe renders: each theme's own font first, in the styles the themes set.
PRIMARIES = ("Inter", "Libertinus Serif")
STYLES = (("normal", 400), ("normal", 500), ("normal", 600), ("normal", 700))
STYLES += (("italic", 400), ("italic", 700))
_PROBE = """#import "lib/common.typ": *
#set page(width: 40cm, height: 60cm, margin: 1cm)
#set text(font: font-stack("{primary}"), style: "{style}", weight: {weight}, size: 8pt)
#for c in root.at("chars", default: ()) [#c #" "]
"""


class _Probe:
    """Renders characters with the themes' font stack and finds those that come out as a box:
    Typst uses glyph 0 for them, which pypdf extracts as NUL."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        (workdir / "fonts").symlink_to(FONTS)
        (workdir / "lib").symlink_to(FONTS.parent / "lib")
        self.pdf = workdir / "probe.pdf"

    def boxes(self, chars: list[str], primary: str, style: str, weight: int) -> list[str]:
        import json

        import typst
        from pypdf import PdfReader

        template = self.workdir / "probe.typ"
        template.write_text(_PROBE.format(primary=primary, style=style, weight=weight))

        def find(part: list[str]) -> list[str]:
            compiler = typst.Compiler(
                str(template),
                root=str(self.workdir),
                font_paths=[str(FONTS)],
                ignore_system_fonts=True,
                sys_inputs={"data": json.dumps({"chars": part})},
            )
            self.pdf.write_bytes(compiler.compile(format="pdf"))
            text = "".join(page.extract_text() or "" for page in PdfReader(self.pdf).pages)
            if "\0" not in text:
                return []
            if len(part) == 1:
                return part
            half = len(part) // 2
            return find(part[:half]) + find(part[half:])

        return [box for i in range(0, len(chars), 1000) for box in find(chars[i : i + 1000])]


def printable(candidates: set[int]) -> set[int]:
    """The candidates Typst prints with a glyph in every probed primary font and style.
    Characters only the CJK subset has are not probed: it is second in every stack and has
    the two weights the themes use (italic picks its upright face)."""
    cjk = cmap_union(TTFont(str(p), lazy=True) for p in sorted(CJK_DIR.glob("*.otf")))
    others = cmap_union(
        [
            *(f for f in bundled_fonts() if f["name"].getBestFamilyName() != CJK_FACE),
            *embedded_fonts(),
        ]
    )
    probed = sorted(cp for cp in candidates & others if needs_glyph(cp))
    chars = [chr(cp) for cp in probed]
    boxes: set[int] = set()
    with tempfile.TemporaryDirectory() as workdir:
        probe = _Probe(Path(workdir))
        for primary in PRIMARIES:
            for style, weight in STYLES:
                found = probe.boxes(chars, primary, style, weight)
                boxes |= {ord(c) for c in found}
                print(f"  {primary} {style} {weight}: {len(found)} boxes", file=sys.stderr)
    assert cjk <= candidates
    return candidates - boxes


def as_ranges(code_points: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for cp in sorted(code_points):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


def write_coverage() -> int:
    code_points = printable(cmap_union([*bundled_fonts(), *embedded_fonts()]))
    lines = [
        "# Code points a jobops render prints with a glyph (not a box), with the fonts in this",
        "# folder and those embedded in Typst, in every theme's font stack and text style.",
        "# Generated by build_fonts.py coverage (which renders them all); do not edit.",
        f"# typst {typst_version()}",
        f"# fonts {font_files_digest()}",
        *(f"{a:04X}-{b:04X}" if a != b else f"{a:04X}" for a, b in as_ranges(code_points)),
    ]
    COVERAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(code_points)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cjk = commands.add_parser("cjk", help="subset Noto Sans CJK SC into noto-cjk/")
    cjk.add_argument("source_dir", type=Path, nargs="?", default="/usr/share/fonts/opentype/noto")
    commands.add_parser("coverage", help="rewrite coverage.txt")
    args = parser.parse_args(argv)
    if args.command == "cjk":
        for path in build_cjk(args.source_dir):
            print(f"{path.relative_to(FONTS)}: {path.stat().st_size:,} bytes")
    else:
        print(f"coverage.txt: {write_coverage():,} code points")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
