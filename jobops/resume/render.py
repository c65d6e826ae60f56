"""Resume + tailored fields -> Typst template data -> PDF. The only module importing ``typst``.

User text reaches the template as JSON data (``sys.inputs``), never pasted into markup, so Typst
syntax in a job description or a summary is printed literally. PDFs are written atomically (a
temporary file renamed into place), so a crash never leaves a half-written PDF behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import typst

from jobops.errors import RenderFailed
from jobops.resume.model import Resume, SkillGroup

#: Bumped when the data contract between this module and the templates changes.
TEMPLATE_CONTRACT = "2"
FONTS_DIRNAME = "fonts"
#: Shared Typst code the themes import (not themes themselves).
LIBRARY_DIRNAME = "lib"
PAPERS = ("a4", "us-letter")


@dataclass
class Tailoring:
    """The job-specific inputs of a render. Empty fields fall back to the base resume."""

    headline: str | None = None
    summary: str | None = None
    skills: list[SkillGroup] | None = None
    project_ids: list[str] | None = None
    employer: str = ""
    job_title: str = ""
    paper: str = "a4"
    #: Inputs the PDF depends on without printing them (e.g. the job description).
    extra: dict[str, Any] = field(default_factory=dict)


def render_model(resume: Resume, tailoring: Tailoring) -> dict[str, Any]:
    """The template data: the base resume with the tailored fields applied."""
    basics = resume.basics
    contacts = [basics.email, basics.phone, basics.location]
    if basics.website:
        contacts.append(basics.website.label or basics.website.url)
    contacts += [_bare(p.url) or p.label for p in basics.profiles]
    contacts += [_bare(f.url) or f.label for f in basics.custom_fields]

    projects = resume.projects
    if tailoring.project_ids is not None:
        by_id = {p.id: p for p in resume.projects}
        projects = [by_id[i] for i in tailoring.project_ids if i in by_id]
    else:
        projects = [p for p in projects if p.visible]

    headline = tailoring.headline or basics.headline
    title_bits = [basics.name, headline, tailoring.employer]
    return {
        "meta": {
            "title": " – ".join(b for b in title_bits if b),
            "author": basics.name,
            "paper": tailoring.paper,
        },
        "name": basics.name,
        "headline": headline,
        "contacts": [c for c in contacts if c],
        "summary": tailoring.summary or resume.summary,
        "skills": [
            g.model_dump()
            for g in (tailoring.skills if tailoring.skills is not None else resume.skills)
        ],
        "experience": [e.model_dump() for e in resume.experience],
        "projects": [
            {k: v for k, v in p.model_dump().items() if k not in ("id", "visible")}
            for p in projects
        ],
        "education": [
            {
                "institution": e.institution,
                "studyType": e.study_type,
                "area": e.area,
                "date": e.date,
                "score": e.score,
            }
            for e in resume.education
        ],
        "certifications": [c.model_dump() for c in resume.certifications],
        "languages": [lang.model_dump() for lang in resume.languages],
        "awards": [a.model_dump() for a in resume.awards],
        "publications": [p.model_dump() for p in resume.publications],
        "volunteering": [v.model_dump() for v in resume.volunteering],
        "interests": [i.model_dump() for i in resume.interests],
        "customSections": [s.model_dump() for s in resume.custom_sections],
    }


def _bare(url: str) -> str:
    return url.removeprefix("https://").removeprefix("http://")


def available_themes(templates_dir: Path) -> list[str]:
    """Theme names: the ``.typ`` files in the templates folder."""
    return sorted(p.stem for p in templates_dir.glob("*.typ"))


def template_path(templates_dir: Path, theme: str) -> Path:
    path = (templates_dir / f"{theme}.typ").resolve()
    if path.parent != templates_dir.resolve() or not path.is_file():
        themes = ", ".join(available_themes(templates_dir)) or "none"
        raise RenderFailed(f"No resume template named {theme!r} (themes: {themes}).")
    return path


@lru_cache(maxsize=64)
def _file_digest(path: Path, _mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _template_files(template: Path) -> list[Path]:
    """The theme file and the shared library it imports."""
    return [template, *sorted((template.parent / LIBRARY_DIRNAME).glob("*.typ"))]


def fingerprint(
    model: dict[str, Any], template: Path, *, extra: dict[str, Any] | None = None
) -> str:
    """A digest of everything that determines the PDF: the template data, the template file, the
    data contract, and ``extra`` inputs the PDF depends on indirectly (the job description the
    tailored fields were written for)."""
    digest = hashlib.sha256()
    digest.update(TEMPLATE_CONTRACT.encode())
    for path in _template_files(template):
        digest.update(_file_digest(path, path.stat().st_mtime_ns).encode())
    payload = {"model": model, "extra": extra or {}}
    digest.update(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def compile_pdf(
    model: dict[str, Any],
    template: Path,
    *,
    timestamp: datetime | None = None,
    output_format: Literal["pdf", "png"] = "pdf",
    ppi: float | None = None,
) -> bytes:
    """Compile the template with ``model`` as data, with the fonts bundled next to the templates
    and no system fonts (the same PDF on every machine). A missing font is an error, not a silent
    fallback. A fresh compiler per call: they are not thread-safe, and a resume takes a few ms.
    ``output_format="png"`` renders page 1 as an image (for previews)."""
    fonts_dir = template.parent / FONTS_DIRNAME
    try:
        compiler = typst.Compiler(
            str(template),
            root=str(template.parent),
            font_paths=[str(fonts_dir)],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(model, ensure_ascii=False)},
        )
        output, warnings = compiler.compile_with_warnings(
            format=output_format, timestamp=timestamp, ppi=ppi
        )
    except typst.TypstError as exc:
        raise RenderFailed(f"Typst could not compile {template.name}: {exc.message}") from exc
    problems = [w.message for w in warnings if "font" in w.message.casefold()]
    if problems:
        raise RenderFailed(f"Typst font problem in {template.name}: {'; '.join(problems)}")
    if isinstance(output, list):
        output = output[0] if output else None
    if not isinstance(output, bytes):
        raise RenderFailed("Typst returned no output.")
    return output


def write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class RenderedPdf:
    path: Path
    fingerprint: str
    size: int


def render_pdf(
    resume: Resume,
    tailoring: Tailoring,
    *,
    templates_dir: Path,
    theme: str,
    out_path: Path,
    timestamp: datetime | None = None,
) -> RenderedPdf:
    template = template_path(templates_dir, theme)
    model = render_model(resume, tailoring)
    pdf = compile_pdf(model, template, timestamp=timestamp)
    write_atomically(out_path, pdf)
    digest = fingerprint(model, template, extra=tailoring.extra)
    return RenderedPdf(path=out_path, fingerprint=digest, size=len(pdf))
