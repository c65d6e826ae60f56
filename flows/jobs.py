"""Single-job flows, for deployment triggers (the Prefect UI, automations, the REST API)."""

from __future__ import annotations

from prefect import flow

from flows.observability import flow_run_scope
from tasks.processing import process_job_task, regenerate_pdf_job_task


@flow(name="process-job", log_prints=False)
def process_job_flow(job_id: str, force: bool = False) -> str:
    """Finalize & Move to Ready for one job: tailor what is missing, render, ready."""
    with flow_run_scope():
        return process_job_task(job_id, force)


@flow(name="regenerate-pdf", log_prints=False)
def regenerate_pdf_flow(job_id: str) -> str:
    """Re-render one discovered or ready job's PDF from its current fields."""
    with flow_run_scope():
        return regenerate_pdf_job_task(job_id)
