"""Real Prefect flow runs (one temporary Prefect API for the session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from jobops import repo
from jobops.db import Database
from jobops.lifecycle import JobStatus
from jobops.models import Job, JobEvent, PipelineRun
from jobops.resume.model import Resume
from jobops.settings import Settings, get_settings
from tests.conftest import DEMO_FEED
from tests.llm_server import FakeLLMServer
from tests.pdf import pdf_text

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def test_pipeline_runs_end_to_end_and_reruns_without_duplicates(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from flows.pipeline import pipeline_flow

    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=3)

    assert summary.status == "completed"
    assert summary.counts["crawled"] == 30
    assert summary.counts["new"] == 30
    assert summary.counts["expired"] == 2  # closed before they were crawled: never scored
    assert summary.counts["scored"] == 28
    assert summary.counts["score_failures"] == 0
    assert summary.counts["selected"] == 3
    assert summary.counts["processed"] == 3
    assert [line.status for line in summary.processed] == ["ready"] * 3
    scores = [line.score for line in summary.scored]
    assert scores == sorted(scores, key=lambda s: -(s or 0))
    assert all(line.score is not None and line.score >= 50 for line in summary.processed)
    for line in summary.processed:
        assert line.pdf_path
        assert Path(line.pdf_path).is_file()
        assert line.title.split(" (")[0] in pdf_text(line.pdf_path)

    with db.session() as session:
        run = session.get(PipelineRun, summary.run_id)
        assert run is not None
        assert run.status == "completed"
        assert run.completed_at
        events = session.exec(
            select(JobEvent).where(JobEvent.pipeline_run_id == summary.run_id)
        ).all()
        # created (and expired for the two closed ones), then processing and ready for three
        assert len(events) == 30 + 2 + 3 * 2
        assert {e.actor for e in events} == {"pipeline"}
        assert {e.flow_run_id for e in events} == {summary.run_id}  # bound in the task threads too
        assert not session.exec(select(Job).where(Job.status == JobStatus.PROCESSING.value)).all()

    again = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=3)
    assert again.run_id != summary.run_id
    assert again.counts["new"] == 0
    assert again.counts["duplicates"] == 30
    assert again.counts["selected"] == 0
    with db.session() as session:
        assert repo.list_jobs(session)[1] == 30
        ready, _ = repo.list_jobs(session, [JobStatus.READY])
        assert len(ready) == 3


def test_a_failed_render_returns_the_job_and_the_run_goes_on(
    db: Database, settings: Settings, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline import pipeline_flow

    monkeypatch.setenv("JOBOPS_THEME", "no-such-theme")
    get_settings.cache_clear()
    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=2)

    assert summary.status == "partial"
    assert summary.counts["selected"] == 2
    assert summary.counts["failed"] == 2
    assert summary.counts["processed"] == 0
    with db.session() as session:
        for line in summary.processed:
            job = repo.get_job(session, line.job_id)
            assert job.status == "discovered"
            assert job.process_error
            assert "render_failed" in job.process_error
            assert job.pdf_path is None


@pytest.fixture
def no_prefilter(remote_llm: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Every new job goes to the LLM, as before the pre-filter existed."""
    monkeypatch.setenv("JOBOPS_PIPELINE__PREFILTER", "false")
    get_settings.cache_clear()
    return get_settings()


def test_pipeline_scores_and_tailors_through_an_openai_compatible_server(
    db: Database, no_prefilter: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    from flows.pipeline import pipeline_flow

    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=2)
    assert summary.prefilter == {}
    assert summary.status == "completed"
    assert summary.scored_by.startswith("openai-compatible@127.0.0.1")
    assert summary.scored_by.endswith("/test-model")
    assert summary.counts["scored"] == 28  # the two closed postings are never sent
    assert summary.counts["processed"] == 2
    assert summary.tokens == {"llmCalls": 30, "promptTokens": 3000, "completionTokens": 600}
    assert len(llm_server.requests) == 30
    for line in summary.processed:
        assert line.status == "ready"
        assert line.pdf_path
        assert "Backend engineer who builds Python services" in pdf_text(line.pdf_path)


