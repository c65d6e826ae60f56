"""Bearer tokens, redaction canaries, and conflicting requests on one job."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from jobops.db import Database
from jobops.logs import configure_logging
from jobops.resume.model import Resume
from jobops.settings import get_settings
from tests.factories import add_job
from tests.receiver import Receiver


@pytest.fixture
def token_client(db: Database, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JOBOPS_API_TOKEN", "tok-7c1f")
    get_settings.cache_clear()
    with TestClient(create_app()) as client:
        yield client
    get_settings.cache_clear()


def test_the_token_guards_every_api_route(token_client: TestClient, db: Database) -> None:
    job = add_job(db)
    assert token_client.get("/health").status_code == 200  # liveness stays open
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "tok-7c1f"}):
        response = token_client.get("/api/jobs", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
        assert response.json()["requestId"]
        assert response.headers["www-authenticate"] == "Bearer"
    denied = token_client.post(f"/api/jobs/{job.id}/skip")
    assert denied.status_code == 401
    ok = token_client.post(f"/api/jobs/{job.id}/skip", headers={"Authorization": "Bearer tok-7c1f"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "skipped"


def test_secrets_never_reach_logs_or_webhooks(
    client: TestClient, db: Database, receiver: Receiver, tmp_path: Path
) -> None:
    log_file = tmp_path / "api.jsonl"
    configure_logging(log_file=log_file)
    try:
        client.patch(
            "/api/settings",
            json={
                "llmApiKey": "sk-canary-4d2e9",
                "webhookSecret": "whsec-canary-81",
                "webhookUrls": [receiver.url],
            },
        )
        job = add_job(db, jobDescription="jd-canary-5533 a private description")
        client.get("/api/settings", headers={"Authorization": "Bearer hdr-canary-7f"})
        client.post(f"/api/jobs/{job.id}/apply", headers={"X-Api-Key": "hdr-canary-90"})
        client.patch(f"/api/jobs/{job.id}", json={"status": "nope"})  # an error is logged too
    finally:
        configure_logging()
    logged = log_file.read_text()
    hooks = json.dumps([r["json"] for r in receiver.requests]) + str(
        [r["headers"] for r in receiver.requests]
    )
    assert receiver.requests
    assert logged
    for canary in (
        "sk-canary-4d2e9",
        "whsec-canary-81",
        "hdr-canary-7f",
        "hdr-canary-90",
        "jd-canary-5533",
    ):
        assert canary not in logged, canary
        assert canary not in hooks, canary


def test_conflicting_requests_on_one_job(client: TestClient, db: Database) -> None:
    """Racing actions that each leave discovered for a status none of the others can leave from:
    exactly one wins, the losers get 409 and change nothing, and the event log replays to the
    final state. (A PATCH setting the status a job already has is an idempotent no-op, so only
    one PATCH takes part.)"""
    job = add_job(db)
    barrier = threading.Barrier(6)
    codes: list[tuple[str, int]] = []
    calls = [
        ("skip", "post", f"/api/jobs/{job.id}/skip", None),
        ("apply", "post", f"/api/jobs/{job.id}/apply", None),
        ("skip3", "post", f"/api/jobs/{job.id}/skip", None),
        ("expire", "patch", f"/api/jobs/{job.id}", {"status": "expired"}),
        ("skip2", "post", f"/api/jobs/{job.id}/skip", None),
        ("apply2", "post", f"/api/jobs/{job.id}/apply", None),
    ]

    def run(name: str, method: str, path: str, body: object) -> None:
        barrier.wait()
        kwargs = {"json": body} if body is not None else {}
        codes.append((name, getattr(client, method)(path, **kwargs).status_code))

    threads = [threading.Thread(target=run, args=c) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for _, code in codes).count(200) == 1, codes
    assert all(code == 409 for _, code in codes if code != 200), codes
    final = client.get(f"/api/jobs/{job.id}").json()
    events = client.get(f"/api/jobs/{job.id}/events").json()
    moves = [(e["fromStatus"], e["toStatus"]) for e in events]
    # the event log replays to the final state
    state = None
    for before, after in moves:
        assert before == state
        state = after
    assert state == final["status"]
