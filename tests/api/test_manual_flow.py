"""The manual flow (Tailor → edit → Finalize & Move to Ready) and bulk actions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jobops.db import Database
from tests.factories import add_job


def test_tailor_edit_finalize(client: TestClient, db: Database) -> None:
    job = add_job(db, title="Data Engineer", employer="Globex")
    draft = client.get(f"/api/jobs/{job.id}/tailoring").json()
    assert draft["status"] == "discovered"
    assert draft["tailoredSummary"] is None
    assert [p["id"] for p in draft["projects"]] == ["p1", "p2", "p3", "p4", "p5"]
    assert not any(p["selected"] for p in draft["projects"])

    tailored = client.post(f"/api/jobs/{job.id}/summarize").json()
    assert tailored["tailoredHeadline"] == "Data Engineer"

    edited = client.patch(
        f"/api/jobs/{job.id}/tailoring",
        json={"tailoredSummary": "My words.", "selectedProjectIds": ["p5", "p1"]},
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["tailoredSummary"] == "My words."
    assert body["selectedProjectIds"] == ["p5", "p1"]
    assert [p["id"] for p in body["projects"] if p["selected"]] == ["p1", "p5"]
    assert sorted(body["editedFields"]) == ["selectedProjectIds", "tailoredSummary"]

    final = client.post(f"/api/jobs/{job.id}/process").json()
    assert final["status"] == "ready"
    assert final["tailoredSummary"] == "My words."
    assert final["selectedProjectIds"] == ["p5", "p1"]  # an array, as in /tailoring
    assert final["pdfFreshness"] == "current"


def test_tailoring_patch_rejects_other_fields(client: TestClient, db: Database) -> None:
    job = add_job(db)
    response = client.patch(f"/api/jobs/{job.id}/tailoring", json={"status": "applied"})
    assert response.status_code == 422


def test_bulk_actions_report_per_job(client: TestClient, db: Database) -> None:
    a, b, c = add_job(db), add_job(db), add_job(db)
    client.post(f"/api/jobs/{c.id}/apply")
    result = client.post(
        "/api/jobs/actions", json={"action": "skip", "jobIds": [a.id, "missing", b.id, c.id, a.id]}
    ).json()
    assert result["requested"] == 4
    assert result["succeeded"] == 2
    assert result["failed"] == 2
    by_id = {r["jobId"]: r for r in result["results"]}
    assert by_id[a.id]["ok"]
    assert by_id[a.id]["job"]["status"] == "skipped"
    assert by_id["missing"]["error"]["code"] == "not_found"
    assert by_id[c.id]["error"]["code"] == "invalid_transition"

    reopened = client.post(
        "/api/jobs/actions", json={"action": "reopen", "jobIds": [a.id, c.id]}
    ).json()
    assert reopened["succeeded"] == 2
    processed = client.post(
        "/api/jobs/actions", json={"action": "process", "jobIds": [a.id]}
    ).json()
    assert processed["results"][0]["job"]["status"] == "ready"
    rescored = client.post("/api/jobs/actions", json={"action": "rescore", "jobIds": [b.id]}).json()
    assert rescored["results"][0]["ok"] is True  # rescoring works on any status but processing
    assert rescored["results"][0]["job"]["suitabilityScore"] is not None
    expired = client.post("/api/jobs/actions", json={"action": "expire", "jobIds": [a.id]}).json()
    assert expired["results"][0]["job"]["status"] == "expired"


@pytest.mark.parametrize(
    "body",
    [
        {"action": "explode", "jobIds": ["x"]},
        {"action": "skip", "jobIds": []},
        {"action": "skip", "jobIds": [f"id-{i}" for i in range(501)]},
        {"action": "skip"},
    ],
)
def test_bad_bulk_requests_are_422(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/api/jobs/actions", json=body).status_code == 422
