"""HTTP for job boards: a timeout, a polite pause per host, and one error type per source."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from jobops.errors import SourceError

_lock = threading.Lock()
_last_request: dict[str, float] = {}
USER_AGENT = "jobops (self-hosted job search; +https://github.com/)"


def _wait_turn(url: str, min_interval: float) -> None:
    host = urlsplit(url).netloc
    with _lock:
        wait = _last_request.get(host, 0.0) + min_interval - time.monotonic()
        _last_request[host] = time.monotonic() + max(wait, 0.0)
    if wait > 0:
        time.sleep(wait)


def fetch(
    url: str,
    *,
    source: str,
    timeout: float,
    min_interval: float,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    """GET ``url``; any failure is a SourceError naming ``source``."""
    _wait_turn(url, min_interval)
    try:
        response = httpx.get(
            url,
            params=params,
            timeout=timeout,
            follow_redirects=True,
            headers={"user-agent": USER_AGENT, "accept": "application/json, */*"},
        )
    except httpx.TimeoutException as exc:
        raise SourceError(f"{source}: no answer within {timeout:g}s") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"{source}: {type(exc).__name__}: {exc}") from exc
    if response.status_code >= 400:
        raise SourceError(f"{source}: HTTP {response.status_code} from {urlsplit(url).netloc}")
    return response


def fetch_json(
    url: str,
    *,
    source: str,
    timeout: float,
    min_interval: float,
    params: dict[str, str] | None = None,
) -> Any:
    response = fetch(url, source=source, timeout=timeout, min_interval=min_interval, params=params)
    try:
        return response.json()
    except ValueError as exc:
        raise SourceError(
            f"{source}: the response is not JSON (the format may have changed)"
        ) from exc
