"""Notes and the post-application handoff (stages, outcome, the job.applied webhook)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jobops.db import Database
from tests.factories import add_job
from tests.receiver import Receiver


def test_notes_crud(client: TestClient, db: Database) -> None:
    job = add_job(db)
    created = client.post(
        f"/api/jobs/{job.id}/notes", json={"title": "Recruiter", "content": "Call **Tue**"}
    )
    assert created.status_code == 201
    note = created.json()
    patched = client.patch(
        f"/api/jobs/{job.id}/notes/{note['id']}", json={"content": "Call Wed"}
    ).json()
    assert patched["title"] == "Recruiter"
    assert patched["content"] == "Call Wed"
    assert [n["id"] for n in client.get(f"/api/jobs/{job.id}/notes").json()] == [note["id"]]
    other = add_job(db)
    assert (
        client.patch(f"/api/jobs/{other.id}/notes/{note['id']}", json={"title": "x"}).status_code
        == 404
    )
    assert client.delete(f"/api/jobs/{job.id}/notes/{note['id']}").status_code == 204
    assert client.get(f"/api/jobs/{job.id}/notes").json() == []


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "content": "x"},
        {"title": "x" * 121, "content": "x"},
        {"title": "t", "content": ""},
        {"title": "t", "content": "x" * 20_001},
        {"title": "t"},
    ],
)
def test_bad_notes_are_422(client: TestClient, db: Database, body: dict[str, object]) -> None:
    assert client.post(f"/api/jobs/{add_job(db).id}/notes", json=body).status_code == 422


def test_apply_hands_off_to_tracking_and_fires_the_webhook(
    client: TestClient, db: Database, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.patch("/api/settings", json={"webhookUrls": [receiver.url], "webhookSecret": "s3cret"})
    job = add_job(db, jobDescription="a long and private description")
    applied = client.post(f"/api/jobs/{job.id}/apply").json()
    assert applied["status"] == "applied"
    assert applied["currentStage"] == "applied"
    [hook] = receiver.requests
    assert hook["json"]["event"] == "job.applied"
    assert hook["json"]["job"]["id"] == job.id
    assert "private description" not in hook["raw"].decode()
    assert hook["headers"]["x-jobops-signature"].startswith("sha256=")

    stage = client.post(f"/api/jobs/{job.id}/stages", json={"stage": "interview", "note": "Panel"})
    assert stage.status_code == 201
    assert stage.json()["stage"] == "interview"
    closed = client.post(
        f"/api/jobs/{job.id}/stages", json={"stage": "closed", "outcome": "rejected"}
    )
    assert closed.status_code == 201
    after = client.get(f"/api/jobs/{job.id}").json()
    assert after["currentStage"] == "closed"
    assert after["outcome"] == "rejected"
    assert [s["stage"] for s in client.get(f"/api/jobs/{job.id}/stages").json()] == [
        "applied",
        "interview",
        "closed",
    ]
    reopened = client.patch(f"/api/jobs/{job.id}", json={"status": "discovered"}).json()
    assert reopened["currentStage"] is None
    assert reopened["outcome"] is None


def test_a_failing_webhook_receiver_does_not_affect_apply(
    client: TestClient, db: Database, receiver: Receiver
) -> None:
    receiver.status = 500
    client.patch("/api/settings", json={"webhookUrls": [receiver.url, "http://127.0.0.1:9/down"]})
    job = add_job(db)
    response = client.post(f"/api/jobs/{job.id}/apply")
    assert response.status_code == 200
    assert response.json()["status"] == "applied"
    assert len(receiver.requests) == 1


def test_stages_need_an_applied_job_and_valid_values(client: TestClient, db: Database) -> None:
    job = add_job(db)
    assert client.post(f"/api/jobs/{job.id}/stages", json={"stage": "interview"}).status_code == 409
    client.post(f"/api/jobs/{job.id}/apply")
    for body in (
        {"stage": "party"},
        {"stage": "offer", "outcome": "maybe"},
        {"stage": "applied"},
        {},
    ):
        assert client.post(f"/api/jobs/{job.id}/stages", json=body).status_code == 422, body


def test_patching_status_applied_does_what_apply_does(
    client: TestClient, db: Database, receiver: Receiver
) -> None:
    client.patch("/api/settings", json={"webhookUrls": [receiver.url]})
    job = add_job(db)
    applied = client.patch(f"/api/jobs/{job.id}", json={"status": "applied"})
    assert applied.status_code == 200, applied.text
    assert applied.json()["currentStage"] == "applied"
    assert [s["stage"] for s in client.get(f"/api/jobs/{job.id}/stages").json()] == ["applied"]
    [hook] = receiver.requests
    assert hook["json"]["event"] == "job.applied" and hook["json"]["job"]["id"] == job.id
    # already applied: nothing changes, nothing is announced again
    assert client.patch(f"/api/jobs/{job.id}", json={"status": "applied"}).status_code == 200
    assert len(receiver.requests) == 1
    assert len(client.get(f"/api/jobs/{job.id}/stages").json()) == 1
