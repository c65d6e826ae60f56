"""Read Reactive Resume (v4 JSON export) and JSON Resume documents into :class:`Resume`.

Reactive Resume stores rich text as HTML (``<p>``, ``<ul><li>``, ``<strong>`` ...). It is turned
into plain paragraphs and bullet lists here, once, so nothing downstream ever sees markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jobops.errors import ResumeFormatError
from jobops.resume.model import (
    Basics,
    Certification,
    Education,
    Experience,
    Language,
    Link,
    Project,
    Resume,
    SkillGroup,
)

REACTIVE_RESUME = "reactive_resume"  # v4 export: sections.summary, items with "visible"
REACTIVE_RESUME_V5 = "reactive_resume_v5"  # v5: top-level summary, items with "hidden"
JSON_RESUME = "json_resume"


class _HtmlText(HTMLParser):
    """Collects paragraphs (``<p>``, ``<br>`` breaks) and list items from a rich-text fragment."""

    _BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.items: list[str] = []
        self._buffer: list[str] = []
        self._list_depth = 0
        self._in_item = False

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
        self._buffer = []
        if not text:
            return
        (self.items if self._in_item else self.paragraphs).append(text)

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self._list_depth += 1
        elif tag == "li":
            self._flush()
            self._in_item = True
        elif tag == "br":
            self._buffer.append(" ")
        elif tag in self._BLOCKS and not self._in_item:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._flush()
            self._in_item = False
        elif tag in ("ul", "ol"):
            self._flush()
            self._list_depth = max(0, self._list_depth - 1)
        elif tag in self._BLOCKS and not self._in_item:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(fragment: str | None) -> tuple[str, list[str]]:
    """Split an HTML fragment into (paragraph text, bullet items)."""
    if not fragment:
        return "", []
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    return "\n\n".join(parser.paragraphs), parser.items


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _link(value: Any) -> str:
    """A URL from ``{"href": ...}`` (v4), ``{"url": ...}`` (v5) or a plain string."""
    if isinstance(value, dict):
        return _str(value.get("href") or value.get("url"))
    return _str(value)


def _keywords(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [k.strip() for k in value if isinstance(k, str) and k.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "project"


def _rich(fragment: Any) -> tuple[str, list[str]]:
    return html_to_text(fragment if isinstance(fragment, str) else "")


def _joined(fragment: Any) -> str:
    """Rich text as plain paragraphs, bullets included."""
    text, items = _rich(fragment)
    return "\n\n".join(filter(None, [text, *items]))


@dataclass(frozen=True)
class _Shape:
    """Where Reactive Resume keeps each field: v4 exports and v5 differ in names only."""

    hidden: Callable[[dict[str, Any]], bool]
    website: str  # basics key of the personal website
    link: str  # item key of a link
    date: str
    text: str  # item key of the rich text
    school: str
    degree: str
    grade: str
    cert_name: str
    language: str
    fluency: str


V4 = _Shape(
    hidden=lambda i: i.get("visible", True) is False,
    website="url",
    link="url",
    date="date",
    text="summary",
    school="institution",
    degree="studyType",
    grade="score",
    cert_name="name",
    language="name",
    fluency="description",
)
V5 = _Shape(
    hidden=lambda i: i.get("hidden") is True,
    website="website",
    link="website",
    date="period",
    text="description",
    school="school",
    degree="degree",
    grade="grade",
    cert_name="title",
    language="language",
    fluency="fluency",
)


def _section(
    sections: dict[str, Any], name: str, shape: _Shape, *, keep_hidden: bool = False
) -> list[dict[str, Any]]:
    section = sections.get(name)
    if not isinstance(section, dict) or (section.get("hidden") is True and not keep_hidden):
        return []
    items = section.get("items")
    if not isinstance(items, list):
        return []
    return [i for i in items if isinstance(i, dict) and (keep_hidden or not shape.hidden(i))]


def _from_reactive(doc: dict[str, Any], shape: _Shape, summary_html: Any) -> Resume:
    basics = doc.get("basics") or {}
    sections = doc.get("sections") or {}
    site_field = basics.get(shape.website) or {}
    site = _link(site_field)
    label = _str(site_field.get("label")) if isinstance(site_field, dict) else ""
    return Resume(
        basics=Basics(
            name=_str(basics.get("name")),
            headline=_str(basics.get("headline")),
            email=_str(basics.get("email")),
            phone=_str(basics.get("phone")),
            location=_str(basics.get("location")),
            website=Link(label=label or site, url=site) if site else None,
            profiles=[
                Link(
                    label=f"{_str(p.get('network'))}: {_str(p.get('username'))}".strip(": "),
                    url=_link(p.get(shape.link)),
                )
                for p in _section(sections, "profiles", shape)
            ],
        ),
        summary=_joined(summary_html).strip(),
        experience=[
            Experience(
                company=_str(i.get("company")),
                position=_str(i.get("position")),
                location=_str(i.get("location")),
                date=_str(i.get(shape.date)),
                summary=_rich(i.get(shape.text))[0],
                highlights=_rich(i.get(shape.text))[1],
            )
            for i in _section(sections, "experience", shape)
        ],
        education=[
            Education(
                institution=_str(i.get(shape.school)),
                study_type=_str(i.get(shape.degree)),
                area=_str(i.get("area")),
                date=_str(i.get(shape.date)),
                score=_str(i.get(shape.grade)),
            )
            for i in _section(sections, "education", shape)
        ],
        skills=[
            SkillGroup(name=_str(i.get("name")), keywords=_keywords(i.get("keywords")))
            for i in _section(sections, "skills", shape)
        ],
        # hidden projects are kept (marked): the catalog offers them for picking
        projects=[
            Project(
                id=_str(i.get("id")) or _slug(_str(i.get("name"))),
                name=_str(i.get("name")),
                description=_str(i.get("description")) if shape is V4 else "",
                date=_str(i.get(shape.date)),
                summary=_joined(i.get(shape.text)),
                keywords=_keywords(i.get("keywords")),
                url=_link(i.get(shape.link)),
                visible=not shape.hidden(i),
            )
            for i in _section(sections, "projects", shape, keep_hidden=True)
        ],
        certifications=[
            Certification(
                name=_str(i.get(shape.cert_name)),
                issuer=_str(i.get("issuer")),
                date=_str(i.get("date")),
            )
            for i in _section(sections, "certifications", shape)
        ],
        languages=[
            Language(name=_str(i.get(shape.language)), level=_str(i.get(shape.fluency)))
            for i in _section(sections, "languages", shape)
        ],
    )


def from_reactive_resume(doc: dict[str, Any]) -> Resume:
    """Reactive Resume v4 export (summary under ``sections``, items with ``visible``)."""
    summary = (doc.get("sections") or {}).get("summary") or {}
    return _from_reactive(doc, V4, summary.get("content"))


def from_reactive_resume_v5(doc: dict[str, Any]) -> Resume:
    """Reactive Resume v5 (the shape its API returns under ``data``). v5 projects carry no
    keywords; project picks then rank them by their name and description."""
    summary = doc.get("summary") or {}
    return _from_reactive(
        doc, V5, None if summary.get("hidden") is True else summary.get("content")
    )


def _date_range(item: dict[str, Any]) -> str:
    start, end = _str(item.get("startDate")), _str(item.get("endDate"))
    if start and not end:
        return f"{start} – Present"
    return " – ".join(filter(None, [start, end]))


def from_json_resume(doc: dict[str, Any]) -> Resume:
    basics = doc.get("basics") or {}
    location = basics.get("location") or {}
    where = ", ".join(
        filter(None, [_str(location.get(k)) for k in ("city", "region", "countryCode")])
    )
    website = _str(basics.get("url"))
    projects: list[Project] = []
    used: set[str] = set()
    for item in doc.get("projects") or []:
        if not isinstance(item, dict):
            continue
        pid = _str(item.get("id")) or _slug(_str(item.get("name")))
        while pid in used:
            pid += "-2"
        used.add(pid)
        projects.append(
            Project(
                id=pid,
                name=_str(item.get("name")),
                description=_str(item.get("description")),
                date=_date_range(item),
                summary="\n\n".join(_keywords(item.get("highlights"))),
                keywords=_keywords(item.get("keywords")),
                url=_str(item.get("url")),
            )
        )
    return Resume(
        basics=Basics(
            name=_str(basics.get("name")),
            headline=_str(basics.get("label")),
            email=_str(basics.get("email")),
            phone=_str(basics.get("phone")),
            location=where,
            website=Link(label=website, url=website) if website else None,
            profiles=[
                Link(
                    label=f"{_str(p.get('network'))}: {_str(p.get('username'))}".strip(": "),
                    url=_str(p.get("url")),
                )
                for p in basics.get("profiles") or []
                if isinstance(p, dict)
            ],
        ),
        summary=_str(basics.get("summary")),
        experience=[
            Experience(
                company=_str(i.get("name") or i.get("company")),
                position=_str(i.get("position")),
                location=_str(i.get("location")),
                date=_date_range(i),
                summary=_str(i.get("summary")),
                highlights=_keywords(i.get("highlights")),
            )
            for i in doc.get("work") or []
            if isinstance(i, dict)
        ],
        education=[
            Education(
                institution=_str(i.get("institution")),
                study_type=_str(i.get("studyType")),
                area=_str(i.get("area")),
                date=_date_range(i),
                score=_str(i.get("score")),
            )
            for i in doc.get("education") or []
            if isinstance(i, dict)
        ],
        skills=[
            SkillGroup(name=_str(i.get("name")), keywords=_keywords(i.get("keywords")))
            for i in doc.get("skills") or []
            if isinstance(i, dict)
        ],
        projects=projects,
        certifications=[
            Certification(
                name=_str(i.get("name")), issuer=_str(i.get("issuer")), date=_str(i.get("date"))
            )
            for i in doc.get("certificates") or []
            if isinstance(i, dict)
        ],
        languages=[
            Language(name=_str(i.get("language")), level=_str(i.get("fluency")))
            for i in doc.get("languages") or []
            if isinstance(i, dict)
        ],
    )


def unwrap(doc: Any) -> Any:
    """Reactive Resume's API wraps the resume: ``{"id", "name", "data": {...}}``."""
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict) and "basics" not in doc:
        return doc["data"]
    return doc


