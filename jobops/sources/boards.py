"""Greenhouse, Lever and Ashby public job-board APIs.

Each response is validated against the documented shape; a changed format is a SourceError for
that board alone ("greenhouse:acme: the response format changed: ..."), never a crashed run.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from jobops.errors import SourceError
from jobops.redaction import strip_html
from jobops.settings import SourcesSettings
from jobops.sources.base import Listing
from jobops.sources.http import fetch_json

T = TypeVar("T", bound=BaseModel)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


def split_target(target: str) -> tuple[str, str]:
    """``"acme=Acme Corp"`` -> ("acme", "Acme Corp"); ``"acme"`` -> ("acme", "Acme")."""
    token, _, name = target.partition("=")
    token = token.strip()
    return token, name.strip() or token.replace("-", " ").replace("_", " ").title()


def _fetch_board(
    url: str,
    params: dict[str, str],
    model: type[T],
    source: str,
    settings: SourcesSettings,
    *,
    wrap: str | None = None,
) -> T:
    """GET a board's JSON and check it against its documented shape (``wrap`` names the field a
    bare JSON array goes into)."""
    data = fetch_json(
        url,
        params=params,
        source=source,
        timeout=settings.timeout_seconds,
        min_interval=settings.min_interval_seconds,
    )
    return _validated(model, {wrap: data} if wrap else data, source)


def _validated(model: type[T], data: Any, source: str) -> T:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise SourceError(f"{source}: the response format changed: {where}") from exc


# ---------------------------------------------------------------------------------- greenhouse


class _GhLocation(_Lenient):
    name: str | None = None


class _GhJob(_Lenient):
    id: int | str
    title: str
    absolute_url: str
    location: _GhLocation | None = None
    content: str | None = None
    updated_at: str | None = None
    first_published: str | None = None
    company_name: str | None = None


class _GhBoard(_Lenient):
    jobs: list[_GhJob]


def greenhouse(target: str, settings: SourcesSettings) -> list[Listing]:
    token, company = split_target(target)
    source = f"greenhouse:{token}"
    board = _fetch_board(
        f"{settings.greenhouse_url.rstrip('/')}/{token}/jobs",
        {"content": "true"},
        _GhBoard,
        source,
        settings,
    )
    return [
        Listing(
            source="greenhouse",
            source_job_id=str(job.id),
            title=job.title,
            employer=job.company_name or company,
            job_url=job.absolute_url,
            application_link=job.absolute_url,
            location=job.location.name if job.location else None,
            date_posted=(job.first_published or job.updated_at or "")[:10] or None,
            job_description=strip_html(html.unescape(job.content or "")) or None,
        )
        for job in board.jobs
    ]


# --------------------------------------------------------------------------------------- lever


class _LeverCategories(_Lenient):
    location: str | None = None
    team: str | None = None
    commitment: str | None = None


class _LeverList(_Lenient):
    text: str = ""
    content: str = ""


class _LeverSalary(_Lenient):
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    interval: str | None = None


class _LeverPosting(_Lenient):
    id: str
    text: str
    hostedUrl: str
    applyUrl: str | None = None
    categories: _LeverCategories | None = None
    createdAt: int | None = None
    descriptionPlain: str | None = None
    description: str | None = None
    lists: list[_LeverList] = []
    additionalPlain: str | None = None
    salaryRange: _LeverSalary | None = None


class _LeverPostings(_Lenient):
    postings: list[_LeverPosting]


def _lever_description(posting: _LeverPosting) -> str:
    parts = [posting.descriptionPlain or strip_html(posting.description or "")]
    for section in posting.lists:
        items = strip_html(section.content)
        parts.append(f"{section.text}\n{items}" if section.text else items)
    if posting.additionalPlain:
        parts.append(posting.additionalPlain)
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _lever_salary(salary: _LeverSalary | None) -> str | None:
    if salary is None or salary.min is None:
        return None
    high = f"–{salary.max:,.0f}" if salary.max else ""
    per = f" per {salary.interval.replace('per-', '')}" if salary.interval else ""
    return f"{salary.currency or ''} {salary.min:,.0f}{high}{per}".strip()


def lever(target: str, settings: SourcesSettings) -> list[Listing]:
    site, company = split_target(target)
    source = f"lever:{site}"
    postings = _fetch_board(
        f"{settings.lever_url.rstrip('/')}/{site}",
        {"mode": "json"},
        _LeverPostings,
        source,
        settings,
        wrap="postings",
    )
    out = []
    for posting in postings.postings:
        created = (
            datetime.fromtimestamp(posting.createdAt / 1000, UTC).date().isoformat()
            if posting.createdAt
            else None
        )
        out.append(
            Listing(
                source="lever",
                source_job_id=posting.id,
                title=posting.text,
                employer=company,
                job_url=posting.hostedUrl,
                application_link=posting.applyUrl,
                location=posting.categories.location if posting.categories else None,
                salary=_lever_salary(posting.salaryRange),
                date_posted=created,
                job_description=_lever_description(posting) or None,
            )
        )
    return out


# --------------------------------------------------------------------------------------- ashby


class _AshbyCompensation(_Lenient):
    compensationTierSummary: str | None = None


class _AshbyJob(_Lenient):
    id: str | None = None
    title: str
    location: str | None = None
    isRemote: bool | None = None
    descriptionPlain: str | None = None
    descriptionHtml: str | None = None
    publishedAt: str | None = None
    jobUrl: str
    applyUrl: str | None = None
    compensation: _AshbyCompensation | None = None


class _AshbyBoard(_Lenient):
    jobs: list[_AshbyJob]


def ashby(target: str, settings: SourcesSettings) -> list[Listing]:
    org, company = split_target(target)
    source = f"ashby:{org}"
    board = _fetch_board(
        f"{settings.ashby_url.rstrip('/')}/{org}",
        {"includeCompensation": "true"},
        _AshbyBoard,
        source,
        settings,
    )
    return [
        Listing(
            source="ashby",
            source_job_id=job.id or job.jobUrl.rstrip("/").rsplit("/", 1)[-1],
            title=job.title,
            employer=company,
            job_url=job.jobUrl,
            application_link=job.applyUrl,
            location=(job.location or "") + (" (remote)" if job.isRemote else "") or None,
            salary=job.compensation.compensationTierSummary if job.compensation else None,
            date_posted=(job.publishedAt or "")[:10] or None,
            job_description=job.descriptionPlain or strip_html(job.descriptionHtml or "") or None,
        )
        for job in board.jobs
    ]


BOARDS: dict[str, Callable[[str, SourcesSettings], list[Listing]]] = {
    "greenhouse": greenhouse,
    "lever": lever,
    "ashby": ashby,
}
