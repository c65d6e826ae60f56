"""Score stored jobs against the base resume."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context, pipeline, scoring
from jobops.llm.offline import OfflineLLM
from jobops.logs import get_logger
from jobops.relevance import relevance_model
from tasks.runtime import JobRunName, database, job_words, llm, retry_on_transient, settings

log = get_logger("tasks.scoring")


@task(name="list-unscored-jobs", cache_policy=NO_CACHE)
def unscored_jobs_task() -> list[str]:
    return pipeline.unscored_jobs(database())


@task(
    name="score-job",
    task_run_name=JobRunName("score"),
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def score_job_task(job_id: str, run_id: str) -> int:
    """Score one stored job and persist the score, or the error (never a made-up score)."""
    with context.bind(pipeline_run_id=run_id, job_id=job_id):
        outcome = scoring.score_job(
            database(),
            job_id,
            llm("scoring"),
            max_description_chars=settings().llm.max_description_chars,
        )
        log.info("scored %s: %d", job_words(job_id), outcome.score, extra={"score": outcome.score})
        return outcome.score


@task(name="select-jobs", cache_policy=NO_CACHE)
def select_jobs_task(candidates: list[str], min_score: int, top_n: int) -> list[str]:
    return pipeline.select_for_tailoring(database(), candidates, min_score=min_score, top_n=top_n)


@task(name="prefilter-jobs", cache_policy=NO_CACHE)
def prefilter_jobs_task(
    job_ids: list[str], run_id: str, local_cut: int, max_llm: int, embeddings: bool = False
) -> scoring.Prefilter:
    """Score new jobs locally; only the best go on to the LLM (see scoring.prefilter_jobs)."""
    with context.bind(pipeline_run_id=run_id):
        relevance = relevance_model(embeddings=embeddings)
        result = scoring.prefilter_jobs(
            database(),
            job_ids,
            OfflineLLM(relevance=relevance),
            local_cut=local_cut,
            max_llm=max_llm,
            model=relevance.name,
            max_description_chars=settings().llm.max_description_chars,
        )
        log.info(
            "pre-filter: %d of %d jobs go to the LLM",
            len(result.to_llm),
            len(job_ids),
            extra={"belowCut": result.below_cut, "overCap": result.over_cap},
        )
        return result


@task(name="prefilter-savings", cache_policy=NO_CACHE)
def prefilter_savings_task(run_id: str, saved_calls: int) -> int | None:
    return scoring.saved_tokens(database(), run_id, saved_calls)