def detect_format(doc: Any) -> str:
    if isinstance(doc, dict) and isinstance(doc.get("sections"), dict) and "basics" in doc:
        if isinstance(doc.get("summary"), dict) and "summary" not in doc["sections"]:
            return REACTIVE_RESUME_V5
        return REACTIVE_RESUME
    if (
        isinstance(doc, dict)
        and isinstance(doc.get("basics"), dict)
        and ("work" in doc or "skills" in doc or "education" in doc or "projects" in doc)
    ):
        return JSON_RESUME
    raise ResumeFormatError()


def parse_resume(doc: Any) -> tuple[str, Resume]:
    """Detect the format of a parsed JSON document and convert it. Returns (format, resume)."""
    doc = unwrap(doc)
    fmt = detect_format(doc)
    convert = {
        REACTIVE_RESUME: from_reactive_resume,
        REACTIVE_RESUME_V5: from_reactive_resume_v5,
        JSON_RESUME: from_json_resume,
    }[fmt]
    try:
        resume = convert(doc)
    except (ValidationError, AttributeError, TypeError) as exc:
        raise ResumeFormatError(
            f"The {fmt.replace('_', ' ')} document is malformed: {exc}"
        ) from exc
    if not resume.basics.name:
        raise ResumeFormatError("The resume has no name (basics.name).")
    return fmt, resume


def load_resume_file(path: Path) -> tuple[str, Resume]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResumeFormatError(f"No such file: {path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResumeFormatError(f"{path} is not a JSON file: {exc}") from exc
    return parse_resume(doc)
