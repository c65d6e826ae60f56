"""Claim a job, tailor it, render its PDF; or release it when that fails."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context, processing, repo, tailoring
from jobops.errors import InvalidTransition
from jobops.logs import get_logger
from tasks.runtime import (
    JobRunName,
    database,
    job_words,
    llm,
    retry_on_transient,
    said,
    settings,
)

log = get_logger("tasks.processing")
ACTOR = "pipeline"


@task(name="claim-job", task_run_name=JobRunName("claim"), cache_policy=NO_CACHE)
def claim_job_task(job_id: str, run_id: str) -> str | None:
    """discovered -> processing; the claim's token (None when another actor moved it first)."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        try:
            job = processing.claim_job(
                database(), job_id, actor=ACTOR, reason="selected by the pipeline"
            )
        except InvalidTransition as exc:
            log.warning("%s not claimed: %s", job_words(job_id), exc.message)
            return None
        return repo.claim_of(job)


@task(
    name="tailor-job",
    task_run_name=JobRunName("tailor"),
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def tailor_job_task(job_id: str, claim: str, run_id: str) -> None:
    """Fill the tailored fields the user has not edited, under the run's claim on the job."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        current = settings()
        job = tailoring.tailor_job(
            database(),
            job_id,
            llm("tailoring"),
            current.tailoring,
            only_missing=True,
            max_description_chars=current.llm.max_description_chars,
            claim=claim,
        )
        log.info("tailored %s", said(job.title, job.employer))


@task(
    name="render-pdf",
    task_run_name=JobRunName("render"),
    retries=1,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
)
def render_pdf_task(job_id: str, claim: str, run_id: str) -> str:
    """Render the PDF and move the job to ready (if the claim still holds). Returns its path."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        job = processing.render_claimed_job(database(), job_id, claim, settings(), actor=ACTOR)
        log.info(
            "rendered the PDF of %s", said(job.title, job.employer), extra={"pdfPath": job.pdf_path}
        )
        return job.pdf_path or ""


@task(name="release-job", task_run_name=JobRunName("release"), cache_policy=NO_CACHE)
def release_job_task(job_id: str, claim: str, run_id: str, error: str) -> None:
    """Return a job whose tailoring or render failed to the status it came from."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        if processing.release_job(database(), job_id, claim, actor=ACTOR, error=error):
            log.warning("released %s after a failure: %s", job_words(job_id), error)


@task(
    name="process-job",
    task_run_name=JobRunName("process"),
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
        log.info(
            "%s is %s", said(job.title, job.employer), job.status, extra={"pdfPath": job.pdf_path}
        )
        return job.pdf_path or ""


@task(
    name="regenerate-pdf-job",
    task_run_name=JobRunName("regenerate the PDF of"),
    retries=1,
    retry_delay_seconds=5,
    cache_policy=NO_CACHE,
)
def regenerate_pdf_job_task(job_id: str) -> str:
    with context.bind(job_id=job_id):
        job = processing.generate_pdf(
            database(), job_id, llm("tailoring"), settings(), actor="deployment"
        )
        log.info(
            "re-rendered the PDF of %s",
            said(job.title, job.employer),
            extra={"pdfPath": job.pdf_path},
        )
        return job.pdf_path or ""
