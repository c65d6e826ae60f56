"""Crawl the configured sources and import what they list."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from jobops import context, pipeline, repo
from tasks.runtime import database


@task(name="crawl-feeds", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def crawl_feeds_task(feeds: list[str]) -> pipeline.CrawlResult:
    """Read every listings file; one unreadable feed is reported, not fatal."""
    return pipeline.crawl_feeds([Path(f) for f in feeds])


@task(name="import-listings", cache_policy=NO_CACHE)
def import_listings_task(crawl: pipeline.CrawlResult, run_id: str) -> repo.ImportResult:
    """Store new listings as discovered jobs; listings already stored (same jobUrl) are skipped."""
    with context.bind(pipeline_run_id=run_id):
        result = pipeline.import_listings(database(), crawl.listings)
        with database().session() as session:
            repo.add_run_counts(
                session,
                run_id,
                crawled=len(crawl.listings),
                new=len(result.new_ids),
                duplicates=result.duplicates,
            )
        return result
