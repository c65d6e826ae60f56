"""Base resumes as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobops import repo
from jobops.db import Database
from jobops.models import CamelModel, Resume
from jobops.resume.importers import parse_resume
from jobops.resume.model import Resume as ResumeModel


class ProjectItem(CamelModel):
    id: str
    name: str
    description: str
    keywords: list[str]
    visible: bool


class ResumePublic(CamelModel):
    id: str
    name: str
    source_format: str
    source_ref: str | None
    revision: int
    is_default: bool
    created_at: datetime
    updated_at: datetime
    projects: list[ProjectItem]


def to_public(row: Resume) -> ResumePublic:
    model = ResumeModel.model_validate(row.data)
    return ResumePublic(
        id=row.id,
        name=row.name,
        source_format=row.source_format,
        source_ref=row.source_ref,
        revision=row.revision,
        is_default=row.is_default,
        created_at=row.created_at,
        updated_at=row.updated_at,
        projects=[ProjectItem.model_validate(p) for p in model.projects],
    )


def list_resumes(db: Database) -> list[ResumePublic]:
    with db.session() as session:
        return [to_public(r) for r in repo.list_resumes(session)]


def get_resume(db: Database, resume_id: str) -> ResumePublic:
    with db.session() as session:
        return to_public(repo.get_resume(session, resume_id))


def upload_resume(
    db: Database, document: Any, *, name: str | None, make_default: bool
) -> ResumePublic:
    fmt, resume = parse_resume(document)
    with db.session() as session:
        row, _ = repo.add_resume(session, fmt, resume, name=name, make_default=make_default)
        return to_public(row)


def make_default(db: Database, resume_id: str) -> ResumePublic:
    with db.session() as session:
        return to_public(repo.set_default_resume(session, resume_id))
