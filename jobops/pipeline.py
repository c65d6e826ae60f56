"""Pipeline steps as plain functions: crawl the configured feeds, import, select.

The Prefect flow in ``flows/pipeline.py`` orders these; scoring, tailoring and rendering live in
their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jobops import repo
from jobops.db import Database
from jobops.errors import SourceError
from jobops.sources.base import Listing
from jobops.sources.file import read_feed


@dataclass
class CrawlResult:
    listings: list[Listing] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one per source that failed as a whole


def crawl_feeds(feeds: list[Path]) -> CrawlResult:
    """Read every feed; a feed that cannot be read is an error for that feed only."""
    result = CrawlResult()
    for feed in feeds:
        try:
            read = read_feed(feed)
        except SourceError as exc:
            result.errors.append(exc.message)
            continue
        result.listings += read.listings
        result.rejected += read.rejected
    return result


def import_listings(db: Database, listings: list[Listing]) -> repo.ImportResult:
    with db.session() as session:
        return repo.insert_listings(session, listings)


def select_for_tailoring(db: Database, *, min_score: int, top_n: int) -> list[str]:
    """The best-scoring discovered jobs at or above ``min_score``, at most ``top_n``."""
    with db.session() as session:
        return repo.top_scored_job_ids(session, min_score=min_score, limit=top_n)


def unscored_jobs(db: Database) -> list[str]:
    with db.session() as session:
        return repo.unscored_job_ids(session)
