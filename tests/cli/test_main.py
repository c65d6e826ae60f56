from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from jobops import repo
from jobops.db import Database
from jobops.settings import Settings
from tests.conftest import DEMO_FEED, DEMO_RESUME
from tests.jobops.resume.test_importers import JSON_RESUME_DOC

runner = CliRunner()


def test_import_resume_is_idempotent_and_sets_the_default(db: Database, tmp_path: Path) -> None:
    first = runner.invoke(app, ["import-resume", str(DEMO_RESUME)])
    assert first.exit_code == 0, first.output
    assert "Imported 'Alex Morgan'" in first.output
    assert "p1, p2" in first.output
    again = runner.invoke(app, ["import-resume", str(DEMO_RESUME)])
    assert again.exit_code == 0
    assert "Already stored" in again.output

    other = tmp_path / "json-resume.json"
    other.write_text(json.dumps(JSON_RESUME_DOC))
    assert runner.invoke(app, ["import-resume", str(other)]).exit_code == 0
    with db.session() as session:
        assert repo.get_default_resume(session)[1].basics.name == "Sam Rivera"


def test_import_resume_says_what_arrived_and_what_was_left_out(db: Database) -> None:
    whole = Path(__file__).resolve().parents[1] / "fixtures" / "resumes" / "rxresume_v5_whole.json"
    result = runner.invoke(app, ["import-resume", str(whole)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "3 roles, 1 education entry, 2 skill groups, projects pj-1, pj-2" in output
    assert "1 award, 1 publication, 1 volunteering role, 1 interest" in output
    assert "skipped: experience (1 item, hidden)" in output
    assert "references (2 items, not printed)" in output
    assert "custom section 'Cover Letter' (1 item, a cover letter, not printed)" in output


def test_import_resume_rejects_a_non_resume(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": "world"}')
    result = runner.invoke(app, ["import-resume", str(bad)])
    assert result.exit_code == 1
    assert "neither a Reactive Resume export nor a JSON Resume" in result.output


def test_run_needs_a_source_and_a_resume(db: Database, settings: Settings, tmp_path: Path) -> None:
    no_source = runner.invoke(app, ["run"])
    assert no_source.exit_code == 2
    assert "no sources" in no_source.output
    missing = runner.invoke(app, ["run", "--feed", str(tmp_path / "missing.jsonl")])
    assert missing.exit_code == 2
    assert "not found" in missing.output
    no_resume = runner.invoke(app, ["run", "--feed", str(DEMO_FEED)])
    assert no_resume.exit_code == 1
    assert "import-resume" in no_resume.output


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_run_prints_a_summary_with_pdf_paths(db: Database, settings: Settings) -> None:
    assert runner.invoke(app, ["import-resume", str(DEMO_RESUME)]).exit_code == 0
    result = runner.invoke(app, ["run", "--feed", str(DEMO_FEED), "--top-n", "2"])
    assert result.exit_code == 0, result.output
    assert "completed" in result.output
    assert "Tailored and rendered" in result.output
    pdfs = [line.strip() for line in result.output.splitlines() if line.strip().endswith(".pdf")]
    assert len(pdfs) == 2
    assert all(Path(p).is_file() for p in pdfs)
    lines = [
        json.loads(x)
        for x in (settings.data_dir / "logs" / "jobops.jsonl").read_text().splitlines()
    ]
    scored = [line for line in lines if line["msg"].startswith("scored '")]
    assert len(scored) == 28  # 30 listings, two already closed
    assert all(line["pipelineRunId"] and line["jobId"] for line in scored)
    assert len({line["pipelineRunId"] for line in lines if "pipelineRunId" in line}) == 1


def test_resumes_list_and_use_resume(db: Database, tmp_path: Path) -> None:
    assert runner.invoke(app, ["import-resume", str(DEMO_RESUME)]).exit_code == 0
    other = tmp_path / "json-resume.json"
    other.write_text(json.dumps(JSON_RESUME_DOC))
    added = runner.invoke(app, ["import-resume", str(other), "--name", "Data", "--no-default"])
    assert added.exit_code == 0
    assert "It is the default" not in added.output
    listing = runner.invoke(app, ["resumes"])
    assert "Alex Morgan" in listing.output
    assert "Data" in listing.output
    with db.session() as session:
        data_id = next(r.id for r in repo.list_resumes(session) if r.name == "Data")
    assert runner.invoke(app, ["use-resume", data_id]).exit_code == 0
    with db.session() as session:
        assert repo.get_default_resume(session)[0].id == data_id
    missing = runner.invoke(app, ["use-resume", "nope"])
    assert missing.exit_code == 1
    assert "No stored resume" in missing.output


def test_sync_resume_needs_configuration(db: Database, settings: Settings) -> None:
    result = runner.invoke(app, ["sync-resume"])
    assert result.exit_code == 2
    assert "JOBOPS_RXRESUME__URL" in result.output


def test_serve_refuses_a_public_address_without_a_token(db: Database, settings: Settings) -> None:
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "JOBOPS_API_TOKEN" in result.output


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_a_broken_feed_line_is_reported_and_the_rest_imported(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["import-resume", str(DEMO_RESUME)]).exit_code == 0
    lines = DEMO_FEED.read_text("utf-8").splitlines()
    feed = tmp_path / "feed.jsonl"
    broken = [*lines[:7], '{"title": "Half a line", "employer": "Cut', *lines[7:]]
    feed.write_bytes(b"\xef\xbb\xbf" + "\n".join(broken).encode())  # a BOM, as Notepad writes
    result = runner.invoke(app, ["run", "--feed", str(feed), "--top-n", "0"])
    assert result.exit_code == 0, result.output
    assert "partial" in result.output
    assert "rejected listing: feed.jsonl:8: not valid JSON" in result.output
    with db.session() as session:
        assert repo.list_jobs(session)[1] == 30
    assert "already known" not in result.output


def test_expire_command_lists_what_it_expired(db: Database, settings: Settings) -> None:
    from datetime import timedelta

    from jobops import clock
    from tests.factories import add_job

    soon = (clock.today() + timedelta(days=3)).isoformat()
    job = add_job(db, deadline=soon, title="Closing Soon Engineer")
    add_job(db, deadline=(clock.today() + timedelta(days=30)).isoformat())
    assert "Nothing to expire" in runner.invoke(app, ["expire"]).output
    with clock.pinned(clock.now() + timedelta(days=5)):
        result = runner.invoke(app, ["expire"])
    assert result.exit_code == 0, result.output
    assert "Expired (1)" in result.output and "Closing Soon Engineer" in result.output
    assert f"deadline passed ({soon})" in result.output
    with db.session() as session:
        assert repo.get_job(session, job.id).status == "expired"


def test_import_resume_defaults_are_what_was_asked(db: Database, tmp_path: Path) -> None:
    other = tmp_path / "json-resume.json"
    other.write_text(json.dumps(JSON_RESUME_DOC))
    first = runner.invoke(app, ["import-resume", str(other), "--name", "Data", "--no-default"])
    assert first.exit_code == 0 and "It is the default" not in first.output
    with db.session() as session:
        assert [r.is_default for r in repo.list_resumes(session)] == [False]
    assert runner.invoke(app, ["import-resume", str(DEMO_RESUME)]).exit_code == 0  # new: default
    again = runner.invoke(app, ["import-resume", str(other)])  # identical: stays as it was
    assert "Already stored: 'Data'" in again.output and "It is the default" not in again.output
    with db.session() as session:
        rows = {r.name: r.is_default for r in repo.list_resumes(session)}
    assert rows == {"Data": False, "Alex Morgan": True}
