"""Statistics over the jobs, computed with DuckDB in-process. The only module importing duckdb.

The rows are read from the database with SQLAlchemy and handed to an in-memory DuckDB as column
lists (DuckDB's sqlite/postgres extensions are not available offline), then aggregated in SQL.
"""

from __future__ import annotations

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
