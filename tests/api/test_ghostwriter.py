"""Ghostwriter: stored conversations, streaming as Server-Sent Events, allowed statuses."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from jobops.db import Database
from tests.factories import add_job
from tests.llm_server import FakeLLMServer, Step


def sse_events(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_offline_reply_is_stored(client: TestClient, db: Database) -> None:
    job = add_job(db, title="Data Engineer", employer="Globex")
    note = client.post(
        f"/api/jobs/{job.id}/notes", json={"title": "Why", "content": "Love their open data work"}
    ).json()
    response = client.post(
        f"/api/jobs/{job.id}/ghostwriter/messages",
        json={"content": "Draft a cover letter", "noteIds": [note["id"]]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    reply = body["assistantMessage"]["content"]
    assert "Data Engineer role at Globex" in reply
    assert "Love their open data work" in reply
    assert body["assistantMessage"]["model"].startswith("offline/")
    history = client.get(f"/api/jobs/{job.id}/ghostwriter/messages").json()
    assert [(m["role"], m["status"]) for m in history] == [
        ("user", "complete"),
        ("assistant", "complete"),
    ]
    assert client.delete(f"/api/jobs/{job.id}/ghostwriter/messages").status_code == 204
    assert client.get(f"/api/jobs/{job.id}/ghostwriter/messages").json() == []


def test_streamed_reply_arrives_in_pieces(client: TestClient, db: Database) -> None:
    job = add_job(db)
    response = client.post(
        f"/api/jobs/{job.id}/ghostwriter/messages",
        json={"content": "Cover letter please", "stream": True},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[0] == "ready"
    assert names[-1] == "completed"
    deltas = [data["delta"] for name, data in events if name == "delta"]
    assert len(deltas) > 3
    assert "".join(deltas) == events[-1][1]["message"]["content"]


def test_only_for_discovered_and_ready_jobs(client: TestClient, db: Database) -> None:
    job = add_job(db)
    client.post(f"/api/jobs/{job.id}/apply")
    response = client.post(f"/api/jobs/{job.id}/ghostwriter/messages", json={"content": "hi"})
    assert response.status_code == 409
    assert client.get(f"/api/jobs/{job.id}/ghostwriter/messages").json() == []
    assert (
        client.post(f"/api/jobs/{job.id}/ghostwriter/messages", json={"content": ""}).status_code
        == 422
    )


def test_streaming_through_an_openai_compatible_server(
    client: TestClient, db: Database, remote_llm: object, llm_server: FakeLLMServer
) -> None:
    llm_server.tailor_reply = {"text": "ignored"}
    llm_server.script(Step(content="Dear team, I would love to build your data platform."))
    job = add_job(db)
    response = client.post(
        f"/api/jobs/{job.id}/ghostwriter/messages",
        json={"content": "Write two lines", "stream": True},
    )
    events = sse_events(response.text)
    assert "".join(d["delta"] for n, d in events if n == "delta") == (
        "Dear team, I would love to build your data platform."
    )
    request = llm_server.requests[-1]
    assert request["stream"] is True
    assert request["messages"][-1] == {"role": "user", "content": "Write two lines"}
    assert "Alex Morgan" not in json.dumps(request)  # the profile is minimised


def test_a_failed_stream_is_reported_and_stored_as_failed(
    client: TestClient, db: Database, remote_llm: object, llm_server: FakeLLMServer
) -> None:
    llm_server.script(*[Step(status=500, headers={"retry-after-ms": "10"})] * 3)
    job = add_job(db)
    response = client.post(
        f"/api/jobs/{job.id}/ghostwriter/messages", json={"content": "hi", "stream": True}
    )
    events = sse_events(response.text)
    assert events[-1][0] == "error"
    assert events[-1][1]["code"] == "llm_unavailable"
    history = client.get(f"/api/jobs/{job.id}/ghostwriter/messages").json()
    assert [m["status"] for m in history] == ["complete", "failed"]
