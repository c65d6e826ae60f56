"""Statistics over the jobs, computed with DuckDB in-process. The only module importing duckdb.

The rows are read from the database with SQLAlchemy and handed to an in-memory DuckDB as column
lists (DuckDB's sqlite/postgres extensions are not available offline), then aggregated in SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from pydantic import Field
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from jobops.models import CamelModel, Job, PipelineRun, StageEvent

_JOB_COLUMNS = (
    Job.id,
    Job.source,
    Job.suitability_score,
    Job.ready_at,
    Job.applied_at,
    Job.pipeline_run_id,
    Job.outcome,
)
INTERVIEW_STAGES = ("recruiter_screen", "assessment", "interview", "onsite", "offer")


class Funnel(CamelModel):
    discovered: int
    ready: int
    applied: int
    interview: int
    offer: int


class SourceConversion(CamelModel):
    source: str
    jobs: int
    ready: int
    applied: int
    ready_rate: float
    applied_rate: float


class ScoreBucket(CamelModel):
    low: int
    high: int
    jobs: int


class RunYield(CamelModel):
    pipeline_run_id: str
    started_at: str | None
    new_jobs: int
    ready: int
    applied: int


class Stats(CamelModel):
    total: int
    funnel: Funnel
    by_source: list[SourceConversion]
    score_histogram: list[ScoreBucket]
    unscored: int
    runs: list[RunYield] = Field(description="The 20 latest runs that found jobs")


def _columns(session: Session) -> dict[str, list[Any]]:
    jobs = session.execute(sa_select(*(col(c) for c in _JOB_COLUMNS))).all()
    reached = {
        job_id: stage
        for job_id, stage in session.exec(select(StageEvent.job_id, StageEvent.stage)).all()
        if stage in INTERVIEW_STAGES
    }
    offers = {
        job_id
        for job_id, stage in session.exec(select(StageEvent.job_id, StageEvent.stage)).all()
        if stage == "offer"
    }
    return {
        "id": [j[0] for j in jobs],
        "source": [j[1] for j in jobs],
        "score": [j[2] for j in jobs],
        "ready": [j[3] is not None for j in jobs],
        "applied": [j[4] is not None for j in jobs],
        "run": [j[5] for j in jobs],
        "interview": [j[0] in reached for j in jobs],
        "offer": [j[0] in offers or (j[6] or "").startswith("offer_") for j in jobs],
    }


def compute_stats(session: Session) -> Stats:
    data = _columns(session)
    runs = {
        r.id: r.started_at.isoformat()
        for r in session.exec(
            select(PipelineRun).order_by(col(PipelineRun.started_at).desc()).limit(200)
        ).all()
    }
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE jobs AS SELECT unnest($1) AS id, unnest($2) AS source, "
            "unnest($3)::INTEGER AS score, unnest($4)::BOOLEAN AS ready, "
            "unnest($5)::BOOLEAN AS applied, unnest($6) AS run, "
            "unnest($7)::BOOLEAN AS interview, unnest($8)::BOOLEAN AS offer",
            [
                data["id"],
                data["source"],
                data["score"],
                data["ready"],
                data["applied"],
                data["run"],
                data["interview"],
                data["offer"],
            ],
        )
        total, ready, applied, interview, offer, unscored = con.execute(
            "SELECT count(*), count(*) FILTER (ready), count(*) FILTER (applied), "
            "count(*) FILTER (interview), count(*) FILTER (offer), count(*) FILTER (score IS NULL) "
            "FROM jobs"
        ).fetchone() or (0, 0, 0, 0, 0, 0)
        by_source = [
            SourceConversion(
                source=s,
                jobs=n,
                ready=r,
                applied=a,
                ready_rate=round(r / n, 4) if n else 0.0,
                applied_rate=round(a / n, 4) if n else 0.0,
            )
            for s, n, r, a in con.execute(
                "SELECT source, count(*), count(*) FILTER (ready), count(*) FILTER (applied) "
                "FROM jobs GROUP BY source ORDER BY count(*) DESC, source"
            ).fetchall()
        ]
        buckets = dict(
            con.execute(
                "SELECT least(score // 10, 9) AS bucket, count(*) FROM jobs "
                "WHERE score IS NOT NULL GROUP BY bucket"
            ).fetchall()
        )
        run_rows = con.execute(
            "SELECT run, count(*), count(*) FILTER (ready), count(*) FILTER (applied) FROM jobs "
            "WHERE run IS NOT NULL GROUP BY run"
        ).fetchall()
    finally:
        con.close()
    yields = sorted(
        (
            RunYield(pipeline_run_id=r, started_at=runs.get(r), new_jobs=n, ready=rd, applied=a)
            for r, n, rd, a in run_rows
        ),
        key=lambda y: y.started_at or "",
        reverse=True,
    )[:20]
    return Stats(
        total=total,
        funnel=Funnel(
            discovered=total, ready=ready, applied=applied, interview=interview, offer=offer
        ),
        by_source=by_source,
        score_histogram=[
            ScoreBucket(low=b * 10, high=b * 10 + 9 if b < 9 else 100, jobs=int(buckets.get(b, 0)))
            for b in range(10)
        ],
        unscored=unscored,
        runs=yields,
    )


# ------------------------------------------------------------------------------- crawl ledger
#
# Each run appends two Parquet files under data/ledger/: what every source listed
# (seen-<run>.parquet) and how every source did (sources-<run>.parquet). Files are written under a
# temporary name and renamed, so readers (any process) never see half a file.


def record_crawl(
    ledger_dir: Path,
    run_id: str,
    at: datetime,
    crawls: list[tuple[str, bool, int, str | None, list[tuple[str, str, str]]]],
) -> None:
    """``crawls``: (source label, ok, listed, error, [(canonical url, title, employer)])."""
    ledger_dir.mkdir(parents=True, exist_ok=True)
    stamp = at.astimezone(UTC).replace(tzinfo=None)
    seen = [
        (label, url, title, employer)
        for label, _, _, _, rows in crawls
        for url, title, employer in rows
    ]
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE seen AS SELECT $1::VARCHAR AS run_id, $2::TIMESTAMP AS seen_at, "
            "unnest($3::VARCHAR[]) AS source, unnest($4::VARCHAR[]) AS canonical_url, "
            "unnest($5::VARCHAR[]) AS title, unnest($6::VARCHAR[]) AS employer",
            [
                run_id,
                stamp,
                [s[0] for s in seen],
                [s[1] for s in seen],
                [s[2] for s in seen],
                [s[3] for s in seen],
            ],
        )
        con.execute(
            "CREATE TABLE sources AS SELECT $1::VARCHAR AS run_id, $2::TIMESTAMP AS seen_at, "
            "unnest($3::VARCHAR[]) AS source, unnest($4::BOOLEAN[]) AS ok, "
            "unnest($5::INTEGER[]) AS listed, unnest($6::VARCHAR[]) AS error",
            [
                run_id,
                stamp,
                [c[0] for c in crawls],
                [c[1] for c in crawls],
                [c[2] for c in crawls],
                [c[3] for c in crawls],
            ],
        )
        for table in ("seen", "sources"):
            final = ledger_dir / f"{table}-{run_id}.parquet"
            partial = ledger_dir / f".{table}-{run_id}.parquet.tmp"
            con.execute(f"COPY {table} TO {_quoted(partial)} (FORMAT PARQUET)")
            partial.replace(final)
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ledger(ledger_dir: Path) -> duckdb.DuckDBPyConnection | None:
    if not list(ledger_dir.glob("sources-*.parquet")):
        return None
    con = duckdb.connect()
    sources, seen = (
        _quoted(ledger_dir / "sources-*.parquet"),
        _quoted(ledger_dir / "seen-*.parquet"),
    )
    con.execute(f"CREATE VIEW sources AS SELECT * FROM read_parquet({sources})")
    if list(ledger_dir.glob("seen-*.parquet")):
        con.execute(f"CREATE VIEW seen AS SELECT * FROM read_parquet({seen})")
    else:
        con.execute(
            "CREATE VIEW seen AS SELECT NULL::VARCHAR AS run_id, NULL::TIMESTAMP AS seen_at, "
            "NULL::VARCHAR AS source, NULL::VARCHAR AS canonical_url, "
            "NULL::VARCHAR AS title, NULL::VARCHAR AS employer WHERE false"
        )
    return con


def unlisted_urls(ledger_dir: Path, k: int) -> set[str]:
    """Canonical URLs whose source listed them once but not in its last ``k`` successful crawls
    (sources with fewer than ``k`` successful crawls expire nothing)."""
    con = _ledger(ledger_dir)
    if con is None:
        return set()
    try:
        rows = con.execute(
            """
            WITH ranked AS (
                SELECT source, run_id,
                       row_number() OVER (PARTITION BY source ORDER BY seen_at DESC, run_id) AS rn
                FROM sources WHERE ok
            ),
            last_k AS (SELECT source, run_id FROM ranked WHERE rn <= $1),
            enough AS (SELECT source FROM last_k GROUP BY source HAVING count(*) >= $1),
            recent AS (SELECT DISTINCT s.source, s.canonical_url
                       FROM seen s JOIN last_k l ON s.source = l.source AND s.run_id = l.run_id)
            SELECT DISTINCT s.canonical_url FROM seen s JOIN enough USING (source)
            WHERE NOT EXISTS (SELECT 1 FROM recent r
                              WHERE r.source = s.source AND r.canonical_url = s.canonical_url)
            """,
            [k],
        ).fetchall()
    finally:
        con.close()
    return {row[0] for row in rows}


def last_seen(ledger_dir: Path, canonical_url: str) -> datetime | None:
    """When a source last listed this job."""
    con = _ledger(ledger_dir)
    if con is None:
        return None
    try:
        row = con.execute(
            "SELECT max(seen_at) FROM seen WHERE canonical_url = $1", [canonical_url]
        ).fetchone()
    finally:
        con.close()
    value = row[0] if row else None
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) else None


class SourceYield(CamelModel):
    run_id: str
    at: datetime
    source: str
    ok: bool
    listed: int
    error: str | None


def source_yields(ledger_dir: Path, *, limit: int = 200) -> list[SourceYield]:
    """What each source returned per run, newest first."""
    con = _ledger(ledger_dir)
    if con is None:
        return []
    try:
        rows = con.execute(
            "SELECT run_id, seen_at, source, ok, listed, error FROM sources "
            "ORDER BY seen_at DESC, source "
            "LIMIT $1",
            [limit],
        ).fetchall()
    finally:
        con.close()
    return [
        SourceYield(
            run_id=r[0], at=r[1].replace(tzinfo=UTC), source=r[2], ok=r[3], listed=r[4], error=r[5]
        )
        for r in rows
    ]
