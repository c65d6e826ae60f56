"""Fetching the base resume from a Reactive Resume instance (v5 API), keeping the last good copy.

``GET <url>/api/openapi/resumes/<id>`` with an ``x-api-key`` header returns the resume under
``data``. Every successful fetch updates the stored copy (its revision goes up when the content
changed); when the instance is down or refuses, jobops keeps working from the copy it has and says
so. Only without any stored copy is a failed fetch an error.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Literal

from jobops import repo
from jobops.db import Database
from jobops.errors import JobOpsError, ResumeSourceUnavailable
from jobops.logs import get_logger
from jobops.resume.importers import ImportReport, read_resume
from jobops.settings import RxResumeSettings

log = get_logger("rxresume")


@dataclass(frozen=True)
class SyncResult:
    status: Literal["updated", "unchanged", "offline"]
    resume_id: str
    revision: int
    message: str
    #: What the fetched resume's import brought in and left out (None when offline).
    report: ImportReport | None = None


def source_ref(settings: RxResumeSettings) -> str:
    return f"rxresume:{settings.resume_id}"


def fetch_resume(settings: RxResumeSettings) -> Any:
    """The raw JSON of the configured resume. Raises ResumeSourceUnavailable on any failure."""
    if not (settings.url and settings.resume_id):
        raise ResumeSourceUnavailable("Reactive Resume is not configured (url and resume id).")
    if not settings.url.startswith(("http://", "https://")):
        raise ResumeSourceUnavailable(
            "The Reactive Resume URL must start with http:// or https://."
        )
    url = f"{settings.url.rstrip('/')}/api/openapi/resumes/{settings.resume_id}"
    request = urllib.request.Request(url, headers={"accept": "application/json"})
    if settings.api_key:
        request.add_header("x-api-key", settings.api_key.get_secret_value())
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        hint = {
            401: " (check the API key)",
            403: " (check the API key)",
            404: " (check the resume id)",
        }
        raise ResumeSourceUnavailable(
            f"Reactive Resume answered HTTP {exc.code}{hint.get(exc.code, '')}."
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ResumeSourceUnavailable(f"Reactive Resume could not be reached: {exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResumeSourceUnavailable(
            "Reactive Resume answered with something that is not JSON."
        ) from exc


def sync_resume(db: Database, settings: RxResumeSettings) -> SyncResult:
    """Refresh the stored copy from Reactive Resume and make it the default base resume."""
    ref = source_ref(settings)
    try:
        imported = read_resume(fetch_resume(settings))
    except JobOpsError as exc:
        with db.session() as session:
            stored = repo.find_resume_by_ref(session, ref)
        if stored is None:
            raise ResumeSourceUnavailable(
                f"{exc.message} No copy of resume {settings.resume_id} is stored yet."
            ) from exc
        message = f"{exc.message} Using the stored copy (revision {stored.revision})."
        log.warning("reactive resume unavailable", extra={"error": exc.message})
        return SyncResult("offline", stored.id, stored.revision, message)
    with db.session() as session:
        row, changed = repo.add_resume(
            session, imported.format, imported.resume, source_ref=ref, make_default=True
        )
    status: Literal["updated", "unchanged"] = "updated" if changed else "unchanged"
    message = f"Resume {status} (revision {row.revision}): {imported.report.describe()}."
    return SyncResult(status, row.id, row.revision, message, imported.report)
