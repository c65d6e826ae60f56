from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from jobops import repo
from jobops.db import Database
from jobops.settings import get_settings
from tests.factories import add_job
from tests.llm_server import FakeLLMServer, Step
from tests.pdf import folded, pdf_text, stored_file

# The three calls of the seed document ("Regenerating PDFs after edits"), bodies verbatim.
SEED_PATCH_BODY = """{
"jobDescription": "<new JD>",
"tailoredSummary": "<optional>",
"tailoredHeadline": "<optional>",
"tailoredSkills": [{"name":"Backend","keywords":["TypeScript","Node.js"]}],
"selectedProjectIds": "p1,p2"
}"""


def _patch(client: TestClient, job_id: str, body: dict[str, object]) -> dict[str, object]:
    response = client.patch(f"/api/jobs/{job_id}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_seed_curl_sequence_works_verbatim(client: TestClient, db: Database) -> None:
    job = add_job(db)
    response = client.patch(
        f"/api/jobs/{job.id}", content=SEED_PATCH_BODY, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["jobDescription"] == "<new JD>"
    assert patched["tailoredSkills"] == [{"name": "Backend", "keywords": ["TypeScript", "Node.js"]}]
    assert patched["selectedProjectIds"] == ["p1", "p2"]  # sent as "p1,p2", as in the seed

    summarized = client.post(f"/api/jobs/{job.id}/summarize?force=true")
    assert summarized.status_code == 200, summarized.text
    generated = client.post(f"/api/jobs/{job.id}/generate-pdf")
    assert generated.status_code == 200, generated.text
    body = generated.json()
    assert body["status"] == "ready"
    assert body["pdfPath"]
    assert folded(body["tailoredSummary"]) in pdf_text(body["pdfPath"])


def test_pdf_follows_edits_after_summarize_and_regenerate(client: TestClient, db: Database) -> None:
    job = add_job(db, title="Data Engineer", employer="Blue Heron")
    first = client.post(f"/api/jobs/{job.id}/process").json()
    assert first["status"] == "ready"
    old_text = pdf_text(first["pdfPath"])

    new_jd = "Data Engineer at Blue Heron: Airflow, DuckDB, SQL and Redis; mentoring juniors."
    _patch(client, job.id, {"jobDescription": new_jd})
    summary = client.post(f"/api/jobs/{job.id}/summarize?force=true").json()["tailoredSummary"]
    assert "Airflow" in summary
    assert summary not in old_text.replace("\n", " ")

    regenerated = client.post(f"/api/jobs/{job.id}/generate-pdf").json()
    text = pdf_text(regenerated["pdfPath"])
    assert folded(summary) in text
    download = client.get(f"/api/jobs/{job.id}/pdf")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.content == stored_file(regenerated["pdfPath"]).read_bytes()


def test_summarize_without_force_keeps_user_edits(client: TestClient, db: Database) -> None:
    job = add_job(db)
    _patch(client, job.id, {"tailoredSummary": "Written by me."})
    out = client.post(f"/api/jobs/{job.id}/summarize").json()
    assert out["tailoredSummary"] == "Written by me."
    assert out["tailoredHeadline"] == "Backend Engineer"
    assert out["editedFields"] == ["tailoredSummary"]
    forced = client.post(f"/api/jobs/{job.id}/summarize?force=true&fields=summary").json()
    assert forced["tailoredSummary"] != "Written by me."


def test_list_and_filter_by_status(client: TestClient, db: Database) -> None:
    a, b = add_job(db), add_job(db)
    client.post(f"/api/jobs/{b.id}/skip")
    everything = client.get("/api/jobs").json()
    assert everything["total"] == 2
    skipped = client.get("/api/jobs?status=skipped").json()
    assert [j["id"] for j in skipped["jobs"]] == [b.id]
    both = client.get("/api/jobs?status=skipped,discovered").json()
    assert {j["id"] for j in both["jobs"]} == {a.id, b.id}
    bad = client.get("/api/jobs?status=sleeping")
    assert bad.status_code == 422
    assert "sleeping" in bad.json()["detail"]


def test_unknown_id_is_404_with_code_and_request_id(client: TestClient) -> None:
    for method, path in [
        ("get", "/api/jobs/nope"),
        ("patch", "/api/jobs/nope"),
        ("post", "/api/jobs/nope/process"),
        ("post", "/api/jobs/nope/generate-pdf"),
        ("get", "/api/jobs/nope/pdf"),
        ("post", "/api/jobs/nope/skip"),
    ]:
        kwargs = {"json": {}} if method == "patch" else {}
        response = getattr(client, method)(path, headers={"X-Request-ID": "abc-123"}, **kwargs)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["code"] == "not_found"
        assert response.json()["requestId"] == "abc-123"
        assert response.headers["x-request-id"] == "abc-123"


def test_forbidden_transitions_are_409_and_change_nothing(client: TestClient, db: Database) -> None:
    job = add_job(db)
    assert client.post(f"/api/jobs/{job.id}/apply").status_code == 200
    for path in ("skip", "process", "generate-pdf", "summarize"):
        response = client.post(f"/api/jobs/{job.id}/{path}")
        assert response.status_code == 409, (path, response.text)
    assert client.get(f"/api/jobs/{job.id}").json()["status"] == "applied"
    reopened = _patch(client, job.id, {"status": "discovered"})
    assert reopened["status"] == "discovered"
    assert reopened["version"] > job.version


def test_process_on_ready_needs_force(client: TestClient, db: Database) -> None:
    job = add_job(db)
    assert client.post(f"/api/jobs/{job.id}/process").status_code == 200
    again = client.post(f"/api/jobs/{job.id}/process")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    assert client.post(f"/api/jobs/{job.id}/process?force=true").json()["status"] == "ready"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "processing"}, "one of applied, discovered, expired, skipped; a job becomes"),
        ({"status": "ready"}, "'ready' cannot be set by a PATCH"),
        ({"status": "sleeping"}, "status: 'sleeping' cannot be set by a PATCH; one of applied"),
        ({"status": ["ready"]}, "status: ['ready'] cannot be set"),
        ({"tailoredSkills": "Python"}, "tailoredSkills"),
        ({"tailoredSkills": [{"keywords": ["x"]}]}, "tailoredSkills.0.name"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"jobDescription": "x" * 40_001}, "jobDescription"),
        ({"tailoredSumary": "typo"}, "tailoredSumary"),
        ({"selectedProjectIds": "p1,p9"}, None),
    ],
)
def test_bad_patch_is_422_and_changes_nothing(
    client: TestClient, db: Database, body: dict[str, object], field: str | None
) -> None:
    job = add_job(db)
    response = client.patch(f"/api/jobs/{job.id}", json=body)
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["code"] in ("invalid_input",)
    assert error["detail"]
    if field:
        assert field in error["detail"]
    after = client.get(f"/api/jobs/{job.id}").json()
    assert after["version"] == job.version
    assert after["status"] == "discovered"


