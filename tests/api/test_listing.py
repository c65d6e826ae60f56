"""Listing with filters, sort, page and counts; manual import; delete; the events timeline."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jobops import repo
from jobops.db import Database
from jobops.lifecycle import JobStatus
from tests.factories import add_job
from tests.pdf import stored_file


def _score(db: Database, job_id: str, score: int) -> None:
    with db.session() as session:
        repo.update_job_fields(session, repo.get_job(session, job_id), {"suitability_score": score})


def _ids(body: dict[str, object]) -> list[str]:
    return [j["id"] for j in body["jobs"]]  # type: ignore[index, union-attr]


def test_filters_sort_page_and_counts(client: TestClient, db: Database) -> None:
    a = add_job(
        db, title="Backend Engineer", employer="Acme", location="Berlin", source="greenhouse"
    )
    b = add_job(db, title="Data Engineer", employer="Globex", location="Remote", source="lever")
    c = add_job(
        db, title="Frontend Developer", employer="Acme Labs", location="London", source="lever"
    )
    for job, score in ((a, 80), (b, 55), (c, 30)):
        _score(db, job.id, score)
    client.post(f"/api/jobs/{c.id}/skip")

    by_score = client.get("/api/jobs?sort=score&order=desc").json()
    assert _ids(by_score) == [a.id, b.id, c.id]
    assert by_score["total"] == 3
    assert by_score["byStatus"]["discovered"] == 2
    assert by_score["byStatus"]["skipped"] == 1

    assert _ids(client.get("/api/jobs?q=acme&sort=score").json()) == [a.id, c.id]
    assert _ids(client.get("/api/jobs?q=REMOTE").json()) == [b.id]
    assert _ids(client.get("/api/jobs?minScore=50&sort=score&order=asc").json()) == [b.id, a.id]
    assert _ids(client.get("/api/jobs?source=lever&status=discovered").json()) == [b.id]
    page = client.get("/api/jobs?sort=score&limit=1&offset=1").json()
    assert _ids(page) == [b.id]
    assert page["total"] == 3
    filtered = client.get("/api/jobs?status=skipped&q=acme").json()
    assert _ids(filtered) == [c.id]
    assert filtered["byStatus"]["discovered"] == 1  # counts ignore the status filter only


def test_date_ranges(client: TestClient, db: Database) -> None:
    job = add_job(db)
    assert _ids(client.get("/api/jobs?discoveredFrom=2000-01-01T00:00:00Z").json()) == [job.id]
    assert _ids(client.get("/api/jobs?discoveredTo=2000-01-01T00:00:00Z").json()) == []
    assert _ids(client.get("/api/jobs?appliedFrom=2000-01-01").json()) == []
    client.post(f"/api/jobs/{job.id}/apply")
    assert _ids(client.get("/api/jobs?appliedFrom=2000-01-01&sort=appliedAt").json()) == [job.id]


def test_bad_query_parameters_are_422(client: TestClient) -> None:
    for query in (
        "status=sleeping",
        "sort=salary",
        "limit=0",
        "limit=501",
        "minScore=101",
        "discoveredFrom=yesterday",
        "unknown=1",
    ):
        response = client.get(f"/api/jobs?{query}")
        assert response.status_code == 422, query
        assert response.json()["code"] == "invalid_input"


def test_manual_import(client: TestClient, db: Database) -> None:
    body = {
        "title": "Platform Engineer",
        "employer": "Initech",
        "jobUrl": "https://initech.test/jobs/1",
        "jobDescription": "Kubernetes and Go.",
    }
    created = client.post("/api/jobs", json=body)
    assert created.status_code == 201, created.text
    job = created.json()
    assert job["status"] == "discovered"
    assert job["source"] == "manual"
    again = client.post("/api/jobs", json=body)
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_job"
    bad = client.post("/api/jobs", json={"title": "x", "employer": "y", "jobUrl": "not a url"})
    assert bad.status_code == 422
    assert "jobUrl" in bad.json()["detail"]


def test_delete_removes_everything_and_is_refused_while_processing(
    client: TestClient, db: Database
) -> None:
    job = add_job(db)
    done = client.post(f"/api/jobs/{job.id}/process").json()
    client.post(f"/api/jobs/{job.id}/notes", json={"title": "t", "content": "c"})
    assert client.delete(f"/api/jobs/{job.id}").status_code == 204
    assert client.get(f"/api/jobs/{job.id}").status_code == 404
    assert not stored_file(done["pdfPath"]).exists()
    assert client.delete(f"/api/jobs/{job.id}").status_code == 404

    busy = add_job(db)
    with db.session() as session:
        repo.transition_job(session, busy.id, JobStatus.PROCESSING, actor="test")
    assert client.delete(f"/api/jobs/{busy.id}").status_code == 409


def test_events_timeline(client: TestClient, db: Database) -> None:
    job = add_job(db)
    client.post(f"/api/jobs/{job.id}/process", headers={"X-Request-ID": "r-1"})
    client.post(f"/api/jobs/{job.id}/apply")
    events = client.get(f"/api/jobs/{job.id}/events").json()
    assert [(e["fromStatus"], e["toStatus"]) for e in events] == [
        (None, "discovered"),
        ("discovered", "processing"),
        ("processing", "ready"),
        ("ready", "applied"),
    ]
    assert events[1]["requestId"] == "r-1"
    assert events[1]["actor"] == "api"
