"""Processing is a lease: a job left in processing by a crash is returned to where it came from.

Runs at API start, at every pipeline run start, and as the ``recover-stuck-jobs`` flow. Temporary
PDF files left behind by a killed render are removed too (finished PDFs are only ever renamed into
place, so a crash never leaves a half-written PDF at a job's path).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from jobops import repo
from jobops.db import Database
from jobops.errors import InvalidTransition
from jobops.lifecycle import JobStatus
from jobops.logs import get_logger
from jobops.models import Job, PipelineRun, utcnow

log = get_logger("recovery")


def recover_stuck_jobs(
    db: Database, *, lease_minutes: float, pdf_dir: Path | None = None, actor: str = "recovery"
) -> list[str]:
    """Return every job whose processing lease ran out to its previous status; the ids moved."""
    cutoff = utcnow() - timedelta(minutes=lease_minutes)
    with db.session() as session:
        stuck = session.exec(
            select(Job.id).where(
                Job.status == JobStatus.PROCESSING.value,
                col(Job.processed_at).is_(None) | (col(Job.processed_at) < cutoff),
            )
        ).all()
    recovered: list[str] = []
    for job_id in stuck:
        with db.session() as session:
            job = repo.get_job(session, job_id)
            origin = JobStatus(job.status_before_processing or JobStatus.DISCOVERED)
            try:
                repo.transition_job(
                    session,
                    job_id,
                    origin,
                    actor=actor,
                    expected=JobStatus.PROCESSING,
                    reason=f"processing lease of {lease_minutes:g} min expired (crash or kill); "
                    f"returned to {origin.value}",
                    values={"process_error": "interrupted: the work did not finish (recovered)"},
                )
            except InvalidTransition:
                continue  # it finished (or moved) in the meantime
        recovered.append(job_id)
    if pdf_dir is not None and pdf_dir.is_dir():
        horizon = time.time() - lease_minutes * 60
        for leftover in pdf_dir.glob(".*.tmp"):
            if leftover.stat().st_mtime < horizon:
                leftover.unlink(missing_ok=True)
    if recovered:
        log.warning("recovered stuck jobs", extra={"count": len(recovered)})
    close_dead_runs(db, lease_minutes=lease_minutes)
    return recovered


def close_dead_runs(db: Database, *, lease_minutes: float) -> list[str]:
    """Mark runs that stopped reporting progress for longer than the lease as failed."""
    cutoff = utcnow() - timedelta(minutes=lease_minutes)
    closed = []
    with db.session() as session:
        for run in session.exec(
            select(PipelineRun).where(col(PipelineRun.status).in_(("starting", "running")))
        ):
            if last_sign_of_life(run) < cutoff:
                repo.finish_run(
                    session,
                    run.id,
                    status="failed",
                    error="interrupted: the run stopped reporting (crash or kill)",
                )
                closed.append(run.id)
    return closed


def last_sign_of_life(run: PipelineRun) -> datetime:
    updated = run.progress.get("updatedAt") if run.progress else None
    if isinstance(updated, str):
        try:
            return max(run.started_at, datetime.fromisoformat(updated))
        except ValueError:
            pass
    return run.started_at
