"""Crawl each configured source and import what it lists."""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context, pipeline, repo
from jobops.sources.registry import SourceCrawl, SourceSpec, crawl_source
from tasks.runtime import database, settings


@task(name="crawl-source", task_run_name="crawl {spec.label}", cache_policy=NO_CACHE)
def crawl_source_task(spec: SourceSpec) -> SourceCrawl:
    """One source; its failure is recorded in the result and never stops the others."""
    return crawl_source(spec, settings().sources)


@task(name="import-listings", task_run_name="import {crawl.label}", cache_policy=NO_CACHE)
def import_crawl_task(crawl: SourceCrawl, run_id: str) -> dict[str, Any]:
    """Store new listings as discovered jobs (duplicates skipped); record the source's counts."""
    with context.bind(pipeline_run_id=run_id):
        stats = pipeline.import_crawl(database(), crawl, slash_dates=settings().expiry.slash_dates)
        public = {k: v for k, v in stats.items() if k != "newIds"}
        with database().session() as session:
            repo.set_source_stats(session, run_id, crawl.label, public)
            repo.add_run_counts(
                session,
                run_id,
                crawled=stats["listed"] + stats["rejected"],
                rejected=stats["rejected"],
                new=stats["new"],
                duplicates=stats["duplicates"],
                updated=stats["updated"],
                expired=stats["closed"],
            )
        return stats


@task(name="record-ledger", cache_policy=NO_CACHE)
def record_ledger_task(run_id: str, crawls: list[SourceCrawl]) -> None:
    pipeline.record_ledger(settings().ledger_dir, run_id, crawls)
