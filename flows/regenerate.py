"""Re-render every ready job whose PDF is stale (its resume, theme, template, tailored fields or
job description changed since the PDF was made)."""

from __future__ import annotations

from prefect import flow

from flows.observability import flow_run_scope
from jobops import context, progress
from jobops.logs import get_logger
from tasks.pdfs import regenerate_pdf_task, stale_ready_jobs_task

log = get_logger("flows.regenerate")


@flow(name="regenerate-stale", log_prints=False)
def regenerate_stale_flow() -> dict[str, int]:
    """Returns how many stale PDFs were found, re-rendered and failed."""
    with flow_run_scope() as run_id, context.bind(pipeline_run_id=run_id):
        stale = stale_ready_jobs_task()
        progress.report("regenerate", 0, len(stale))
        failed = 0
        for done, job_id in enumerate(stale, start=1):
            state = regenerate_pdf_task(job_id, run_id, return_state=True)
            failed += not state.is_completed()
            progress.report("regenerate", done, len(stale))
        result = {"stale": len(stale), "regenerated": len(stale) - failed, "failed": failed}
        log.info("stale PDFs regenerated", extra=result)
        return result
