"""Which sources a run crawls, and crawling one of them in isolation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jobops.errors import SourceError
from jobops.settings import SourcesSettings
from jobops.sources.base import Listing
from jobops.sources.boards import BOARDS
from jobops.sources.file import read_feed
from jobops.sources.jobspy import jobspy
from jobops.sources.rss import rss


@dataclass(frozen=True)
class SourceSpec:
    kind: str  # file | greenhouse | lever | ashby | rss | jobspy
    target: str  # a path, a board token, a feed URL, a search term

    @property
    def label(self) -> str:
        target = Path(self.target).name if self.kind == "file" else self.target.partition("=")[0]
        return f"{self.kind}:{target}"


@dataclass
class SourceCrawl:
    label: str
    listings: list[Listing] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    error: str | None = None
    capped: int = 0


def configured_sources(
    settings: SourcesSettings, feeds: list[str] | None = None
) -> list[SourceSpec]:
    """Every source to crawl; ``feeds`` (from ``jobops run --feed``) replaces the configuration."""
    if feeds is not None:
        return [SourceSpec("file", f) for f in feeds]
    specs = [SourceSpec("file", str(f)) for f in settings.feeds]
    for kind in ("greenhouse", "lever", "ashby", "rss"):
        specs += [SourceSpec(kind, t) for t in getattr(settings, kind)]
    if settings.jobspy.enabled:
        specs += [SourceSpec("jobspy", term) for term in settings.jobspy.search_terms]
    return specs


def crawl_source(spec: SourceSpec, settings: SourcesSettings) -> SourceCrawl:
    """Crawl one source; its failure is reported in the result, never raised."""
    result = SourceCrawl(label=spec.label)
    try:
        if spec.kind == "file":
            read = read_feed(Path(spec.target), source=spec.label)
            listings, result.rejected = read.listings, read.rejected
        elif spec.kind in BOARDS:
            listings = BOARDS[spec.kind](spec.target, settings)
        elif spec.kind == "rss":
            listings = rss(spec.target, settings)
        elif spec.kind == "jobspy":
            listings = jobspy(spec.target, settings.jobspy)
        else:
            raise SourceError(f"{spec.label}: unknown source kind")
    except SourceError as exc:
        result.error = exc.message
        return result
    result.capped = max(0, len(listings) - settings.max_per_source)
    result.listings = listings[: settings.max_per_source]
    return result
