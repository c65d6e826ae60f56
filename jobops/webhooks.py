"""Outgoing webhooks: ``job.applied``, ``pipeline.completed``, ``pipeline.failed``.

Payloads are built from an explicit whitelist of fields (never a job description, a resume or a
profile), signed with HMAC-SHA256 over ``<timestamp>.<body>`` when a secret is set, and sent with
a timeout. A receiver that fails is logged and otherwise ignored: webhooks never affect the job
or the run that triggered them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobops.logs import get_logger
from jobops.models import RUN_COUNTERS, Job, PipelineRun, utcnow
from jobops.settings import WebhookSettings

log = get_logger("webhooks")

JOB_FIELDS = ("id", "title", "employer", "source", "status", "suitability_score", "applied_at")
RUN_FIELDS = ("id", "status", "started_at", "completed_at", *RUN_COUNTERS)


def _whitelisted(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name, None)
        key = name.split("_")[0] + "".join(part.title() for part in name.split("_")[1:])
        out[key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def job_payload(event: str, job: Job) -> dict[str, Any]:
    return {"event": event, "sentAt": utcnow().isoformat(), "job": _whitelisted(job, JOB_FIELDS)}


def run_payload(event: str, run: PipelineRun) -> dict[str, Any]:
    fields = _whitelisted(run, RUN_FIELDS)
    if run.error:
        fields["error"] = run.error[:300]
    return {"event": event, "sentAt": utcnow().isoformat(), "run": fields}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


@dataclass(frozen=True)
class Delivery:
    url: str
    ok: bool
    status: int | None
    error: str | None = None


def deliver(settings: WebhookSettings, payload: dict[str, Any]) -> list[Delivery]:
    """POST ``payload`` to every configured URL; never raises."""
    if not settings.urls:
        return []
    body = json.dumps(payload, separators=(",", ":"), default=str).encode()
    timestamp = str(int(time.time()))
    headers = {
        "content-type": "application/json",
        "user-agent": "jobops-webhooks",
        "x-jobops-event": str(payload.get("event", "")),
        "x-jobops-delivery": str(uuid.uuid4()),
        "x-jobops-timestamp": timestamp,
    }
    if settings.secret is not None:
        headers["x-jobops-signature"] = signature(
            settings.secret.get_secret_value(), timestamp, body
        )
    results = []
    for url in settings.urls:
        if not url.startswith(("http://", "https://")):
            results.append(Delivery(url, False, None, "not an http(s) URL"))
            continue
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:
                results.append(Delivery(url, 200 <= response.status < 300, response.status))
        except urllib.error.HTTPError as exc:
            results.append(Delivery(url, False, exc.code, f"HTTP {exc.code}"))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            results.append(Delivery(url, False, None, type(exc).__name__))
    for result in results:
        if not result.ok:
            log.warning(
                "webhook delivery failed",
                extra={
                    "event": payload.get("event"),
                    "status": result.status,
                    "error": result.error,
                },
            )
    return results
