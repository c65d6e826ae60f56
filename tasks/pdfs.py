"""Find and re-render stale PDFs."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context, pdfs, processing
from jobops.logs import get_logger
from tasks.runtime import JobRunName, database, llm, said, settings

log = get_logger("tasks.pdfs")


@task(name="find-stale-pdfs", cache_policy=NO_CACHE)
def stale_ready_jobs_task() -> list[str]:
    return pdfs.stale_ready_jobs(database(), settings())


@task(
    name="regenerate-pdf",
    task_run_name=JobRunName("regenerate the PDF of"),
    retries=1,
    retry_delay_seconds=2,
    cache_policy=NO_CACHE,
)
def regenerate_pdf_task(job_id: str, run_id: str) -> str:
    """ready -> processing -> ready with a fresh PDF (the old one stays if this fails)."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        job = processing.generate_pdf(
            database(), job_id, llm("tailoring"), settings(), actor="regenerate-stale"
        )
        log.info(
            "re-rendered the stale PDF of %s",
            said(job.title, job.employer),
            extra={"pdfPath": job.pdf_path},
        )
        return job.pdf_path or ""
