"""Titled markdown notes per job."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field
from sqlmodel import Session, col, select

from jobops import repo
from jobops.db import Database
from jobops.errors import NotFound
from jobops.models import CamelInput, CamelModel, JobNote, utcnow


class NoteCreate(CamelInput):
    title: str = Field(min_length=1, max_length=120)
    content: str = Field(min_length=1, max_length=20_000)


class NoteUpdate(CamelInput):
    title: str | None = Field(None, min_length=1, max_length=120)
    content: str | None = Field(None, min_length=1, max_length=20_000)


class NotePublic(CamelModel):
    id: str
    job_id: str
    title: str
    content: str
    created_at: datetime
    updated_at: datetime


def list_notes(db: Database, job_id: str) -> list[JobNote]:
    with db.session() as session:
        repo.get_job(session, job_id)
        query = select(JobNote).where(JobNote.job_id == job_id).order_by(col(JobNote.created_at))
        return list(session.exec(query).all())


def get_notes(db: Database, job_id: str, note_ids: list[str]) -> list[JobNote]:
    if not note_ids:
        return []
    with db.session() as session:
        query = select(JobNote).where(JobNote.job_id == job_id, col(JobNote.id).in_(note_ids))
        return list(session.exec(query).all())


def create_note(db: Database, job_id: str, note: NoteCreate) -> JobNote:
    with db.session() as session:
        repo.get_job(session, job_id)
        row = JobNote(job_id=job_id, title=note.title, content=note.content)
        session.add(row)
        session.flush()
        return row


def _get(session: Session, job_id: str, note_id: str) -> JobNote:
    row = session.get(JobNote, note_id)
    if row is None or row.job_id != job_id:
        raise NotFound(f"No note {note_id!r} on job {job_id}.")
    return row


def update_note(db: Database, job_id: str, note_id: str, change: NoteUpdate) -> JobNote:
    with db.session() as session:
        row = _get(session, job_id, note_id)
        for key, value in change.model_dump(exclude_unset=True, exclude_none=True).items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        return row


def delete_note(db: Database, job_id: str, note_id: str) -> None:
    with db.session() as session:
        session.delete(_get(session, job_id, note_id))
