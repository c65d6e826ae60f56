"""Scoring a stored job against its base resume.

A failed score is recorded as ``score_error`` with the score left empty - never a made-up 0 - and
the error is raised again so the caller (a Prefect task) can retry or count it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobops import repo
from jobops.db import Database
from jobops.errors import Conflict, JobOpsError
from jobops.llm.base import LLMClient, ScoreResult
from jobops.models import utcnow
from jobops.redaction import MAX_DESCRIPTION_CHARS, brief_of, minimise_profile


@dataclass(frozen=True)
class ScoreOutcome:
    job_id: str
    score: int
    reason: str


def score_job(
    db: Database, job_id: str, llm: LLMClient, *, max_description_chars: int = MAX_DESCRIPTION_CHARS
) -> ScoreOutcome:
    """Score one job and store the result (or the error). The score is written only if the job
    is still as it was read: a job edited while the LLM was scoring it is scored again once, and
    a second change is a 409, never a score of a description the job no longer has."""
    for attempt in (1, 2):
        try:
            return _score_once(db, job_id, llm, max_description_chars=max_description_chars)
        except Conflict:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _score_once(
    db: Database, job_id: str, llm: LLMClient, *, max_description_chars: int
) -> ScoreOutcome:
    with db.session() as session:
        read = repo.get_job(session, job_id)
        _, resume = repo.get_job_resume(session, read)
        profile = minimise_profile(resume)
        brief = brief_of(read, max_chars=max_description_chars)
    try:
        result: ScoreResult = llm.score(profile, brief)
    except JobOpsError as exc:
        _record_failure(db, job_id, f"{exc.code}: {exc.message}")
        raise
    except Exception as exc:  # an unexpected provider failure is still recorded, then raised
        _record_failure(db, job_id, f"unexpected: {type(exc).__name__}: {exc}")
        raise
    with db.session() as session:
        repo.update_job_fields(
            session,
            read,
            {
                "suitability_score": result.score,
                "suitability_reason": result.reason,
                "score_error": None,
                "scored_by": f"{llm.provider}/{llm.model}",
                "scored_at": utcnow(),
                "score_details": {
                    "matchedSkills": result.matched_skills,
                    "missingSkills": result.missing_skills,
                    "brief": result.brief.model_dump(by_alias=False) if result.brief else None,
                },
            },
        )
    return ScoreOutcome(job_id=job_id, score=result.score, reason=result.reason)


def _record_failure(db: Database, job_id: str, message: str) -> None:
    """Best effort: a job that moved meanwhile (claimed, deleted) keeps what it has."""
    try:
        with db.session() as session:
            job = repo.get_job(session, job_id)
            repo.update_job_fields(session, job, {"score_error": message[:2000]})
    except JobOpsError:
        pass


def rescore_job(
    db: Database, job_id: str, llm: LLMClient, *, max_description_chars: int = MAX_DESCRIPTION_CHARS
) -> ScoreOutcome:
    """Score a job again (e.g. after a failed score): any status except processing."""
    with db.session() as session:
        repo.ensure_not_processing(repo.get_job(session, job_id))
    return score_job(db, job_id, llm, max_description_chars=max_description_chars)
