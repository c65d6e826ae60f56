from __future__ import annotations

import json

from fastapi.testclient import TestClient

from jobops.db import Database
from tests.conftest import DEMO_RESUME
from tests.factories import add_job
from tests.jobops.resume.test_importers import JSON_RESUME_DOC


def test_settings_override_the_environment_and_hide_secrets(client: TestClient) -> None:
    before = client.get("/api/settings").json()
    assert before["minScore"] == 50
    assert before["llmApiKeyHint"] is None
    changed = client.patch(
        "/api/settings",
        json={"minScore": 65, "theme": "compact", "llmApiKey": "sk-supersecret-123"},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["minScore"] == 65
    assert body["theme"] == "compact"
    assert body["llmApiKeyHint"] == "sk-s…"
    assert "sk-supersecret-123" not in json.dumps(body)
    assert sorted(body["overridden"]) == ["llmApiKey", "minScore", "theme"]
    reset = client.patch("/api/settings", json={"minScore": None}).json()
    assert reset["minScore"] == 50
    assert "minScore" not in reset["overridden"]


def test_invalid_settings_change_nothing(client: TestClient) -> None:
    for body in ({"minScore": 101}, {"theme": 5}, {"nope": 1}, {"paper": "a3"}):
        response = client.patch("/api/settings", json=body)
        assert response.status_code == 422, body
    assert client.get("/api/settings").json()["overridden"] == []


def test_settings_reach_the_work(client: TestClient, db: Database) -> None:
    client.patch("/api/settings", json={"theme": "modern", "maxProjects": 1})
    job = add_job(db)
    processed = client.post(f"/api/jobs/{job.id}/process").json()
    assert len(processed["selectedProjectIds"]) == 1
    assert processed["pdfFreshness"] == "current"
    client.patch("/api/settings", json={"theme": "classic"})
    assert client.get(f"/api/jobs/{job.id}").json()["pdfFreshness"] == "stale"


def test_resumes_upload_list_default(client: TestClient) -> None:
    listed = client.get("/api/resumes").json()
    assert [r["name"] for r in listed] == ["Alex Morgan"]
    assert listed[0]["isDefault"]
    uploaded = client.post(
        "/api/resumes?name=Data&makeDefault=true",
        content=json.dumps(JSON_RESUME_DOC),
        headers={"content-type": "application/json"},
    )
    assert uploaded.status_code == 201, uploaded.text
    data = uploaded.json()
    assert data["isDefault"]
    assert data["sourceFormat"] == "json_resume"
    assert [p["id"] for p in data["projects"]] == ["lake-house", "lake-house-2"]
    first = listed[0]["id"]
    assert client.post(f"/api/resumes/{first}/default").json()["isDefault"]
    assert client.get(f"/api/resumes/{data['id']}").json()["isDefault"] is False
    bad = client.post(
        "/api/resumes", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert bad.status_code == 422
    not_resume = client.post("/api/resumes", json={"hello": 1})
    assert not_resume.status_code == 422
    assert not_resume.json()["code"] == "resume_format"
    assert client.post("/api/resumes/nope/default").status_code == 404
    again = client.post(
        "/api/resumes",
        content=DEMO_RESUME.read_bytes(),
        headers={"content-type": "application/json"},
    )
    assert again.json()["id"] == first  # the same document is not stored twice


def test_stats(client: TestClient, db: Database) -> None:
    jobs = [add_job(db, source=src) for src in ("a", "a", "b")]
    client.post(f"/api/jobs/{jobs[0].id}/process")
    client.post(f"/api/jobs/{jobs[0].id}/apply")
    client.post(f"/api/jobs/{jobs[0].id}/stages", json={"stage": "interview"})
    client.post(
        f"/api/jobs/{jobs[0].id}/stages", json={"stage": "offer", "outcome": "offer_accepted"}
    )
    client.post(f"/api/jobs/{jobs[1].id}/rescore")
    stats = client.get("/api/stats").json()
    assert stats["funnel"] == {
        "discovered": 3,
        "ready": 1,
        "applied": 1,
        "interview": 1,
        "offer": 1,
    }
    by_source = {s["source"]: s for s in stats["bySource"]}
    assert by_source["a"]["jobs"] == 2
    assert by_source["a"]["appliedRate"] == 0.5
    assert sum(b["jobs"] for b in stats["scoreHistogram"]) == 1
    assert stats["unscored"] == 2


def test_sources_are_configurable_through_the_api(client: TestClient) -> None:
    changed = client.patch(
        "/api/settings",
        json={"greenhouse": ["northwind=Northwind"], "rss": ["https://example.test/jobs.rss"]},
    )
    assert changed.status_code == 200
    assert changed.json()["greenhouse"] == ["northwind=Northwind"]
    assert client.patch("/api/settings", json={"lever": "not-a-list"}).status_code == 422
