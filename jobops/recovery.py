"""Nothing stays stuck: claims whose holder is gone are released, runs whose process is gone end.

A job in ``processing`` and a run holding the one-run slot both record their owner (a process on
a machine, :mod:`jobops.owners`). Recovery runs at API start, at every pipeline run start, on
``POST /api/pipeline/cancel`` and as the ``recover-stuck-jobs`` flow:

- a claim whose owner is a dead process on this machine is released at once; any claim older
  than the lease (``pipeline.lease_minutes``) is released too, whoever holds it (a hung process,
  or one on another machine) — safe, because a released holder can no longer commit anything;
- a run whose owner is dead on this machine, or that stopped reporting for longer than the lease,
  is closed as failed and frees the slot, so a new run can start;
- temporary PDF files left by a killed render are removed (finished PDFs are only ever renamed
  into place, so a crash never leaves a half-written PDF at a job's path).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from jobops import owners, repo
from jobops.db import Database
from jobops.errors import ClaimLost, InvalidTransition
from jobops.lifecycle import JobStatus
from jobops.logs import get_logger
from jobops.models import Job, PipelineRun, utcnow

log = get_logger("recovery")


def _claim_is_over(job: Job, cutoff: datetime) -> str | None:
    """Why this processing job's claim should be released now, or None to leave it."""
    if owners.is_alive(job.claim_owner) is False:
        return f"its holder ({job.claimed_by or 'a process'}) is no longer running (crash or kill)"
    if job.processed_at is None or job.processed_at < cutoff:
        return "its processing lease expired (crash, kill or hang)"
    return None


def release_claim(db: Database, job_id: str, *, actor: str, why: str) -> bool:
    """Return one processing job to where it came from, whoever holds it."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if job.status != JobStatus.PROCESSING.value:
            return False
        origin = JobStatus(job.status_before_processing or JobStatus.DISCOVERED)
        try:
            repo.transition_job(
                session,
                job_id,
                origin,
                actor=actor,
                expected=JobStatus.PROCESSING,
                claim=repo.claim_of(job),
                reason=f"{why}; returned to {origin.value}",
                values={"process_error": f"interrupted: {why}"},
            )
        except (ClaimLost, InvalidTransition):
            return False  # it finished (or moved) in the meantime
    return True


def recover_stuck_jobs(
    db: Database, *, lease_minutes: float, pdf_dir: Path | None = None, actor: str = "recovery"
) -> list[str]:
    """Release every claim whose holder is gone or whose lease ran out, and end dead runs;
    returns the ids of the jobs released."""
    close_dead_runs(db, lease_minutes=lease_minutes, actor=actor)
    cutoff = utcnow() - timedelta(minutes=lease_minutes)
    with db.session() as session:
        processing = session.exec(select(Job).where(Job.status == JobStatus.PROCESSING.value)).all()
        over = {job.id: why for job in processing if (why := _claim_is_over(job, cutoff))}
    recovered = [
        job_id for job_id, why in over.items() if release_claim(db, job_id, actor=actor, why=why)
    ]
    if pdf_dir is not None and pdf_dir.is_dir():
        # a released job's half-written PDF goes now; anyone else's once older than the lease
        released = {f".{job_id}.pdf." for job_id in recovered}
        horizon = time.time() - lease_minutes * 60
        for leftover in pdf_dir.glob(".*.tmp"):
            mine = any(leftover.name.startswith(prefix) for prefix in released)
            if mine or leftover.stat().st_mtime < horizon:
                leftover.unlink(missing_ok=True)
    if recovered:
        log.warning("recovered stuck jobs", extra={"count": len(recovered)})
    return recovered


def release_run_claims(db: Database, run_id: str, *, actor: str, why: str) -> list[str]:
    """Release the jobs a run still holds (the run failed, was cancelled, or died)."""
    with db.session() as session:
        held = session.exec(
            select(Job.id).where(
                Job.status == JobStatus.PROCESSING.value,
                col(Job.claimed_by) == f"pipeline run {run_id}",
            )
        ).all()
    return [job_id for job_id in held if release_claim(db, job_id, actor=actor, why=why)]


def run_is_dead(run: PipelineRun, *, lease_minutes: float) -> bool:
    """A run whose process is gone on this machine, or silent for longer than the lease."""
    alive = owners.is_alive(run.owner)
    if alive is not None:
        return not alive
    return last_sign_of_life(run) < utcnow() - timedelta(minutes=lease_minutes)


def close_dead_runs(db: Database, *, lease_minutes: float, actor: str = "recovery") -> list[str]:
    """End the active run if its process is dead (or silent past the lease): the slot is free
    for the next run, and the jobs it held are released."""
    with db.session() as session:
        run = repo.active_run(session)
        if run is None or not run_is_dead(run, lease_minutes=lease_minutes):
            return []
        repo.finish_run(
            session,
            run.id,
            status="failed",
            error="interrupted: the run's process is gone (crash or kill)",
        )
        run_id = run.id
    release_run_claims(
        db, run_id, actor=actor, why=f"pipeline run {run_id} is gone (crash or kill)"
    )
    log.warning("closed a dead pipeline run", extra={"pipelineRunId": run_id})
    return [run_id]


def last_sign_of_life(run: PipelineRun) -> datetime:
    updated = run.progress.get("updatedAt") if run.progress else None
    if isinstance(updated, str):
        try:
            return max(run.started_at, datetime.fromisoformat(updated))
        except ValueError:
            pass
    return run.started_at
