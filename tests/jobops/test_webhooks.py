from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr

from jobops.db import Database
from jobops.models import Job
from jobops.settings import WebhookSettings
from jobops.webhooks import deliver, job_payload
from tests.factories import add_job
from tests.receiver import Receiver


def test_payload_is_whitelisted_and_signed(db: Database, receiver: Receiver) -> None:
    job: Job = add_job(db, jobDescription="SECRET JD TEXT that must not leave")
    settings = WebhookSettings(urls=[receiver.url], secret=SecretStr("hook-secret"))
    [result] = deliver(settings, job_payload("job.applied", job))
    assert result.ok
    assert result.status == 200
    [got] = receiver.requests
    assert set(got["json"]["job"]) == {
        "id",
        "title",
        "employer",
        "source",
        "status",
        "suitabilityScore",
        "appliedAt",
    }
    assert b"SECRET JD TEXT" not in got["raw"]
    headers = got["headers"]
    assert headers["x-jobops-event"] == "job.applied"
    expected = hmac.new(
        b"hook-secret", f"{headers['x-jobops-timestamp']}.".encode() + got["raw"], hashlib.sha256
    ).hexdigest()
    assert headers["x-jobops-signature"] == f"sha256={expected}"


def test_failing_receivers_never_raise(db: Database, receiver: Receiver) -> None:
    receiver.status = 500
    settings = WebhookSettings(
        urls=[receiver.url, "http://127.0.0.1:9/nothing", "ftp://x"], timeout_seconds=1
    )
    results = deliver(settings, job_payload("job.applied", add_job(db)))
    assert [r.ok for r in results] == [False, False, False]
    assert results[0].status == 500
    assert "x-jobops-signature" not in receiver.requests[0]["headers"]  # no secret, no signature
