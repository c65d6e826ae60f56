"""PDF freshness, themes and base resumes per job, uploads and download names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jobops import repo
from jobops.db import Database
from jobops.resume.model import Resume
from jobops.settings import get_settings
from tests.conftest import POSTGRES_URL
from tests.factories import add_job
from tests.pdf import pdf_text

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj "
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _ready(client: TestClient, db: Database, **overrides: object) -> str:
    job = add_job(db, **overrides)
    response = client.post(f"/api/jobs/{job.id}/process")
    assert response.status_code == 200, response.text
    assert response.json()["pdfFreshness"] == "current"
    return job.id


def _freshness(client: TestClient, job_id: str) -> str:
    value: str = client.get(f"/api/jobs/{job_id}").json()["pdfFreshness"]
    return value


def test_a_new_job_has_no_pdf(client: TestClient, db: Database) -> None:
    assert _freshness(client, add_job(db).id) == "missing"


def test_editing_any_input_makes_the_pdf_stale_and_regenerating_fixes_it(
    client: TestClient, db: Database, demo_resume: Resume
) -> None:
    edits = [
        {"tailoredSummary": "A new summary."},
        {"selectedProjectIds": "p5"},
        {"jobDescription": "A different job description."},
        {"employer": "Another Employer"},
        {"theme": "modern"},
    ]
    for edit in edits:
        job_id = _ready(client, db)
        assert client.patch(f"/api/jobs/{job_id}", json=edit).status_code == 200
        assert _freshness(client, job_id) == "stale", edit
        regenerated = client.post(f"/api/jobs/{job_id}/generate-pdf").json()
        assert regenerated["pdfFreshness"] == "current", edit


def test_a_changed_base_resume_makes_ready_pdfs_stale(
    client: TestClient, db: Database, demo_resume: Resume
) -> None:
    job_id = _ready(client, db)
    changed = demo_resume.model_copy(deep=True)
    changed.basics.headline = "Staff Engineer"
    with db.session() as session:
        repo.add_resume(session, "reactive_resume", changed, make_default=True)
    assert _freshness(client, job_id) == "stale"


def test_theme_per_job_is_used_and_validated(client: TestClient, db: Database) -> None:
    job = add_job(db)
    bad = client.patch(f"/api/jobs/{job.id}", json={"theme": "../../etc/passwd"})
    assert bad.status_code == 422
    assert "classic" in bad.json()["detail"]
    assert (
        client.patch(f"/api/jobs/{job.id}", json={"theme": "compact"}).json()["theme"] == "compact"
    )
    out = client.post(f"/api/jobs/{job.id}/process").json()
    assert out["theme"] == "compact"
    assert out["pdfFreshness"] == "current"


def test_a_job_can_use_another_base_resume(
    client: TestClient, db: Database, demo_resume: Resume
) -> None:
    other = demo_resume.model_copy(deep=True)
    other.basics.name = "Riley Chen"
    with db.session() as session:
        row, _ = repo.add_resume(session, "json_resume", other, name="Riley", make_default=False)
    job = add_job(db)
    assert client.patch(f"/api/jobs/{job.id}", json={"resumeId": "nope"}).status_code == 422
    assert (
        client.patch(f"/api/jobs/{job.id}", json={"resumeId": row.id}).json()["resumeId"] == row.id
    )
    pdf = client.post(f"/api/jobs/{job.id}/process").json()["pdfPath"]
    text = pdf_text(pdf)
    assert "Riley Chen" in text
    assert "Alex Morgan" not in text


def test_download_name(client: TestClient, db: Database) -> None:
    job_id = _ready(client, db, title="Backend Engineer (Python/Go)", employer="Zürich Café AG")
    response = client.get(f"/api/jobs/{job_id}/pdf")
    assert response.status_code == 200
    assert (
        'filename="Alex_Morgan_Zurich_Cafe_AG_Backend_Engineer_Python_Go.pdf"'
        in response.headers["content-disposition"]
    )


def test_upload_your_own_pdf(client: TestClient, db: Database) -> None:
    job = add_job(db)
    response = client.post(
        f"/api/jobs/{job.id}/pdf", content=MINIMAL_PDF, headers={"content-type": "application/pdf"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["pdfSource"] == "uploaded"
    assert body["pdfFreshness"] == "uploaded"
    assert client.get(f"/api/jobs/{job.id}/pdf").content == MINIMAL_PDF


def test_bad_uploads_change_nothing(client: TestClient, db: Database) -> None:
    job = add_job(db)
    not_pdf = client.post(
        f"/api/jobs/{job.id}/pdf", content=b"hello", headers={"content-type": "application/pdf"}
    )
    assert not_pdf.status_code == 422
    assert "%PDF" in not_pdf.json()["detail"]
    wrong_type = client.post(
        f"/api/jobs/{job.id}/pdf", content=MINIMAL_PDF, headers={"content-type": "text/plain"}
    )
    assert wrong_type.status_code == 422
    too_big = client.post(
        f"/api/jobs/{job.id}/pdf",
        content=MINIMAL_PDF + b"0" * (10 * 1024 * 1024),
        headers={"content-type": "application/pdf"},
    )
    assert too_big.status_code == 422
    after = client.get(f"/api/jobs/{job.id}").json()
    assert after["status"] == "discovered"
    assert after["pdfPath"] is None
    assert after["version"] == job.version
    client.post(f"/api/jobs/{job.id}/apply")
    assert (
        client.post(
            f"/api/jobs/{job.id}/pdf",
            content=MINIMAL_PDF,
            headers={"content-type": "application/pdf"},
        ).status_code
        == 409
    )


def test_a_copied_data_folder_serves_its_pdfs(
    client: TestClient, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PDF paths are recorded relative to the data folder: a copy (a backup restored, a folder
    moved to another machine) serves every PDF, and a missing file says so."""
    ids = [_ready(client, db) for _ in range(2)]
    settings = get_settings()
    db.dispose()
    copy = tmp_path / "restored"
    shutil.copytree(settings.data_dir, copy)
    if not POSTGRES_URL:  # the SQLite file moves with the folder; PostgreSQL stays where it is
        monkeypatch.setenv("JOBOPS_DATABASE_URL", f"sqlite:///{copy / 'jobops.db'}")
    shutil.rmtree(settings.pdf_dir)  # the original folder's PDFs are gone
    monkeypatch.setenv("JOBOPS_DATA_DIR", str(copy))
    get_settings.cache_clear()
    from api.main import create_app

    with TestClient(create_app()) as moved:
        for job_id in ids:
            assert moved.get(f"/api/jobs/{job_id}").json()["pdfFreshness"] == "current"
            pdf = moved.get(f"/api/jobs/{job_id}/pdf")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        (copy / "pdfs" / f"{ids[0]}.pdf").unlink()
        assert moved.get(f"/api/jobs/{ids[0]}").json()["pdfFreshness"] == "missing"
        assert moved.get(f"/api/jobs/{ids[0]}/pdf").status_code == 404
        assert moved.delete(f"/api/jobs/{ids[1]}").status_code == 204
    assert not (copy / "pdfs" / f"{ids[1]}.pdf").exists()
