"""GET /api/resumes/{id} shows the stored document and what its import left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "resumes"


def _upload(client: TestClient, name: str) -> dict[str, Any]:
    response = client.post(
        "/api/resumes",
        content=(FIXTURES / name).read_bytes(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_upload_answers_with_the_import_report(client: TestClient) -> None:
    uploaded = _upload(client, "rxresume_v5_whole.json")
    report = uploaded["importReport"]
    assert report["imported"]["experience"] == 3
    assert report["imported"]["customFields"] == 2
    assert {"section": "references", "items": 2, "reason": "not printed"} in report["skipped"]
    assert report["summary"].startswith("3 roles")


def test_one_resume_shows_its_document_in_camel_case(client: TestClient) -> None:
    uploaded = _upload(client, "rxresume_v4_whole.json")
    shown = client.get(f"/api/resumes/{uploaded['id']}")
    assert shown.status_code == 200
    body = shown.json()
    assert body["name"] == "Priya Raman"  # the metadata it had before
    document = body["document"]
    assert document["basics"]["customFields"][0] == {
        "label": "Notice period: one month",
        "url": "",
    }
    assert document["education"][0]["studyType"] == "MSc"
    assert document["customSections"][0]["title"] == "Talks"
    assert [e["company"] for e in document["experience"]] == ["Harbourline", "Cobbles & Co"]
    assert document["volunteering"][0]["organization"] == "Data for Good Bristol"
    assert {"section": "custom section 'Side Gigs'", "items": 1, "reason": "hidden section"} in (
        document["skipped"]
    )
    assert body["importReport"]["skipped"] == document["skipped"]
    assert not any("_" in key for key in document["basics"])  # camelCase like the rest


def test_a_resume_stored_before_the_report_existed_still_shows(client: TestClient) -> None:
    """The demo resume was stored by the fixture; older rows have no ``skipped`` key."""
    [listed] = client.get("/api/resumes").json()
    body = client.get(f"/api/resumes/{listed['id']}").json()
    assert body["document"]["basics"]["name"] == "Alex Morgan"
    assert body["importReport"]["skipped"] == []
    assert client.get("/api/resumes/nope").status_code == 404
