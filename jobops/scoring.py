"""Scoring a stored job against its base resume.

A failed score is recorded as ``score_error`` with the score left empty - never a made-up 0 - and
the error is raised again so the caller (a Prefect task) can retry or count it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from jobops import repo
from jobops.db import Database
from jobops.errors import Conflict, JobOpsError
from jobops.lifecycle import JobStatus
from jobops.llm.base import LLMClient, LocalScoreResult, ResumeScorer, ScoreResult
from jobops.models import Job, utcnow
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
        result: ScoreResult = (
            llm.score_resume(resume, brief)  # a local scorer reads the whole resume
            if isinstance(llm, ResumeScorer)
            else llm.score(profile, brief)
        )
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
                "score_details": _details(result),
            },
        )
    return ScoreOutcome(job_id=job_id, score=result.score, reason=result.reason)


def _details(result: ScoreResult) -> dict[str, object]:
    details: dict[str, object] = {
        "matchedSkills": result.matched_skills,
        "missingSkills": result.missing_skills,
        "brief": result.brief.model_dump(by_alias=False) if result.brief else None,
    }
    if isinstance(result, LocalScoreResult):
        details["relevance"] = result.details
    return details


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


# ------------------------------------------------------------------------------- the pre-filter


@dataclass(frozen=True)
class Prefilter:
    """Which new jobs go to the LLM, and what the others were scored locally."""

    to_llm: list[str]  #: best local score first
    kept_local: list[str]
    below_cut: int
    over_cap: int

    @property
    def saved_calls(self) -> int:
        return len(self.kept_local)


def prefilter_jobs(
    db: Database,
    job_ids: list[str],
    local: ResumeScorer,
    *,
    local_cut: int,
    max_llm: int,
    model: str,
    max_description_chars: int = MAX_DESCRIPTION_CHARS,
) -> Prefilter:
    """Score every job locally; those at or above ``local_cut`` (at most ``max_llm``, the best
    first) are left for the LLM, the others keep their local score, marked ``scored_by:
    local/<model>`` with why they stayed local. Rescoring such a job calls the LLM."""
    scored: list[tuple[int, str, ScoreResult]] = []
    with db.session() as session:
        for job_id in job_ids:
            job = repo.get_job(session, job_id)
            _, resume = repo.get_job_resume(session, job)
            result = local.score_resume(resume, brief_of(job, max_chars=max_description_chars))
            scored.append((result.score, job_id, result))
    scored.sort(key=lambda item: -item[0])  # stable: equal scores keep the discovery order
    passing = [item for item in scored if item[0] >= local_cut]
    to_llm = [job_id for _, job_id, _ in passing[:max_llm]]
    sent = set(to_llm)
    kept: list[str] = []
    with db.session() as session:
        for rank, (score, job_id, result) in enumerate(scored):
            if job_id in sent:
                continue
            why = (
                f"below the local cut of {local_cut}"
                if score < local_cut
                else f"local rank {rank + 1}, past the {max_llm} LLM calls allowed per run"
            )
            details = _details(result)
            details["prefilter"] = {"kept": "local", "why": why, "localCut": local_cut}
            job = repo.get_job(session, job_id)
            if job.status == JobStatus.PROCESSING.value:
                continue  # claimed meanwhile: it belongs to its processor
            _store_local(session, job, result, model, details)
            kept.append(job_id)
    return Prefilter(
        to_llm=to_llm,
        kept_local=kept,
        below_cut=len(scored) - len(passing),
        over_cap=max(0, len(passing) - max_llm),
    )


def _store_local(
    session: Session, job: Job, result: ScoreResult, model: str, details: dict[str, object]
) -> None:
    repo.update_job_fields(
        session,
        job,
        {
            "suitability_score": result.score,
            "suitability_reason": result.reason,
            "score_error": None,
            "scored_by": f"local/{model}",
            "scored_at": utcnow(),
            "score_details": details,
        },
    )


def saved_tokens(db: Database, run_id: str, saved_calls: int) -> int | None:
    """The tokens ``saved_calls`` more scoring calls would have cost, at this run's average so
    far (None before any call was made: nothing to estimate from)."""
    with db.session() as session:
        usage = repo.run_token_usage(session, run_id)
    if not usage["llmCalls"]:
        return None
    per_call = (usage["promptTokens"] + usage["completionTokens"]) / usage["llmCalls"]
    return round(per_call * saved_calls)
