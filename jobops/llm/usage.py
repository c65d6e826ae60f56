"""Recording LLM calls with the correlation ids in context (run, job, request)."""

from __future__ import annotations

from jobops import context, repo
from jobops.db import get_database
from jobops.llm.base import LLMCall
from jobops.logs import get_logger
from jobops.models import LlmCallLog

log = get_logger("llm")


def record_call(call: LLMCall) -> None:
    """Store one call; a failure to record is logged, never raised into the caller's work."""
    row = LlmCallLog(
        **call.model_dump(),
        job_id=context.job_id.get(),
        pipeline_run_id=context.pipeline_run_id.get(),
        request_id=context.request_id.get(),
    )
    log.info("llm call", extra={k: v for k, v in call.model_dump().items() if v not in (None, "")})
    try:
        with get_database().session() as session:
            repo.record_llm_call(session, row)
    except Exception:
        log.exception("could not record an LLM call")
