"""Fetching the base resume from a Reactive Resume instance served on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from jobops import repo
from jobops.db import Database
from jobops.errors import ResumeSourceUnavailable
from jobops.resume.rxresume import sync_resume
from jobops.settings import RxResumeSettings

V5_API = Path(__file__).resolve().parents[2] / "fixtures" / "rxresume_v5_api.json"


class FakeReactiveResume:
    def __init__(self) -> None:
        self.document: dict[str, Any] = json.loads(V5_API.read_text())
        self.status = 200
        self.seen_keys: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server.seen_keys.append(self.headers.get("x-api-key"))
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                    return
                if self.path != f"/api/openapi/resumes/{server.document['id']}":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(server.document).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"


@pytest.fixture
def rr() -> Iterator[FakeReactiveResume]:
    server = FakeReactiveResume()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def _settings(rr: FakeReactiveResume, **overrides: Any) -> RxResumeSettings:
    values: dict[str, Any] = {
        "url": rr.url,
        "api_key": SecretStr("rr-key"),
        "resume_id": "rr-resume-42",
        "timeout_seconds": 2,
    }
    values.update(overrides)
    return RxResumeSettings(**values)


def test_fetches_the_resume_and_makes_it_the_default(db: Database, rr: FakeReactiveResume) -> None:
    result = sync_resume(db, _settings(rr))
    assert (result.status, result.revision) == ("updated", 1)
    assert rr.seen_keys == ["rr-key"]
    with db.session() as session:
        row, resume = repo.get_default_resume(session)
    assert row.id == result.resume_id
    assert row.source_ref == "rxresume:rr-resume-42"
    assert resume.basics.name == "Jordan Ellis"


def test_a_changed_resume_gets_a_new_revision_and_an_unchanged_one_does_not(
    db: Database, rr: FakeReactiveResume
) -> None:
    first = sync_resume(db, _settings(rr))
    assert sync_resume(db, _settings(rr)).status == "unchanged"
    rr.document["data"]["basics"]["headline"] = "Senior Data Engineer"
    second = sync_resume(db, _settings(rr))
    assert (second.status, second.resume_id, second.revision) == ("updated", first.resume_id, 2)
    with db.session() as session:
        assert len(repo.list_resumes(session)) == 1
        assert repo.get_default_resume(session)[1].basics.headline == "Senior Data Engineer"


@pytest.mark.parametrize("status", [500, 401, 404])
def test_the_last_good_copy_is_kept_while_reactive_resume_fails(
    db: Database, rr: FakeReactiveResume, status: int
) -> None:
    sync_resume(db, _settings(rr))
    rr.status = status
    result = sync_resume(db, _settings(rr))
    assert result.status == "offline"
    assert f"HTTP {status}" in result.message
    assert "stored copy" in result.message
    with db.session() as session:
        assert repo.get_default_resume(session)[1].basics.name == "Jordan Ellis"


def test_without_a_copy_a_failure_is_an_error(db: Database, rr: FakeReactiveResume) -> None:
    rr.status = 503
    with pytest.raises(ResumeSourceUnavailable, match="No copy"):
        sync_resume(db, _settings(rr))


def test_an_unreachable_instance_and_a_bad_url(db: Database, rr: FakeReactiveResume) -> None:
    with pytest.raises(ResumeSourceUnavailable, match="could not be reached"):
        sync_resume(db, _settings(rr, url="http://127.0.0.1:9"))
    with pytest.raises(ResumeSourceUnavailable, match="http"):
        sync_resume(db, _settings(rr, url="file:///etc/passwd"))


def test_the_sync_reports_what_the_import_left_out(db: Database, rr: FakeReactiveResume) -> None:
    result = sync_resume(db, _settings(rr))
    assert result.report is not None
    assert result.report.imported["experience"] == 1
    assert [s.section for s in result.report.skipped] == ["experience", "projects", "skills"]
    assert "skipped: experience (1 item, hidden)" in result.message
    rr.status = 503
    assert sync_resume(db, _settings(rr)).report is None  # offline: nothing was imported
