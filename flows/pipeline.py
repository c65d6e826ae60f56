"""The main pipeline: crawl -> import -> score -> threshold -> tailor -> render.

``pipelineRunId`` is this flow run's id: it names the PipelineRun record and is carried by every
job event and log line the run writes.
"""

from __future__ import annotations

import time
from typing import Any

from prefect import flow, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from flows.observability import flow_run_scope
from jobops import context, pipeline, progress, runs, scoring
from jobops.app_settings import effective_settings
from jobops.db import get_database
from jobops.llm import make_llm
from jobops.logs import get_logger
from jobops.settings import Settings
from jobops.sources.registry import configured_sources
from tasks.crawl import crawl_source_task, import_crawl_task, record_ledger_task
from tasks.expiry import expire_jobs_task
from tasks.processing import claim_job_task, release_job_task, render_pdf_task, tailor_job_task
from tasks.recovery import recover_stuck_jobs_task
from tasks.resumes import sync_resume_task
from tasks.runs import (
    add_run_counts_task,
    check_cancel_task,
    finish_run_task,
    notify_run_task,
    start_run_task,
    summarize_run_task,
)
from tasks.scoring import (
    prefilter_jobs_task,
    prefilter_savings_task,
    score_job_task,
    select_jobs_task,
    unscored_jobs_task,
)

log = get_logger("flows.pipeline")


def _batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


def _run_step(
    step: Any, job_ids: list[str], claims: dict[str, str], run_id: str
) -> dict[str, str | None]:
    """Run one step for several claimed jobs at once; each job's error (None when it worked)."""
    futures = step.map(job_ids, [claims[j] for j in job_ids], run_id=unmapped(run_id))
    outcome: dict[str, str | None] = {}
    for job_id, future in zip(job_ids, futures, strict=True):
        future.wait()
        outcome[job_id] = None if future.state.is_completed() else _error(future.state)
    return outcome


def _error(state: object) -> str:
    try:
        state.result()  # type: ignore[attr-defined]
    except Exception as exc:
        message = getattr(exc, "message", None) or str(exc)
        code = getattr(exc, "code", type(exc).__name__)
        return f"{code}: {message}"
    return "unknown error"


def _prefilter(
    to_score: list[str], run_id: str, provider: str, settings: Settings
) -> tuple[list[str], scoring.Prefilter | None]:
    """(the jobs the scoring LLM gets, the pre-filter's result or None when it did not run):
    it runs when an LLM scores and ``pipeline.prefilter`` is on."""
    pipe = settings.pipeline
    if provider == "offline" or not pipe.prefilter or not to_score:
        return to_score, None
    result = prefilter_jobs_task(
        to_score,
        run_id,
        pipe.prefilter_local_cut,
        pipe.prefilter_max_llm,
        pipe.relevance_embeddings,
    )
    return result.to_llm, result


def _prefilter_note(result: scoring.Prefilter, tokens: int | None) -> str:
    saved = f"{result.saved_calls} LLM call(s)"
    if tokens is not None:
        saved += f" and about {tokens} tokens"
    return (
        f"Pre-filter: {len(result.to_llm)} job(s) went to the LLM; {result.saved_calls} kept "
        f"their local score ({result.below_cut} below the local cut, {result.over_cap} past the "
        f"per-run cap), saving {saved}."
    )


#: Threads for fanned-out tasks. Scoring is bounded by the LLM endpoint's concurrency limit,
#: tailoring by pipeline.processing_concurrency. SQLite writers queue on its busy timeout.
TASK_RUNNER: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=16)


@flow(name="pipeline", task_runner=TASK_RUNNER, log_prints=False)  # type: ignore[arg-type]
def pipeline_flow(
    feeds: list[str] | None = None,
    min_score: int | None = None,
    top_n: int | None = None,
    trigger_id: str | None = None,
) -> pipeline.RunSummary:
    """Crawl the feeds, score every unscored discovered job, tailor and render the best ones."""
    with flow_run_scope() as run_id:
        return _pipeline(run_id, feeds, min_score, top_n, trigger_id)