def test_score_failures_are_counted_and_never_invented(
    db: Database, no_prefilter: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    from flows.pipeline import pipeline_flow

    llm_server.score_reply = {"score": "very good", "reason": "not a number"}  # fails validation
    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=2)
    assert summary.status == "partial"
    assert summary.counts["scored"] == 0
    assert summary.counts["score_failures"] == 28
    assert summary.counts["selected"] == 0
    with db.session() as session:
        jobs, _ = repo.list_jobs(session, [JobStatus.DISCOVERED])
    assert len(jobs) == 28
    assert all(j.suitability_score is None and j.score_error for j in jobs)
    assert all("llm_bad_output" in (j.score_error or "") for j in jobs)


def _big_feed(path: Path, copies: int) -> Path:
    """The demo feed plus ``copies`` postings for other occupations (its nurse, chef, sales
    and other non-software postings at other employers): 30 + ``copies`` listings."""
    from jobops import demo

    rows = [json.loads(line) for line in demo.write_feed(path).read_text().splitlines()]
    others = [r for r in rows if r["title"] in UNRELATED_DEMO_TITLES]
    extra = []
    for i in range(copies):
        row = dict(others[i % len(others)])
        row["employer"] = f"{row['employer']} {i // len(others) + 2}"
        row["jobUrl"] = f"{row['jobUrl']}-copy-{i}"
        row["applicationLink"] = f"{row['applicationLink']}-copy-{i}"
        row["sourceJobId"] = f"copy-{i}"
        extra.append(row)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows + extra))
    return path


UNRELATED_DEMO_TITLES = {
    "Registered Nurse – Acute Medical Unit",
    "Management Accountant",
    "Sales Development Representative",
    "Graphic Designer",
    "Teacher of Mathematics",
    "Marketing Manager",
    "HR Generalist",
    "Sous Chef",
}
#: The demo resume's strong fits (a backend engineer's own roles): the pre-filter must pass them.
STRONG_DEMO_TITLES = {
    "Senior Backend Engineer (Python)",
    "Data Platform Engineer",
    "Backend Engineer, Logistics APIs",
    "Python Engineer, Open Data APIs",
    "Lead Backend Engineer",
}