def test_malformed_json_is_422(client: TestClient, db: Database) -> None:
    job = add_job(db)
    response = client.patch(
        f"/api/jobs/{job.id}", content="{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_patch_to_an_existing_url_is_409(client: TestClient, db: Database) -> None:
    a, b = add_job(db), add_job(db)
    response = client.patch(f"/api/jobs/{b.id}", json={"jobUrl": a.job_url})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_job"


def test_status_change_event_carries_the_request_id(client: TestClient, db: Database) -> None:
    job = add_job(db)
    client.post(f"/api/jobs/{job.id}/skip", headers={"X-Request-ID": "req-42"})
    with db.session() as session:
        events = repo.job_events(session, job.id)
    assert events[-1].request_id == "req-42"
    assert events[-1].actor == "api"


def test_a_bad_request_id_header_is_replaced(client: TestClient) -> None:
    response = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] != "bad id\twith spaces"
    assert json.loads(response.text)["status"] == "ok"


def test_pdf_before_generation_is_404(client: TestClient, db: Database) -> None:
    job = add_job(db)
    response = client.get(f"/api/jobs/{job.id}/pdf")
    assert response.status_code == 404
    assert "generate-pdf" in response.json()["detail"]


def test_pdf_outside_the_pdf_folder_is_never_served(client: TestClient, db: Database) -> None:
    job = add_job(db)
    with db.session() as session:
        repo.update_job_fields(session, repo.get_job(session, job.id), {"pdf_path": "/etc/passwd"})
    assert client.get(f"/api/jobs/{job.id}/pdf").status_code == 404


def test_rescore_after_a_failed_score(
    client: TestClient, db: Database, remote_llm: object, llm_server: FakeLLMServer
) -> None:
    job = add_job(db)
    llm_server.script(*[Step(status=503, headers={"retry-after-ms": "10"})] * 3)
    failed = client.post(f"/api/jobs/{job.id}/rescore")
    assert failed.status_code == 503, failed.text
    assert failed.json()["code"] == "llm_unavailable"
    after = client.get(f"/api/jobs/{job.id}").json()
    assert after["suitabilityScore"] is None
    assert after["scoreError"].startswith("llm_unavailable")

    ok = client.post(f"/api/jobs/{job.id}/rescore")
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["suitabilityScore"] == 82
    assert body["scoreError"] is None
    assert body["scoredBy"].endswith("/test-model")
    assert body["scoreDetails"]["matchedSkills"] == ["Python", "PostgreSQL"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("rescore", None),
        ("summarize?force=true", None),
        ("ghostwriter/messages", {"content": "Two lines, please"}),
    ],
)
def test_every_llm_call_honours_the_description_cap(
    client: TestClient,
    db: Database,
    remote_llm: object,
    llm_server: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    body: dict[str, str] | None,
) -> None:
    """llm.maxDescriptionChars bounds what is sent on every path, not only the pipeline's."""
    monkeypatch.setenv("JOBOPS_LLM__MAX_DESCRIPTION_CHARS", "600")
    get_settings.cache_clear()
    job = add_job(db, jobDescription="Python services. " + "lorem ipsum dolor " * 400)
    sent_before = len(llm_server.requests)
    response = client.post(f"/api/jobs/{job.id}/{path}", json=body)
    assert response.status_code == 200, response.text
    [request] = llm_server.requests[sent_before:]
    prompt = json.dumps(request["messages"])
    assert "Python services." in prompt
    assert prompt.count("lorem ipsum") < 600 // len("lorem ipsum dolor ") + 2
