"""What may leave the process: minimised prompts and redacted log fields. Pure functions."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from jobops.llm.base import JobBrief, Profile, ProfileProject, ProfileRole
from jobops.models import Job
from jobops.resume.model import Resume

MAX_DESCRIPTION_CHARS = 12_000
MAX_LOG_STRING = 500
_SECRET_KEY = re.compile(
    r"authorization|cookie|password|passwd|secret|token|api[-_ ]?key|credential", re.I
)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|br|tr|h[1-6]|section|article)\b[^>]*>", re.I)
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")


def strip_html(text: str) -> str:
    """Block tags become line breaks, other tags vanish, entities are decoded, spaces folded."""
    text = _BLOCK_TAG.sub("\n", text)
    text = html.unescape(_TAG.sub("", text)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _scrub(text: str) -> str:
    """Remove contact details that may hide in free text (a summary, a bullet)."""
    return _PHONE.sub("[phone]", _EMAIL.sub("[email]", _URL.sub("[link]", text)))


def minimise_profile(resume: Resume) -> Profile:
    """The resume as a scoring prompt may see it: no name, contacts, location, URLs or employers."""
    name_parts = [p for p in re.split(r"\s+", resume.basics.name) if len(p) > 2]

    def clean(text: str) -> str:
        text = _scrub(text)
        for part in name_parts:
            text = re.sub(re.escape(part), "[name]", text, flags=re.I)
        return text

    return Profile(
        headline=clean(resume.basics.headline),
        summary=clean(resume.summary),
        skills=resume.skills,
        roles=[
            ProfileRole(position=clean(e.position), highlights=[clean(h) for h in e.highlights])
            for e in resume.experience
        ],
        projects=[
            ProfileProject(
                id=p.id, name=clean(p.name), description=clean(p.description), keywords=p.keywords
            )
            for p in resume.projects
        ],
    )


def job_brief(
    title: str,
    employer: str,
    description: str | None,
    location: str | None,
    salary: str | None,
    *,
    max_chars: int = MAX_DESCRIPTION_CHARS,
) -> JobBrief:
    """The job as an LLM sees it: listing fields, the description without markup, capped."""
    text = strip_html(description or "")
    if len(text) > max_chars:
        text = text[:max_chars] + " …"
    return JobBrief(
        title=title,
        employer=employer,
        location=location or "",
        salary=salary or "",
        description=text,
    )


def brief_of(job: Job, *, max_chars: int = MAX_DESCRIPTION_CHARS) -> JobBrief:
    """:func:`job_brief` of a stored job (``max_chars``: ``llm.max_description_chars``)."""
    return job_brief(
        job.title, job.employer, job.job_description, job.location, job.salary, max_chars=max_chars
    )


def redact(value: Any, *, depth: int = 0) -> Any:
    """A log-safe copy: secret-looking keys replaced, long strings truncated, depth bounded."""
    if depth > 5:
        return "[TRUNCATED_DEPTH]"
    if isinstance(value, Mapping):
        return {
            str(k): "[REDACTED]" if _SECRET_KEY.search(str(k)) else redact(v, depth=depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v, depth=depth + 1) for v in value[:30]]
    if isinstance(value, str) and len(value) > MAX_LOG_STRING:
        return f"{value[:MAX_LOG_STRING]}…(truncated {len(value) - MAX_LOG_STRING} chars)"
    return value