def _pipeline(
    run_id: str,
    feeds: list[str] | None,
    min_score: int | None,
    top_n: int | None,
    trigger_id: str | None,
) -> pipeline.RunSummary:
    settings = effective_settings(get_database())
    specs = configured_sources(settings.sources, feeds)
    requested = {"feeds": feeds, "minScore": min_score, "topN": top_n}  # as asked, before defaults
    min_score = settings.pipeline.min_score if min_score is None else min_score
    top_n = settings.pipeline.top_n if top_n is None else top_n
    llm = make_llm("scoring", settings)
    config = {
        "requested": requested,
        "sources": [s.label for s in specs],
        "minScore": min_score,
        "topN": top_n,
        "llm": f"{llm.provider}/{llm.model}",
        "theme": settings.theme,
    }

    db = get_database()
    last_write = [0.0]

    def save_progress(stage: str, done: int, total: int) -> None:
        # at most a few writes a second; the first and the last of a stage always land
        now = time.monotonic()
        if done in (0, total) or now - last_write[0] > 0.5:
            last_write[0] = now
            runs.record_progress(db, run_id, stage, done, total)

    with context.bind(pipeline_run_id=run_id), progress.listen(save_progress):
        start_run_task(run_id, config, trigger_id)
        log.info("pipeline run started", extra={"config": config})
        notes: list[str] = []
        to_score: list[str] = []
        processed: list[str] = []
        source_errors: list[str] = []
        rejected: list[str] = []
        try:
            pipeline.check_sources(specs)  # NoSources: the run fails, recorded, not "completed"
            recovered = recover_stuck_jobs_task()
            if recovered:
                notes.append(f"Recovered {len(recovered)} job(s) left in processing by a crash.")
            if settings.rxresume.configured:
                notes.append(f"Reactive Resume: {sync_resume_task()}")
            pipeline.check_base_resume(db)

            progress.report("crawl", 0, len(specs))
            crawls = []
            for done, crawled in enumerate(crawl_source_task.map(specs), start=1):
                crawls.append(crawled.result())
                progress.report("crawl", done, len(specs))
            for crawl in crawls:
                import_crawl_task(crawl, run_id)
            record_ledger_task(run_id, crawls)
            # what the sources stopped listing (the ledger's rule), deadlines and age, now
            expired = expire_jobs_task(run_id, actor="pipeline")
            add_run_counts_task(run_id, {"expired": len(expired)})
            check_cancel_task(run_id)
            source_errors = [c.error for c in crawls if c.error]
            rejected = [r for c in crawls for r in c.rejected]

            to_score = unscored_jobs_task()
            to_llm, prefiltered = _prefilter(to_score, run_id, llm.provider, settings)
            progress.report("score", 0, len(to_score))
            scored_ok = 0
            delays = settings.pipeline.retry_delay_seconds
            score_task = score_job_task.with_options(
                retry_delay_seconds=delays, retries=len(delays)
            )
            tailor_task = tailor_job_task.with_options(
                retry_delay_seconds=delays, retries=len(delays)
            )
            # All at once: the task runner's threads and the LLM endpoint's concurrency limit
            # (JOBOPS_LLM__MAX_CONCURRENCY) bound how many calls are in flight.
            futures = score_task.map(to_llm, run_id=unmapped(run_id))
            kept_local = len(to_score) - len(to_llm)
            if kept_local:
                progress.report("score", kept_local, len(to_score))  # scored locally already
            for scored_done, future in enumerate(futures, start=kept_local + 1):
                future.wait()
                scored_ok += future.state.is_completed()
                if scored_done % 10 == 0 or scored_done == len(to_score):
                    progress.report("score", scored_done, len(to_score))
            add_run_counts_task(
                run_id,
                {"scored": scored_ok + kept_local, "score_failures": len(to_llm) - scored_ok},
            )
            if prefiltered is not None:
                tokens = prefilter_savings_task(run_id, kept_local)
                notes.append(_prefilter_note(prefiltered, tokens))

            check_cancel_task(run_id)
            # with the pre-filter, only LLM scores compete: a local score is on another scale
            selected = select_jobs_task(to_llm, min_score, top_n)
            add_run_counts_task(run_id, {"selected": len(selected)})
            progress.report("tailor", 0, len(selected))
            failed = done = 0
            # Jobs go through claim -> tailor -> render in batches, each step a task with its own
            # retries; a job whose tailoring or render fails is released to where it came from.
            for batch in _batches(selected, settings.pipeline.processing_concurrency):
                check_cancel_task(run_id)
                held = [f.result() for f in claim_job_task.map(batch, run_id=unmapped(run_id))]
                claims = {j: t for j, t in zip(batch, held, strict=True) if t is not None}
                claimed = list(claims)
                processed += claimed
                tailored = _run_step(tailor_task, claimed, claims, run_id)
                rendered = _run_step(
                    render_pdf_task, [j for j in claimed if tailored[j] is None], claims, run_id
                )
                for job_id in claimed:
                    error = tailored[job_id] or rendered.get(job_id)
                    if error is not None:
                        failed += 1
                        release_job_task(job_id, claims[job_id], run_id, error)
                done += len(batch)
                progress.report("tailor", done, len(selected))
            add_run_counts_task(run_id, {"processed": len(processed) - failed, "failed": failed})
            partial = failed or source_errors or rejected or scored_ok < len(to_llm)
            status = "partial" if partial else "completed"
            finish_run_task(run_id, status)
        except runs.RunCancelled:
            finish_run_task(run_id, "cancelled", "Cancelled on request.")
        except BaseException as exc:
            log.error("pipeline run failed: %s: %s", type(exc).__name__, exc)
            finish_run_task(run_id, "failed", f"{type(exc).__name__}: {exc}")
            notify_run_task("pipeline.failed", run_id)
            raise
        notify_run_task("pipeline.completed", run_id)

        summary = summarize_run_task(
            run_id,
            scored_ids=to_score,
            processed_ids=processed,
            source_errors=source_errors,
            rejected=rejected,
            scored_by=f"{llm.provider}/{llm.model}",
        )
        summary.notes = notes
        if prefiltered is not None:
            summary.prefilter = {
                "toLlm": len(prefiltered.to_llm),
                "keptLocal": prefiltered.saved_calls,
                "belowCut": prefiltered.below_cut,
                "overCap": prefiltered.over_cap,
            }
        create_markdown_artifact(
            summary.to_markdown(),
            key="pipeline-summary",
            description="What this pipeline run scored, tailored and rendered",
        )
        log.info(
            "pipeline run finished", extra={"status": summary.status, "counts": summary.counts}
        )
        return summary