def test_the_prefilter_sends_only_the_best_local_scores_to_the_llm(
    db: Database,
    remote_llm: Settings,
    stored_resume: Resume,
    llm_server: FakeLLMServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.pipeline import pipeline_flow

    cap, top_n = 12, 3
    monkeypatch.setenv("JOBOPS_PIPELINE__PREFILTER_MAX_LLM", str(cap))
    get_settings.cache_clear()
    feed = _big_feed(tmp_path / "big.jsonl", 470)

    summary = pipeline_flow(feeds=[str(feed)], min_score=50, top_n=top_n)

    assert summary.counts["new"] == 500
    assert summary.counts["scored"] == 498  # every open listing has a score, local or LLM
    assert summary.prefilter["toLlm"] == cap  # more than cap pass the local cut
    assert summary.prefilter["keptLocal"] == 498 - cap
    assert summary.prefilter["overCap"] > 0 and summary.prefilter["belowCut"] >= 470
    assert len(llm_server.requests) <= cap + top_n
    assert summary.counts["processed"] == top_n
    assert any("saving 486 LLM call(s) and about" in n for n in summary.notes)
    assert "## Notes" in summary.to_markdown()
    with db.session() as session:
        jobs = session.exec(select(Job)).all()
    by_llm = {j.title for j in jobs if (j.scored_by or "").startswith("openai-compatible")}
    assert by_llm >= STRONG_DEMO_TITLES
    assert not by_llm & UNRELATED_DEMO_TITLES
    local = [j for j in jobs if j.scored_by == "local/relevance-v1"]
    assert len(local) == 498 - cap
    assert all(j.suitability_score is not None and j.score_details for j in local)
    assert all(j.score_details["prefilter"]["kept"] == "local" for j in local)  # type: ignore[index]
    nurse = next(j for j in local if j.title.startswith("Registered Nurse"))
    assert (nurse.suitability_score or 0) < 20
    assert "below the local cut" in nurse.score_details["prefilter"]["why"]  # type: ignore[index]


def test_several_sources_with_duplicates_ledger_and_webhook(
    db: Database, board_settings: Settings, stored_resume: Resume, receiver: object
) -> None:
    from flows.pipeline import pipeline_flow
    from jobops import analytics, app_settings
    from tests.receiver import Receiver

    assert isinstance(receiver, Receiver)
    app_settings.update_settings(db, {"webhookUrls": [receiver.url]})
    summary = pipeline_flow(feeds=None, min_score=50, top_n=2)

    assert summary.status == "completed"
    stats = summary.sources
    assert set(stats) == {
        "greenhouse:northwind",
        "lever:northwind",
        "ashby:meridian",
        f"rss:{board_settings.sources.rss[0]}",
        f"rss:{board_settings.sources.rss[1]}",
    }
    assert stats["greenhouse:northwind"]["new"] == 3
    # Lever lists the same Senior Backend Engineer as Greenhouse: merged, not stored twice.
    assert stats["lever:northwind"] == {
        **stats["lever:northwind"],
        "listed": 2,
        "new": 1,
        "duplicates": 1,
        "merged": 1,
    }
    assert summary.counts["crawled"] == 3 + 2 + 1 + 2 + 1
    assert summary.counts["duplicates"] == 1 and summary.counts["new"] == 8
    with db.session() as session:
        jobs, _ = repo.list_jobs(session)
    merged = next(
        j for j in jobs if j.source == "greenhouse" and j.title == "Senior Backend Engineer"
    )
    assert merged.alternate_urls == ["https://jobs.lever.co/northwind/a1b2c3"]

    yields = analytics.source_yields(board_settings.ledger_dir)
    assert {y.source for y in yields} == set(stats) and all(y.ok for y in yields)
    [hook] = receiver.requests
    assert hook["json"]["event"] == "pipeline.completed"
    assert hook["json"]["run"]["id"] == summary.run_id and hook["json"]["run"]["new"] == 8
    assert "Sources" in summary.to_markdown()


def test_a_failing_source_does_not_stop_the_run(
    db: Database, board_settings: Settings, stored_resume: Resume, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline import pipeline_flow

    monkeypatch.setenv("JOBOPS_SOURCES__GREENHOUSE", '["northwind", "changed", "down"]')
    get_settings.cache_clear()
    summary = pipeline_flow(feeds=None, min_score=50, top_n=1)
    assert summary.status == "partial"
    assert summary.sources["greenhouse:changed"]["error"].startswith(
        "greenhouse:changed: the response format changed"
    )
    assert "HTTP 503" in summary.sources["greenhouse:down"]["error"]
    assert summary.sources["greenhouse:northwind"]["new"] == 3
    assert len(summary.source_errors) == 2


def test_expire_flow_uses_deadlines_and_the_ledger(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from datetime import timedelta

    from flows.maintenance import expire_jobs_flow
    from flows.pipeline import pipeline_flow
    from jobops import clock
    from jobops.deadlines import parse_deadline
    from jobops.sources.file import read_feed

    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=101, top_n=0)
    with db.session() as session:
        closed, _ = repo.list_jobs(session, [JobStatus.EXPIRED])
    # the two demo postings whose deadline passed before they were crawled are stored expired
    assert {j.title for j in closed} == {"Junior Python Engineer", "Warehouse Supervisor (Nights)"}
    assert {j.expiry_reason for j in closed} == {"deadline"}
    assert summary.counts["expired"] == 2

    later = clock.now() + timedelta(days=21)
    due = {
        li.title
        for li in read_feed(DEMO_FEED).listings
        if (d := parse_deadline(li.deadline)) is not None and clock.today() <= d < later.date()
    }
    assert "Sales Development Representative" in due
    with clock.pinned(later):
        expired = expire_jobs_flow()
    with db.session() as session:
        gone, _ = repo.list_jobs(session, [JobStatus.EXPIRED])
    assert expired == len(due)
    assert {j.title for j in gone} == due | {j.title for j in closed}


def test_a_cancelled_run_stops_between_steps(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from flows.pipeline import pipeline_flow
    from jobops import progress, runs

    def cancel_when_scoring_starts(stage: str, done: int, total: int) -> None:
        if stage == "score" and done == 0:
            runs.cancel_run(db)

    with progress.listen(cancel_when_scoring_starts):
        summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=3)
    assert summary.status == "cancelled"
    assert summary.counts["selected"] == 0 and summary.processed == []
    with db.session() as session:
        assert not repo.list_jobs(session, [JobStatus.PROCESSING])[0]
        assert not repo.list_jobs(session, [JobStatus.READY])[0]


def test_a_run_follows_its_source_changes_unlistings_and_returns(
    db: Database,
    settings: Settings,
    stored_resume: Resume,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    from flows.pipeline import pipeline_flow

    monkeypatch.setenv("JOBOPS_EXPIRY__UNSEEN_CRAWLS", "1")
    get_settings.cache_clear()
    rows = [json.loads(line) for line in DEMO_FEED.read_text("utf-8").splitlines()]
    feed = tmp_path / "feed.jsonl"

    def crawl(listings: list[dict[str, object]]) -> object:
        feed.write_text("".join(json.dumps(r) + "\n" for r in listings), encoding="utf-8")
        return pipeline_flow(feeds=[str(feed)], min_score=101, top_n=0)

    crawl(rows)
    changed = {**rows[0], "jobDescription": rows[0]["jobDescription"] + "\nNow also Rust."}
    gone = rows[1]
    second = crawl([changed, *rows[2:]])
    with db.session() as session:
        jobs = {j.job_url: j for j in repo.list_jobs(session)[0]}
    assert second.counts["updated"] == 1 and second.counts["expired"] == 1  # type: ignore[attr-defined]
    updated = jobs[str(changed["jobUrl"])]
    assert "Now also Rust." in (updated.job_description or "")
    assert updated.suitability_score is not None  # scored again in the same run
    assert updated.id in [line.job_id for line in second.scored]  # type: ignore[attr-defined]
    assert (jobs[str(gone["jobUrl"])].status, jobs[str(gone["jobUrl"])].expiry_reason) == (
        "expired",
        "unlisted",
    )

    crawl(rows)
    with db.session() as session:
        back = repo.get_job(session, jobs[str(gone["jobUrl"])].id)
        reasons = [e.reason for e in repo.job_events(session, back.id)]
    assert back.status == "discovered" and reasons[-1] == f"listed again by file:{feed.name}"


def test_a_run_without_sources_fails_with_the_cli_message(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    """A deployment run of daily-pipeline with nothing configured fails, it does not "complete"."""
    from flows.pipeline import pipeline_flow
    from jobops.errors import NoSources

    state = pipeline_flow(return_state=True)

    assert state.is_failed()
    assert "no sources: pass --feed FILE" in (state.message or "")
    with pytest.raises(NoSources):
        state.result()
    with db.session() as session:
        [run] = session.exec(select(PipelineRun)).all()
    assert run.status == "failed"
    assert run.error is not None and str(NoSources()) in run.error
    lines = (settings.data_dir / "logs" / "jobops.jsonl").read_text()
    assert "pipeline run failed: NoSources: no sources: pass --feed FILE" in lines


def test_a_run_without_a_base_resume_fails_before_crawling(
    db: Database, settings: Settings
) -> None:
    from flows.pipeline import pipeline_flow
    from jobops.errors import NoBaseResume

    state = pipeline_flow(feeds=[str(DEMO_FEED)], return_state=True)

    assert state.is_failed()
    with pytest.raises(NoBaseResume):
        state.result()
    with db.session() as session:
        assert repo.list_jobs(session)[1] == 0  # nothing crawled, nothing scored to fail
