"""Ghostwriter: one stored conversation per job, for cover letters and application answers.

Available for discovered and ready jobs. The LLM sees the job, a minimised profile, the tailored
fields, the notes the user picked and the conversation so far; its reply streams as it is made and
is stored once complete (or marked failed, with what had arrived).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field
from sqlalchemy import delete
from sqlmodel import col, select

from jobops import notes, repo
from jobops.db import Database
from jobops.errors import Conflict, JobOpsError
from jobops.lifecycle import JobStatus
from jobops.llm.base import ChatTurn, GhostwriterPrompt, LLMClient
from jobops.models import CamelInput, CamelModel, GhostwriterMessage
from jobops.redaction import MAX_DESCRIPTION_CHARS, brief_of, minimise_profile

ALLOWED = frozenset({JobStatus.DISCOVERED, JobStatus.READY})
HISTORY_TURNS = 20


class MessageCreate(CamelInput):
    content: str = Field(min_length=1, max_length=20_000)
    note_ids: list[str] = Field(default_factory=list, max_length=20)
    stream: bool = False


class MessagePublic(CamelModel):
    id: str
    job_id: str
    role: str
    content: str
    status: str
    model: str | None
    created_at: datetime


@dataclass
class Turn:
    """A started exchange: the stored user message and what the LLM will be asked."""

    job_id: str
    user_message: GhostwriterMessage
    prompt: GhostwriterPrompt


def history(db: Database, job_id: str) -> list[GhostwriterMessage]:
    with db.session() as session:
        repo.get_job(session, job_id)
        query = (
            select(GhostwriterMessage)
            .where(GhostwriterMessage.job_id == job_id)
            .order_by(col(GhostwriterMessage.created_at), col(GhostwriterMessage.id))
        )
        return list(session.exec(query).all())


def reset(db: Database, job_id: str) -> None:
    with db.session() as session:
        repo.get_job(session, job_id)
        session.execute(delete(GhostwriterMessage).where(col(GhostwriterMessage.job_id) == job_id))


def start_turn(
    db: Database,
    job_id: str,
    message: MessageCreate,
    *,
    max_description_chars: int = MAX_DESCRIPTION_CHARS,
) -> Turn:
    """Check the job, store the user's message, and build the prompt (409 for other statuses)."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        if JobStatus(job.status) not in ALLOWED:
            raise Conflict(
                f"Ghostwriter works on discovered and ready jobs; this one is {job.status}."
            )
        _, resume = repo.get_job_resume(session, job)
        earlier = session.exec(
            select(GhostwriterMessage)
            .where(GhostwriterMessage.job_id == job_id, GhostwriterMessage.status == "complete")
            .order_by(col(GhostwriterMessage.created_at).desc(), col(GhostwriterMessage.id).desc())
            .limit(HISTORY_TURNS)
        ).all()
        user = GhostwriterMessage(job_id=job_id, role="user", content=message.content)
        session.add(user)
        session.flush()
        details = job.score_details or {}
    chosen = notes.get_notes(db, job_id, message.note_ids)
    prompt = GhostwriterPrompt(
        job=brief_of(job, max_chars=max_description_chars),
        profile=minimise_profile(resume),
        tailored_headline=job.tailored_headline or "",
        tailored_summary=job.tailored_summary or "",
        matched_skills=list(details.get("matchedSkills") or []),
        notes=[f"{n.title}: {n.content}" for n in chosen],
        history=[ChatTurn(role=m.role, content=m.content) for m in reversed(earlier)]
        + [ChatTurn(role="user", content=message.content)],
    )
    return Turn(job_id=job_id, user_message=user, prompt=prompt)


def reply(db: Database, turn: Turn, llm: LLMClient) -> Iterator[str]:
    """Yield the reply's chunks, then store it. A failure stores what arrived, marked failed,
    and raises the error."""
    parts: list[str] = []
    try:
        for chunk in llm.ghostwrite(turn.prompt):
            parts.append(chunk)
            yield chunk
    except JobOpsError:
        _store(db, turn.job_id, "".join(parts), "failed", llm)
        raise
    _store(db, turn.job_id, "".join(parts), "complete", llm)


def _store(
    db: Database, job_id: str, content: str, status: str, llm: LLMClient
) -> GhostwriterMessage:
    with db.session() as session:
        row = GhostwriterMessage(
            job_id=job_id,
            role="assistant",
            content=content,
            status=status,
            model=f"{llm.provider}/{llm.model}",
        )
        session.add(row)
        session.flush()
        return row


def last_reply(db: Database, job_id: str) -> GhostwriterMessage:
    with db.session() as session:
        query = (
            select(GhostwriterMessage)
            .where(GhostwriterMessage.job_id == job_id, GhostwriterMessage.role == "assistant")
            .order_by(col(GhostwriterMessage.created_at).desc(), col(GhostwriterMessage.id).desc())
        )
        row = session.exec(query).first()
        if row is None:  # pragma: no cover - reply() always stores one
            raise Conflict("No reply was stored.")
        return row
