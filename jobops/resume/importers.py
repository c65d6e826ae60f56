"""Read Reactive Resume (v4 export, v5) and JSON Resume documents into :class:`Resume`, whole.

Every section of the three formats either arrives in the internal model (a Reactive Resume v5
custom section joins the section of its ``type``; a v4 custom section stays a titled section of
its own) or is named in the :class:`ImportReport` with the reason it was left out: hidden in the
source, or a kind jobops does not print (references, a cover letter, the photo). The skipped list
is stored with the resume, so the API can show it later.

Reactive Resume stores rich text as HTML (``<p>``, ``<ul><li>``, ``<strong>`` ...). It is turned
into plain paragraphs and bullet lists here, once, so nothing downstream ever sees markup. Dates
of every format are printed one way (:mod:`jobops.resume.dates`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jobops.errors import ResumeFormatError
from jobops.resume.dates import format_date, format_period, normalise_period
from jobops.resume.model import (
    Award,
    Basics,
    Certification,
    CustomItem,
    CustomSection,
    Education,
    Experience,
    Interest,
    Language,
    Link,
    Project,
    Publication,
    Resume,
    SkillGroup,
    Skipped,
    Volunteering,
)

REACTIVE_RESUME = "reactive_resume"  # v4 export: sections.summary, items with "visible"
REACTIVE_RESUME_V5 = "reactive_resume_v5"  # v5: top-level summary, items with "hidden"
JSON_RESUME = "json_resume"

HIDDEN = "hidden"
HIDDEN_SECTION = "hidden section"
NOT_PRINTED = "not printed"
HIDDEN_PROJECT = "hidden: printed only when picked for a job"


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


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _is_url(text: str) -> bool:
    return re.match(r"^(https?://|mailto:|www\.)\S+$", text) is not None


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# ------------------------------------------------------------------------------------ the report


#: How :meth:`ImportReport.describe` counts each section (one, many), in its order.
_LABELS = {
    "experience": ("role", "roles"),
    "education": ("education entry", "education entries"),
    "skills": ("skill group", "skill groups"),
    "projects": ("project", "projects"),
    "certifications": ("certification", "certifications"),
    "languages": ("language", "languages"),
    "awards": ("award", "awards"),
    "publications": ("publication", "publications"),
    "volunteering": ("volunteering role", "volunteering roles"),
    "interests": ("interest", "interests"),
    "custom_sections": ("custom section", "custom sections"),
    "profiles": ("profile", "profiles"),
    "custom_fields": ("custom field", "custom fields"),
}


@dataclass(frozen=True)
class ImportReport:
    """What an import brought in (items per section) and what it left out, and why."""

    format: str
    imported: dict[str, int]
    project_ids: list[str]
    skipped: list[Skipped]

    def describe(self) -> str:
        """One line for people: ``3 roles, 2 skill groups, projects p1, p2, 1 award; skipped:
        references (2 items, not printed: ...)``."""
        parts = []
        for key, (one, many) in _LABELS.items():
            count = self.imported.get(key, 0)
            if key == "projects":
                parts.append(f"projects {', '.join(self.project_ids) or 'none'}")
            elif count or key in ("experience", "skills"):
                parts.append(_plural(count, one, many))
        skipped = "; skipped: " + ", ".join(map(_describe, self.skipped)) if self.skipped else ""
        return ", ".join(parts) + (skipped or "; nothing skipped")


def _describe(skipped: Skipped) -> str:
    if skipped.items:
        return f"{skipped.section} ({_plural(skipped.items, 'item')}, {skipped.reason})"
    return f"{skipped.section} ({skipped.reason})"


def import_report(source_format: str, resume: Resume) -> ImportReport:
    """The report of a resume as stored: its sections counted, its ``skipped`` list."""
    imported = {
        "experience": len(resume.experience),
        "education": len(resume.education),
        "skills": len(resume.skills),
        "projects": len(resume.projects),
        "certifications": len(resume.certifications),
        "languages": len(resume.languages),
        "awards": len(resume.awards),
        "publications": len(resume.publications),
        "volunteering": len(resume.volunteering),
        "interests": len(resume.interests),
        "custom_sections": len(resume.custom_sections),
        "profiles": len(resume.basics.profiles),
        "custom_fields": len(resume.basics.custom_fields),
    }
    return ImportReport(
        format=source_format,
        imported={k: v for k, v in imported.items() if v},
        project_ids=resume.project_ids(),
        skipped=list(resume.skipped),
    )


@dataclass(frozen=True)
class ImportedResume:
    format: str
    resume: Resume
    report: ImportReport


# ------------------------------------------------------------------------------ Reactive Resume


@dataclass(frozen=True)
class _Shape:
    """Where Reactive Resume keeps each field: v4 exports and v5 differ in names only."""

    hidden: Callable[[dict[str, Any]], bool]
    website: str  # basics key of the personal website
    link: str  # item key of a link
    date: str  # item key of a date range (experience, education, projects, volunteering)
    text: str  # item key of the rich text
    school: str
    degree: str
    grade: str
    title: str  # item key of a certification's or publication's name
    language: str
    fluency: str
    project_subtitle: str  # plain-text line under a project's name ("" when there is none)


V4 = _Shape(
    hidden=lambda i: i.get("visible", True) is False,
    website="url",
    link="url",
    date="date",
    text="summary",
    school="institution",
    degree="studyType",
    grade="score",
    title="name",
    language="name",
    fluency="description",
    project_subtitle="description",
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
    title="title",
    language="language",
    fluency="fluency",
    project_subtitle="",
)


@dataclass
class _Build:
    """The resume under construction, section by section, and what was left out."""

    shape: _Shape
    summary: list[str] = field(default_factory=list)
    sections: dict[str, list[Any]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, section: str, items: list[Any]) -> None:
        self.sections.setdefault(section, []).extend(items)

    def skip(self, section: str, items: int, reason: str) -> None:
        self.skipped.append(Skipped(section=section, items=items, reason=reason))


def _rr_experience(item: dict[str, Any], shape: _Shape) -> list[Experience]:
    """One job; a v5 job with several ``roles`` becomes one entry per role (the job's own text
    goes with the first, the latest)."""
    text, highlights = _rich(item.get(shape.text))
    base = {
        "company": _str(item.get("company")),
        "position": _str(item.get("position")),
        "location": _str(item.get("location")),
        "date": normalise_period(_str(item.get(shape.date))),
    }
    roles = _dicts(item.get("roles"))
    if not roles:
        return [Experience(**base, summary=text, highlights=highlights)]
    entries = []
    for index, role in enumerate(roles):
        role_text, role_highlights = _rich(role.get("description"))
        lead = (text, highlights) if index == 0 else ("", [])
        entries.append(
            Experience(
                **{
                    **base,
                    "position": _str(role.get("position")) or base["position"],
                    "date": normalise_period(_str(role.get("period"))) or base["date"],
                },
                summary="\n\n".join(filter(None, [lead[0], role_text])),
                highlights=[*lead[1], *role_highlights],
            )
        )
    return entries


def _rr_education(item: dict[str, Any], shape: _Shape) -> list[Education]:
    return [
        Education(
            institution=_str(item.get(shape.school)),
            study_type=_str(item.get(shape.degree)),
            area=_str(item.get("area")),
            date=normalise_period(_str(item.get(shape.date))),
            score=_str(item.get(shape.grade)),
        )
    ]


def _rr_skill(item: dict[str, Any], _shape: _Shape) -> list[SkillGroup]:
    return [SkillGroup(name=_str(item.get("name")), keywords=_keywords(item.get("keywords")))]


def _rr_project(item: dict[str, Any], shape: _Shape) -> list[Project]:
    return [
        Project(
            id=_str(item.get("id")) or _slug(_str(item.get("name"))),
            name=_str(item.get("name")),
            description=_str(item.get(shape.project_subtitle)) if shape.project_subtitle else "",
            date=normalise_period(_str(item.get(shape.date))),
            summary=_joined(item.get(shape.text)),
            keywords=_keywords(item.get("keywords")),
            url=_link(item.get(shape.link)),
        )
    ]


def _rr_certification(item: dict[str, Any], shape: _Shape) -> list[Certification]:
    return [
        Certification(
            name=_str(item.get(shape.title)),
            issuer=_str(item.get("issuer")),
            date=normalise_period(_str(item.get("date"))),
        )
    ]


def _rr_language(item: dict[str, Any], shape: _Shape) -> list[Language]:
    return [Language(name=_str(item.get(shape.language)), level=_str(item.get(shape.fluency)))]


def _rr_award(item: dict[str, Any], shape: _Shape) -> list[Award]:
    return [
        Award(
            title=_str(item.get("title")),
            awarder=_str(item.get("awarder")),
            date=normalise_period(_str(item.get("date"))),
            summary=_joined(item.get(shape.text)),
        )
    ]


def _rr_publication(item: dict[str, Any], shape: _Shape) -> list[Publication]:
    return [
        Publication(
            name=_str(item.get(shape.title)),
            publisher=_str(item.get("publisher")),
            date=normalise_period(_str(item.get("date"))),
            url=_link(item.get(shape.link)),
            summary=_joined(item.get(shape.text)),
        )
    ]


def _rr_volunteering(item: dict[str, Any], shape: _Shape) -> list[Volunteering]:
    text, highlights = _rich(item.get(shape.text))
    return [
        Volunteering(
            organization=_str(item.get("organization")),
            position=_str(item.get("position")),  # v4 only: v5 volunteering has no position
            location=_str(item.get("location")),
            date=normalise_period(_str(item.get(shape.date))),
            summary=text,
            highlights=highlights,
        )
    ]


def _rr_interest(item: dict[str, Any], _shape: _Shape) -> list[Interest]:
    return [Interest(name=_str(item.get("name")), keywords=_keywords(item.get("keywords")))]


def _rr_profile(item: dict[str, Any], shape: _Shape) -> list[Link]:
    network, username = _str(item.get("network")), _str(item.get("username"))
    return [Link(label=f"{network}: {username}".strip(": "), url=_link(item.get(shape.link)))]


#: Reactive Resume section (or v5 custom-section type) -> (Resume section, item reader).
_READERS: dict[str, tuple[str, Callable[[dict[str, Any], _Shape], list[Any]]]] = {
    "experience": ("experience", _rr_experience),
    "education": ("education", _rr_education),
    "skills": ("skills", _rr_skill),
    "projects": ("projects", _rr_project),
    "certifications": ("certifications", _rr_certification),
    "languages": ("languages", _rr_language),
    "awards": ("awards", _rr_award),
    "publications": ("publications", _rr_publication),
    "volunteer": ("volunteering", _rr_volunteering),
    "interests": ("interests", _rr_interest),
    "profiles": ("profiles", _rr_profile),
}
#: Kinds jobops keeps out of a resume PDF on purpose.
_NOT_PRINTED = {
    "references": NOT_PRINTED,
    "cover-letter": "a cover letter, not printed",
}


def _has_text(item: Any) -> bool:
    """Whether an imported item has anything to print."""
    values = item.model_dump(exclude={"id", "visible"}).values()
    return any(v.strip() if isinstance(v, str) else v for v in values)


def _read_section(build: _Build, kind: str, label: str, section: dict[str, Any]) -> None:
    """One Reactive Resume section (built-in or custom) of ``kind`` into the build."""
    items = _dicts(section.get("items"))
    section_hidden = section.get("hidden") is True or section.get("visible") is False
    if kind in _NOT_PRINTED:
        if items:
            build.skip(label, len(items), _NOT_PRINTED[kind])
        return
    if kind == "summary":  # a v5 custom section of summary items: more summary paragraphs
        if section_hidden:
            build.skip(label, len(items), HIDDEN_SECTION)
            return
        shown = [i for i in items if not build.shape.hidden(i)]
        build.summary += [text for i in shown if (text := _joined(i.get("content")))]
        if len(shown) < len(items):
            build.skip(label, len(items) - len(shown), HIDDEN)
        return
    if kind not in _READERS:
        if items:
            build.skip(label, len(items), f"unknown type {kind!r}, not printed")
        return
    target, read = _READERS[kind]
    if kind == "projects":  # hidden projects are kept, marked: the catalog offers them
        hidden = [section_hidden or build.shape.hidden(i) for i in items]
        projects = [
            p.model_copy(update={"visible": not h})
            for i, h in zip(items, hidden, strict=True)
            for p in read(i, build.shape)
        ]
        build.add(target, projects)
        if any(hidden):
            build.skip(label, sum(hidden), HIDDEN_PROJECT)
        return
    if section_hidden:
        if items:
            build.skip(label, len(items), HIDDEN_SECTION)
        return
    shown = [i for i in items if not build.shape.hidden(i)]
    if len(shown) < len(items):
        build.skip(label, len(items) - len(shown), HIDDEN)
    read_items = [entry for i in shown for entry in read(i, build.shape)]
    kept = [entry for entry in read_items if _has_text(entry)]
    if len(kept) < len(read_items):
        build.skip(label, len(read_items) - len(kept), "empty")
    build.add(target, kept)


def _v4_custom(build: _Build, sections: dict[str, Any]) -> list[CustomSection]:
    """v4 ``sections.custom``: sections the user named, one generic item shape; each stays a
    section of its own under its name."""
    out = []
    custom = sections.get("custom")
    for key, section in (custom if isinstance(custom, dict) else {}).items():
        if not isinstance(section, dict):
            continue
        title = _str(section.get("name")) or str(key)
        label = f"custom section {title!r}"
        items = _dicts(section.get("items"))
        if section.get("visible") is False:
            if items:
                build.skip(label, len(items), HIDDEN_SECTION)
            continue
        shown = [i for i in items if i.get("visible", True) is not False]
        if len(shown) < len(items):
            build.skip(label, len(items) - len(shown), HIDDEN)
        entries = [
            CustomItem(
                name=_str(i.get("name")),
                description=_str(i.get("description")),
                date=normalise_period(_str(i.get("date"))),
                location=_str(i.get("location")),
                summary=_joined(i.get("summary")),
                keywords=_keywords(i.get("keywords")),
                url=_link(i.get("url")),
            )
            for i in shown
        ]
        kept = [e for e in entries if _has_text(e)]
        if len(kept) < len(entries):
            build.skip(label, len(entries) - len(kept), "empty")
        if kept:
            out.append(CustomSection(title=title, items=kept))
    return out


def _custom_fields(fields: Any) -> list[Link]:
    """Header fields: v4 ``{name, value}`` (a link when the value is a URL), v5 ``{text, link}``."""
    out = []
    for f in _dicts(fields):
        if "text" in f or "link" in f:  # v5
            text, link = _str(f.get("text")), _str(f.get("link"))
        else:
            name, value = _str(f.get("name")), _str(f.get("value"))
            link = value if _is_url(value) else ""
            text = (name or value) if link else ": ".join(filter(None, [name, value]))
        if text or link:
            out.append(Link(label=text, url=link))
    return out


def _unique_ids(projects: list[Project]) -> list[Project]:
    """Project ids are how tailoring picks projects: a custom section may repeat one."""
    used: set[str] = set()
    out = []
    for project in projects:
        pid = project.id
        while pid in used:
            pid += "-2"
        used.add(pid)
        out.append(project if pid == project.id else project.model_copy(update={"id": pid}))
    return out


_KNOWN_V4 = {"summary", "custom", *_READERS, *_NOT_PRINTED}


def _from_reactive(doc: dict[str, Any], shape: _Shape) -> Resume:
    basics = doc.get("basics") or {}
    sections = doc.get("sections") or {}
    build = _Build(shape)

    summary = doc.get("summary") if shape is V5 else sections.get("summary")
    summary = summary if isinstance(summary, dict) else {}
    summary_text = _joined(summary.get("content")).strip()
    if summary_text and (summary.get("hidden") is True or summary.get("visible") is False):
        build.skip("summary", 0, HIDDEN)
    elif summary_text:
        build.summary.append(summary_text)

    for key, section in sections.items():
        if key in ("summary", "custom") or not isinstance(section, dict):
            continue
        if key not in _KNOWN_V4:
            if _dicts(section.get("items")):
                build.skip(key, len(_dicts(section.get("items"))), "unknown section, not printed")
            continue
        _read_section(build, key, key, section)
    custom = _v4_custom(build, sections) if shape is V4 else []
    for section in _dicts(doc.get("customSections")):
        kind = _str(section.get("type"))
        title = _str(section.get("title"))
        label = f"custom section {title!r}" if title else f"custom section ({kind or 'untyped'})"
        _read_section(build, kind, label, section)

    picture = doc.get("picture") if shape is V5 else basics.get("picture")
    if isinstance(picture, dict) and _str(picture.get("url")):
        build.skip("photo", 0, NOT_PRINTED)

    site_field = basics.get(shape.website) or {}
    site = _link(site_field)
    label = _str(site_field.get("label")) if isinstance(site_field, dict) else ""
    found = build.sections
    return Resume(
        basics=Basics(
            name=_str(basics.get("name")),
            headline=_str(basics.get("headline")),
            email=_str(basics.get("email")),
            phone=_str(basics.get("phone")),
            location=_str(basics.get("location")),
            website=Link(label=label or site, url=site) if site else None,
            profiles=found.get("profiles", []),
            custom_fields=_custom_fields(basics.get("customFields")),
        ),
        summary="\n\n".join(build.summary),
        experience=found.get("experience", []),
        education=found.get("education", []),
        skills=found.get("skills", []),
        projects=_unique_ids(found.get("projects", [])),
        certifications=found.get("certifications", []),
        languages=found.get("languages", []),
        awards=found.get("awards", []),
        publications=found.get("publications", []),
        volunteering=found.get("volunteering", []),
        interests=found.get("interests", []),
        custom_sections=custom,
        skipped=build.skipped,
    )


def from_reactive_resume(doc: dict[str, Any]) -> Resume:
    """Reactive Resume v4 export (summary under ``sections``, items with ``visible``)."""
    return _from_reactive(doc, V4)


def from_reactive_resume_v5(doc: dict[str, Any]) -> Resume:
    """Reactive Resume v5 (the shape its API returns under ``data``). v5 projects carry no
    keywords; project picks then rank them by their name and description."""
    return _from_reactive(doc, V5)


# ---------------------------------------------------------------------------------- JSON Resume

#: Top-level keys that hold no resume content.
_JSON_META = {"$schema", "meta"}
_JSON_SECTIONS = {
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
}


def _json_items(doc: dict[str, Any], key: str) -> Iterator[dict[str, Any]]:
    yield from _dicts(doc.get(key))


def _json_projects(doc: dict[str, Any]) -> list[Project]:
    projects = [
        Project(
            id=_str(item.get("id")) or _slug(_str(item.get("name"))),
            name=_str(item.get("name")),
            description=_str(item.get("description")),
            date=_period(item),
            summary="\n\n".join(_keywords(item.get("highlights"))),
            keywords=_keywords(item.get("keywords")),
            url=_str(item.get("url")),
        )
        for item in _json_items(doc, "projects")
    ]
    return _unique_ids(projects)


def _period(item: dict[str, Any]) -> str:
    return format_period(_str(item.get("startDate")), _str(item.get("endDate")))


def from_json_resume(doc: dict[str, Any]) -> Resume:
    basics = doc.get("basics") or {}
    location = basics.get("location") or {}
    where = ", ".join(
        filter(None, [_str(location.get(k)) for k in ("city", "region", "countryCode")])
    )
    website = _str(basics.get("url"))
    skipped: list[Skipped] = []
    references = _dicts(doc.get("references"))
    if references:
        skipped.append(
            Skipped(section="references", items=len(references), reason=_NOT_PRINTED["references"])
        )
    if _str(basics.get("image") or basics.get("picture")):
        skipped.append(Skipped(section="photo", reason=NOT_PRINTED))
    for key, value in doc.items():
        if key in _JSON_SECTIONS or key in _JSON_META or not value:
            continue
        count = len(value) if isinstance(value, list) else 0
        skipped.append(
            Skipped(section=key, items=count, reason="not a JSON Resume section, not printed")
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
                for p in _dicts(basics.get("profiles"))
            ],
        ),
        summary=_str(basics.get("summary")),
        experience=[
            Experience(
                company=_str(i.get("name") or i.get("company")),
                position=_str(i.get("position")),
                location=_str(i.get("location")),
                date=_period(i),
                summary=_str(i.get("summary")),
                highlights=_keywords(i.get("highlights")),
            )
            for i in _json_items(doc, "work")
        ],
        education=[
            Education(
                institution=_str(i.get("institution")),
                study_type=_str(i.get("studyType")),
                area=_str(i.get("area")),
                date=_period(i),
                score=_str(i.get("score")),
            )
            for i in _json_items(doc, "education")
        ],
        skills=[
            SkillGroup(name=_str(i.get("name")), keywords=_keywords(i.get("keywords")))
            for i in _json_items(doc, "skills")
        ],
        projects=_json_projects(doc),
        certifications=[
            Certification(
                name=_str(i.get("name")),
                issuer=_str(i.get("issuer")),
                date=format_date(_str(i.get("date"))),
            )
            for i in _json_items(doc, "certificates")
        ],
        languages=[
            Language(name=_str(i.get("language")), level=_str(i.get("fluency")))
            for i in _json_items(doc, "languages")
        ],
        awards=[
            Award(
                title=_str(i.get("title")),
                awarder=_str(i.get("awarder")),
                date=format_date(_str(i.get("date"))),
                summary=_str(i.get("summary")),
            )
            for i in _json_items(doc, "awards")
        ],
        publications=[
            Publication(
                name=_str(i.get("name")),
                publisher=_str(i.get("publisher")),
                date=format_date(_str(i.get("releaseDate"))),
                url=_str(i.get("url")),
                summary=_str(i.get("summary")),
            )
            for i in _json_items(doc, "publications")
        ],
        volunteering=[
            Volunteering(
                organization=_str(i.get("organization")),
                position=_str(i.get("position")),
                date=_period(i),
                summary=_str(i.get("summary")),
                highlights=_keywords(i.get("highlights")),
            )
            for i in _json_items(doc, "volunteer")
        ],
        interests=[
            Interest(name=_str(i.get("name")), keywords=_keywords(i.get("keywords")))
            for i in _json_items(doc, "interests")
        ],
        skipped=skipped,
    )


# ------------------------------------------------------------------------------------- entries


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


def read_resume(doc: Any) -> ImportedResume:
    """Detect the format of a parsed JSON document and convert it, with its import report."""
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
    return ImportedResume(fmt, resume, import_report(fmt, resume))


def read_resume_file(path: Path) -> ImportedResume:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResumeFormatError(f"No such file: {path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResumeFormatError(f"{path} is not a JSON file: {exc}") from exc
    return read_resume(doc)


def parse_resume(doc: Any) -> tuple[str, Resume]:
    """:func:`read_resume` without the report: (format, resume)."""
    imported = read_resume(doc)
    return imported.format, imported.resume


def load_resume_file(path: Path) -> tuple[str, Resume]:
    """:func:`read_resume_file` without the report: (format, resume)."""
    imported = read_resume_file(path)
    return imported.format, imported.resume
