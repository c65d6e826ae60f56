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


class _GhOffice(_Lenient):
    name: str | None = None
    location: str | None = None


class _GhJob(_Lenient):
    id: int | str
    title: str
    absolute_url: str
    location: _GhLocation | None = None
    offices: list[_GhOffice] | None = None
    content: str | None = None
    updated_at: str | None = None
    first_published: str | None = None
    company_name: str | None = None


class _GhBoard(_Lenient):
    jobs: list[_GhJob]


def _greenhouse_text(content: str | None) -> str:
    """Greenhouse sends the HTML entity-escaped (``&lt;p&gt;``): unescape it once, and let the
    HTML pass decode the rest. Some boards send real HTML; unescaping that too would turn a
    literal ``&lt;br&gt;`` in the text into a tag."""
    content = content or ""
    escaped = "&lt;" in content and "<" not in content
    return strip_html(html.unescape(content) if escaped else content)


def _greenhouse_place(job: _GhJob) -> str | None:
    """``location.name``, else the offices' places (``offices`` come with ``content=true``)."""
    if job.location and job.location.name and job.location.name.strip():
        return job.location.name
    offices = [o.location or o.name for o in job.offices or [] if (o.location or o.name)]
    return "; ".join(dict.fromkeys(o.strip() for o in offices if o))[:200] or None


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
            location=_greenhouse_place(job),
            date_posted=(job.first_published or job.updated_at or "")[:10] or None,
            job_description=_greenhouse_text(job.content) or None,
        )
        for job in board.jobs
    ]


# --------------------------------------------------------------------------------------- lever


class _LeverCategories(_Lenient):
    location: str | None = None
    allLocations: list[str] | None = None
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
    additional: str | None = None
    additionalPlain: str | None = None
    workplaceType: str | None = None
    salaryRange: _LeverSalary | None = None


class _LeverPostings(_Lenient):
    postings: list[_LeverPosting]


def _lever_description(posting: _LeverPosting) -> str:
    """The whole posting: ``description`` (opening and body), each of ``lists`` (a heading and
    its items), then ``additional`` (the closing). The plain fields omit the lists."""
    parts = [posting.descriptionPlain or strip_html(posting.description or "")]
    for section in posting.lists:
        items = strip_html(section.content)
        heading = section.text.strip()
        parts.append(f"{heading}\n{items}" if heading else items)
    parts.append(posting.additionalPlain or strip_html(posting.additional or ""))
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _lever_place(posting: _LeverPosting) -> str | None:
    """Every location the posting names (``allLocations`` includes the primary one), marked
    remote when ``workplaceType`` says so and the text does not."""
    categories = posting.categories or _LeverCategories()
    names = [categories.location or "", *(categories.allLocations or [])]
    place = "; ".join(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    if (posting.workplaceType or "").casefold() == "remote" and "remote" not in place.casefold():
        place = f"{place} (remote)" if place else "Remote"
    return place[:200] or None


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"  # 24.50 an hour


def _lever_salary(salary: _LeverSalary | None) -> str | None:
    """``GBP 75,000-90,000 per year`` (with an en dash): Lever's intervals are
    ``per-year-salary``, ``per-hour-wage`` and the like."""
    if salary is None or salary.min is None:
        return None
    high = f"–{_amount(salary.max)}" if salary.max else ""
    unit = (salary.interval or "").removeprefix("per-").split("-")[0]
    per = f" per {unit}" if unit else ""
    return f"{(salary.currency or '').upper()} {_amount(salary.min)}{high}{per}".strip()


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
        created = (  # epoch milliseconds; the day in UTC
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
                location=_lever_place(posting),
                salary=_lever_salary(posting.salaryRange),
                date_posted=created,
                job_description=_lever_description(posting) or None,
            )
        )
    return out


# --------------------------------------------------------------------------------------- ashby


class _AshbyCompensation(_Lenient):
    compensationTierSummary: str | None = None
    scrapeableCompensationSalarySummary: str | None = None


class _AshbyAddress(_Lenient):
    addressLocality: str | None = None
    addressRegion: str | None = None
    addressCountry: str | None = None

    def place(self) -> str:
        parts = (self.addressLocality, self.addressRegion, self.addressCountry)
        return ", ".join(p.strip() for p in parts if p and p.strip())


class _AshbyPostal(_Lenient):
    postalAddress: _AshbyAddress | None = None


class _AshbySecondary(_Lenient):
    location: str | None = None
    address: _AshbyAddress | None = None  # no postalAddress level here, unlike the primary


class _AshbyJob(_Lenient):
    id: str | None = None
    title: str
    location: str | None = None
    address: _AshbyPostal | None = None
    secondaryLocations: list[_AshbySecondary] | None = None
    isListed: bool | None = None
    isRemote: bool | None = None
    workplaceType: str | None = None
    descriptionPlain: str | None = None
    descriptionHtml: str | None = None
    publishedAt: str | None = None
    jobUrl: str
    applyUrl: str | None = None
    compensation: _AshbyCompensation | None = None


class _AshbyBoard(_Lenient):
    jobs: list[_AshbyJob]


def _ashby_place(job: _AshbyJob) -> str | None:
    """The primary location (its name, else its postal address), then the secondary ones,
    marked remote by ``isRemote`` (or, when that is unset, ``workplaceType``)."""
    postal = job.address.postalAddress if job.address else None
    names = [job.location or (postal.place() if postal else "")]
    names += [
        s.location or (s.address.place() if s.address else "") for s in job.secondaryLocations or []
    ]
    place = "; ".join(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    remote = job.isRemote if job.isRemote is not None else job.workplaceType == "Remote"
    if remote:
        place = f"{place} (remote)" if place else "Remote"
    return place[:200] or None


def _ashby_salary(job: _AshbyJob) -> str | None:
    pay = job.compensation
    if pay is None:
        return None
    return pay.compensationTierSummary or pay.scrapeableCompensationSalarySummary or None


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
            location=_ashby_place(job),
            salary=_ashby_salary(job),
            date_posted=(job.publishedAt or "")[:10] or None,
            job_description=job.descriptionPlain or strip_html(job.descriptionHtml or "") or None,
        )
        for job in board.jobs
        if job.isListed is not False  # the API also returns unlisted (hidden) postings
    ]


BOARDS: dict[str, Callable[[str, SourcesSettings], list[Listing]]] = {
    "greenhouse": greenhouse,
    "lever": lever,
    "ashby": ashby,
}
