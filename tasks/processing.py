"""Claim a job, tailor it, render its PDF; or release it when that fails."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context, processing, tailoring
from jobops.errors import InvalidTransition
from jobops.logs import get_logger
from tasks.runtime import database, llm, retry_on_transient, settings

log = get_logger("tasks.processing")
ACTOR = "pipeline"


@task(name="claim-job", cache_policy=NO_CACHE)
def claim_job_task(job_id: str, run_id: str) -> bool:
    """discovered -> processing. False when another actor moved the job first."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        try:
            processing.claim_job(database(), job_id, actor=ACTOR, reason="selected by the pipeline")
        except InvalidTransition as exc:
            log.warning("job not claimed", extra={"why": exc.message})
            return False
        return True


@task(
    name="tailor-job",
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def tailor_job_task(job_id: str, run_id: str) -> None:
    """Fill the tailored fields the user has not edited."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        current = settings()
        tailoring.tailor_job(
            database(),
            job_id,
            llm("tailoring"),
            current.tailoring,
            only_missing=True,
            max_description_chars=current.llm.max_description_chars,
        )


@task(name="render-pdf", retries=1, retry_delay_seconds=1, cache_policy=NO_CACHE)
def render_pdf_task(job_id: str, run_id: str) -> str:
    """Render the PDF and move the job to ready. Returns the PDF path."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        job = processing.render_claimed_job(database(), job_id, settings(), actor=ACTOR)
        log.info("rendered PDF", extra={"pdfPath": job.pdf_path})
        return job.pdf_path or ""


@task(name="release-job", cache_policy=NO_CACHE)
def release_job_task(job_id: str, run_id: str, error: str) -> None:
    """Return a job whose tailoring or render failed to the status it came from."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        processing.release_job(database(), job_id, actor=ACTOR, error=error)
        log.warning("job released after a failure", extra={"error": error})


@task(
    name="process-job",
    retries=1,
    retry_delay_seconds=10,
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def process_job_task(job_id: str, force: bool = False) -> str:
    """One job to ready (its own claim, tailoring and render). Returns the PDF path."""
    with context.bind(job_id=job_id):
        job = processing.process_job(
            database(),
            job_id,
            llm("tailoring"),
            settings(),
            actor="deployment",
            force=force,
        )
        return job.pdf_path or ""


@task(name="regenerate-pdf-job", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def regenerate_pdf_job_task(job_id: str) -> str:
    with context.bind(job_id=job_id):
        return (
            processing.generate_pdf(
                database(), job_id, llm("tailoring"), settings(), actor="deployment"
            ).pdf_path
            or ""
        )
