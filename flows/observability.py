"""Every flow run shows jobops' own log lines: in its logs in the Prefect UI, and in
``data/logs/jobops.jsonl``, wherever it runs: in-process (``jobops run``), served
(``jobops schedule``) or on a worker (``prefect worker start``), where each run is a fresh process
that no CLI has set logging up for.

Every flow starts with ``with flow_run_scope() as run_id:``; it also binds the flow run id, which
every job event written during the run records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.context import FlowRunContext, TaskRunContext
from prefect.logging.handlers import APILogHandler
from prefect.runtime import flow_run

from jobops import context
from jobops.logs import TextFormatter, ensure_file_logging
from jobops.settings import get_settings


class FlowRunLogHandler(APILogHandler):
    """Prefect's API log handler for the ``jobops`` loggers, as one line of text: the UI shows
    only the message, so the ids (pipelineRunId, jobId) and the extra fields go into it. The
    flow run id is left out: the line sits on that flow run's page. Lines logged outside a flow
    or task run (the API, the CLI before a run starts) are skipped, not warned about."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.setFormatter(TextFormatter(omit={"flowRunId"}))

    def emit(self, record: logging.LogRecord) -> None:
        if FlowRunContext.get() is None and TaskRunContext.get() is None:
            return
        super().emit(record)


def observe_jobops_logs() -> None:
    """Send the ``jobops`` loggers to the current flow run's logs and to the JSON lines file
    (idempotent: a process that runs many flows keeps one handler of each)."""
    ensure_file_logging(get_settings().data_dir / "logs" / "jobops.jsonl")
    logger = logging.getLogger("jobops")
    if not any(isinstance(h, FlowRunLogHandler) for h in logger.handlers):
        logger.addHandler(FlowRunLogHandler())


@contextmanager
def flow_run_scope() -> Iterator[str]:
    """The start of every flow: logging as above, and ``context.flow_run_id`` bound for the
    block. Yields the flow run id."""
    observe_jobops_logs()
    run_id = str(flow_run.id)
    with context.bind(flow_run_id=run_id):
        yield run_id
