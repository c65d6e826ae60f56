"""JobSpy (Indeed, LinkedIn, ...) through the optional ``python-jobspy`` package.

Its failures are isolated: a missing package, a blocked site or a changed page is a SourceError
for this source, and the rest of the run goes on.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from pydantic import ValidationError

from jobops.errors import SourceError
from jobops.settings import JobSpySettings
from jobops.sources.base import Listing


def _value(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def jobspy(term: str, settings: JobSpySettings) -> list[Listing]:
    source = f"jobspy:{term}"
    try:
        module = importlib.import_module("jobspy")
    except ImportError as exc:
        raise SourceError(
            f"{source}: python-jobspy is not installed (pip install 'jobops[jobspy]')"
        ) from exc
    try:
        frame = module.scrape_jobs(
            site_name=settings.sites,
            search_term=term,
            location=settings.location or None,
            results_wanted=settings.results_wanted,
        )
        rows: list[dict[str, Any]] = frame.to_dict(orient="records")
    except Exception as exc:  # third-party scraping fails in many ways; isolate them all
        raise SourceError(f"{source}: {type(exc).__name__}: {str(exc)[:200]}") from exc
    listings = []
    for row in rows:
        try:
            listings.append(
                Listing(
                    source=f"jobspy-{_value(row, 'site') or 'web'}",
                    source_job_id=_value(row, "id"),
                    title=_value(row, "title") or "",
                    employer=_value(row, "company") or "",
                    job_url=_value(row, "job_url") or "",
                    application_link=_value(row, "job_url_direct"),
                    location=_value(row, "location"),
                    date_posted=_value(row, "date_posted"),
                    job_description=_value(row, "description"),
                )
            )
        except ValidationError:
            continue
    return listings
