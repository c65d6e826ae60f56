"""Flow runs show jobops' own lines: in their logs on the Prefect API (what the UI shows), in
data/logs/jobops.jsonl even when no CLI set logging up (a worker), and in the job events."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from uuid import UUID

import pytest

from jobops import repo
from jobops.db import Database
from jobops.models import Job
from jobops.resume.model import Resume
from jobops.settings import Settings
from tests.conftest import DEMO_FEED
from tests.factories import add_job

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture
def logs_to_api() -> Iterator[None]:
    """The suite keeps logs off the API; these tests read them back from it."""
    from prefect.settings import PREFECT_LOGGING_TO_API_ENABLED, temporary_settings

    with temporary_settings({PREFECT_LOGGING_TO_API_ENABLED: True}):
        yield


@pytest.fixture
def fresh_process_logging() -> Iterator[None]:
    """The ``jobops`` logger as a worker's new flow-run process has it: nobody configured it."""
    logger = logging.getLogger("jobops")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    for handler in saved[0]:
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
    yield
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        if handler not in saved[0]:
            handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def _flow_run_logs(flow_run_id: str) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import LogSort
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()  # the log worker sends in batches
    with get_client(sync_client=True) as client:
        lines = client.read_logs(
            LogFilter(flow_run_id=LogFilterFlowRunId(any_=[UUID(flow_run_id)])),
            limit=200,
            sort=LogSort.TIMESTAMP_ASC,
        )
    return [line.message for line in lines]


def _task_run_names(flow_run_id: str, expected: set[str]) -> set[str]:
    """The flow run's task-run names, once the expected ones are in: the server records task
    runs from the events the run sent, a moment after the flow returns."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    names: set[str] = set()
    with get_client(sync_client=True) as client:
        for _ in range(100):
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(flow_run_id)]))
            )
            names = {run.name for run in runs}
            if expected <= names:
                break
            time.sleep(0.2)
    return names


@pytest.mark.usefixtures("logs_to_api")
def test_a_pipeline_run_shows_jobops_lines_in_its_prefect_logs(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from flows.pipeline import pipeline_flow

    summary = pipeline_flow(feeds=[str(DEMO_FEED)], min_score=50, top_n=1)

    messages = _flow_run_logs(summary.run_id)
    with db.session() as session:
        jobs = {job.id: job for job in repo.list_jobs(session, limit=100)[0]}
    scored = [m for m in messages if m.startswith("scored '")]
    assert len(scored) == 28, messages  # 30 listings, two already closed
    for message in scored:
        # scored 'Senior Backend Engineer' at Northwind Analytics: 78 · pipelineRunId=… jobId=…
        found = re.search(r"jobId=(\S+)", message)
        assert found, message
        job = jobs[found[1]]
        assert message.startswith(
            f"scored '{job.title}' at {job.employer}: {job.suitability_score} · "
        )
        assert f"pipelineRunId={summary.run_id}" in message
        assert "flowRunId" not in message  # the page is that flow run's already
    [rendered] = [m for m in messages if m.startswith("rendered the PDF of '")]
    assert "pdfPath=" in rendered
    assert any(m.startswith("pipeline run finished · ") for m in messages)

    best = jobs[summary.processed[0].job_id]
    expected = {f"{verb} {best.title} @ {best.employer}" for verb in ("claim", "tailor", "render")}
    expected |= {
        f"score {job.title} @ {job.employer}" for job in jobs.values() if job.status != "expired"
    }
    assert expected <= _task_run_names(summary.run_id, expected)


@pytest.mark.usefixtures("fresh_process_logging")
def test_a_flow_run_writes_the_jsonl_file_without_the_cli(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from flows.jobs import process_job_flow

    job = add_job(db, title="Staff Data Engineer", employer="Meridian Ledger")
    state = process_job_flow(job.id, return_state=True)

    assert state.is_completed()
    flow_run_id = str(state.state_details.flow_run_id)
    log_file = settings.data_dir / "logs" / "jobops.jsonl"
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    ours = [line for line in lines if line.get("flowRunId") == flow_run_id]
    ready = [
        line for line in ours if line["msg"] == "'Staff Data Engineer' at Meridian Ledger is ready"
    ]
    assert len(ready) == 1, lines
    assert ready[0]["jobId"] == job.id
    assert ready[0]["pdfPath"].endswith(".pdf")


def test_the_events_of_a_process_job_run_carry_its_flow_run_id(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    from flows.jobs import process_job_flow

    job = add_job(db)
    other: Job = add_job(db)
    state = process_job_flow(job.id, return_state=True)

    assert state.is_completed()
    with db.session() as session:
        events = repo.job_events(session, job.id)
        untouched = repo.job_events(session, other.id)
    moved = [e for e in events if e.actor == "deployment"]
    assert [e.to_status for e in moved] == ["processing", "ready"]
    assert {e.flow_run_id for e in moved} == {str(state.state_details.flow_run_id)}
    assert all(e.flow_run_id is None for e in untouched)  # written outside any flow run


@pytest.mark.usefixtures("logs_to_api")
def test_jobops_lines_outside_a_run_are_not_sent_nor_warned_about(
    recwarn: pytest.WarningsRecorder,
) -> None:
    from flows.observability import FlowRunLogHandler

    handler = FlowRunLogHandler()
    record = logging.LogRecord("jobops.api", logging.INFO, __file__, 1, "request", None, None)
    handler.handle(record)  # Prefect's own handler warns here: no flow run id
    assert not [w for w in recwarn if "flow run id" in str(w.message)]


def test_every_deployed_flow_starts_its_flow_run_scope() -> None:
    import inspect

    from flows.deployments import deployment_specs, load_flow

    for spec in deployment_specs():
        source = inspect.getsource(load_flow(spec["entrypoint"]).fn)
        assert "with flow_run_scope()" in source, spec["entrypoint"]
