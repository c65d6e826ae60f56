"""Pipeline steps as plain functions: crawl the configured feeds, import, select.

The Prefect flow in ``flows/pipeline.py`` orders these; scoring, tailoring and rendering live in
their own modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobops import analytics, repo
from jobops.db import Database
from jobops.deadlines import SlashDates
from jobops.dedupe import canonical_url
from jobops.errors import JobNotFound, NoSources
from jobops.models import RUN_COUNTERS, utcnow
from jobops.settings import Settings
from jobops.sources.registry import SourceCrawl, SourceSpec


def import_crawl(
    db: Database, crawl: SourceCrawl, *, slash_dates: SlashDates = "unknown"
) -> dict[str, Any]:
    """Store one source's listings; returns its line of the run's per-source stats.
    ``slash_dates``: how to read slash deadlines (``expiry.slash_dates``)."""
    stats: dict[str, Any] = {
        "listed": len(crawl.listings),
        "new": 0,
        "duplicates": 0,
        "merged": 0,
        "updated": 0,
        "reopened": 0,
        "closed": 0,
        "rejected": len(crawl.rejected),
        "capped": crawl.capped,
        "error": crawl.error,
    }
    if crawl.listings:
        with db.session() as session:
            result = repo.insert_listings(session, crawl.listings, slash_dates=slash_dates)
        stats.update(
            new=len(result.new_ids),
            duplicates=result.duplicates,
            merged=result.merged,
            updated=len(result.updated_ids),
            reopened=len(result.reopened_ids),
            closed=len(result.closed_ids),
        )
        stats["newIds"] = result.new_ids
    return stats


def record_ledger(ledger_dir: Path, run_id: str, crawls: list[SourceCrawl]) -> None:
    """Append what every source listed to the crawl ledger (Parquet, queried with DuckDB)."""
    rows = [
        (
            crawl.label,
            crawl.error is None,
            len(crawl.listings),
            crawl.error,
            [(canonical_url(li.job_url), li.title, li.employer) for li in crawl.listings],
        )
        for crawl in crawls
    ]
    analytics.record_crawl(ledger_dir, run_id, utcnow(), rows)


def select_for_tailoring(
    db: Database, candidates: list[str], *, min_score: int, top_n: int
) -> list[str]:
    """Of the jobs scored in this run, the best discovered ones at or above ``min_score``, at
    most ``top_n``. Jobs scored in earlier runs are not picked again: rerunning the pipeline does
    not tailor yesterday's leftovers (they stay available for manual processing)."""
    with db.session() as session:
        return repo.top_scored_job_ids(session, candidates, min_score=min_score, limit=top_n)


def unscored_jobs(db: Database) -> list[str]:
    with db.session() as session:
        return repo.unscored_job_ids(session)


@dataclass
class JobLine:
    job_id: str
    title: str
    employer: str
    status: str
    score: int | None
    score_error: str | None = None
    pdf_path: str | None = None
    error: str | None = None


@dataclass
class RunSummary:
    run_id: str
    status: str
    counts: dict[str, int]
    scored_by: str
    source_errors: list[str]
    rejected: list[str]
    scored: list[JobLine]
    processed: list[JobLine]
    tokens: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: what the LLM pre-filter did (toLlm, keptLocal, belowCut, overCap), when it ran
    prefilter: dict[str, int] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_markdown(self) -> str:
        lines = [
            f"# Pipeline run `{self.run_id}`: {self.status}",
            "",
            " · ".join(f"{k}: **{v}**" for k, v in self.counts.items()),
            "",
            f"Scores by `{self.scored_by}`."
            + (
                f" LLM: {self.tokens.get('llmCalls', 0)} calls, "
                f"{self.tokens.get('promptTokens', 0)} prompt + "
                f"{self.tokens.get('completionTokens', 0)} completion tokens."
                if self.tokens.get("llmCalls")
                else ""
            ),
            "",
            "| job | employer | score | status | PDF |",
            "|---|---|---|---|---|",
        ]
        for line in self.processed:
            lines.append(
                f"| {line.title} | {line.employer} | {line.score} | {line.status} | "
                f"{line.pdf_path or line.error or ''} |"
            )
        if self.sources:
            lines += [
                "",
                "## Sources",
                "",
                "| source | listed | new | duplicates | error |",
                "|---|---|---|---|---|",
            ]
            for label, st in self.sources.items():
                lines.append(
                    f"| {label} | {st.get('listed', 0)} | {st.get('new', 0)} | "
                    f"{st.get('duplicates', 0)} | {st.get('error') or ''} |"
                )
        if self.source_errors:
            lines += ["", "## Source errors", *[f"- {e}" for e in self.source_errors]]
        if self.notes:
            lines += ["", "## Notes", *[f"- {n}" for n in self.notes]]
        return "\n".join(lines)


def summarize_run(
    db: Database,
    run_id: str,
    *,
    scored_ids: list[str],
    processed_ids: list[str],
    source_errors: list[str],
    rejected: list[str],
    scored_by: str,
    settings: Settings,
) -> RunSummary:
    """The run record plus one line per scored and per processed job, read back from the DB
    (PDF paths as files on this machine)."""
    with db.session() as session:
        run = repo.get_run(session, run_id)
        jobs = {j.id: j for j in repo.get_jobs(session, [*scored_ids, *processed_ids])}
        tokens = repo.run_token_usage(session, run_id)
        sources = dict(run.source_stats) if run is not None else {}

    def line(job_id: str) -> JobLine:
        job = jobs[job_id]
        return JobLine(
            job.id,
            job.title,
            job.employer,
            job.status,
            job.suitability_score,
            job.score_error,
            str(settings.data_path(job.pdf_path)) if job.pdf_path else None,
            job.process_error,
        )

    counts = {k: getattr(run, k) for k in RUN_COUNTERS} if run is not None else {}
    scored = sorted(
        (line(i) for i in scored_ids if i in jobs), key=lambda j: (j.score is None, -(j.score or 0))
    )
    return RunSummary(
        run_id=run_id,
        status=run.status if run else "unknown",
        counts=counts,
        scored_by=scored_by,
        source_errors=source_errors,
        rejected=rejected,
        scored=scored,
        processed=[line(i) for i in processed_ids if i in jobs],
        tokens=tokens,
        sources=sources,
    )


# Run preconditions and job names: the CLI checks them before Prefect starts, the flow again for
# runs started elsewhere (a schedule, a deployment trigger), so both fail with the same message.


def check_sources(specs: Sequence[SourceSpec]) -> None:
    """A run needs at least one source to crawl (NoSources)."""
    if not specs:
        raise NoSources()


def check_base_resume(db: Database) -> None:
    """A run needs a default base resume to score against (NoBaseResume)."""
    with db.session() as session:
        repo.get_default_resume(session)


def job_heading(db: Database, job_id: str) -> tuple[str, str] | None:
    """A stored job's (title, employer), to name it in log lines and task runs; None if unknown."""
    try:
        with db.read() as session:
            job = repo.get_job(session, job_id)
            return job.title, job.employer
    except JobNotFound:
        return None
