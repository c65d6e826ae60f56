"""Correlation ids for the current unit of work (a request, a flow run, a pipeline run, a job).

Log lines and job events read them from here, so callers bind them once, at the edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
pipeline_run_id: ContextVar[str | None] = ContextVar("pipeline_run_id", default=None)
#: The orchestrator's run (a Prefect flow run id), bound by every flow; a pipeline run's
#: pipeline_run_id is its flow run id too.
flow_run_id: ContextVar[str | None] = ContextVar("flow_run_id", default=None)
job_id: ContextVar[str | None] = ContextVar("job_id", default=None)

_VARS = {
    "request_id": request_id,
    "flow_run_id": flow_run_id,
    "pipeline_run_id": pipeline_run_id,
    "job_id": job_id,
}


@contextmanager
def bind(**ids: str | None) -> Iterator[None]:
    """Bind correlation ids (``request_id``, ``flow_run_id``, ``pipeline_run_id``, ``job_id``)
    for a block."""
    tokens = [(_VARS[name], _VARS[name].set(value)) for name, value in ids.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def current() -> dict[str, str]:
    """The bound ids, camelCase as they appear in logs and API bodies."""
    out = {}
    for key, var in (
        ("requestId", request_id),
        ("flowRunId", flow_run_id),
        ("pipelineRunId", pipeline_run_id),
        ("jobId", job_id),
    ):
        value = var.get()
        if value:
            out[key] = value
    return out
