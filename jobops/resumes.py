"""Base resumes as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic.alias_generators import to_camel

from jobops import repo
from jobops.db import Database
from jobops.models import CamelModel, Resume
from jobops.resume.importers import ImportReport, import_report, read_resume
from jobops.resume.model import Resume as ResumeModel
from jobops.resume.model import Skipped


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


class ImportReportPublic(CamelModel):
    """Items per section the import brought in (sections named as in the document), and what
    it left out, with the reason."""

    imported: dict[str, int]
    skipped: list[Skipped]
    summary: str


class ResumeDetail(ResumePublic):
    """One resume: its metadata, the stored document (the internal model every render and
    prompt reads) and its import report."""

    document: ResumeModel
    import_report: ImportReportPublic


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


def _report_public(report: ImportReport) -> ImportReportPublic:
    return ImportReportPublic(
        imported={to_camel(section): count for section, count in report.imported.items()},
        skipped=report.skipped,
        summary=report.describe(),
    )


def to_detail(row: Resume) -> ResumeDetail:
    document = ResumeModel.model_validate(row.data)
    return ResumeDetail(
        **to_public(row).model_dump(),
        document=document,
        import_report=_report_public(import_report(row.source_format, document)),
    )


def list_resumes(db: Database) -> list[ResumePublic]:
    with db.session() as session:
        return [to_public(r) for r in repo.list_resumes(session)]


def get_resume(db: Database, resume_id: str) -> ResumeDetail:
    with db.session() as session:
        return to_detail(repo.get_resume(session, resume_id))


def upload_resume(
    db: Database, document: Any, *, name: str | None, make_default: bool | None
) -> ResumeDetail:
    imported = read_resume(document)
    with db.session() as session:
        row, _ = repo.add_resume(
            session, imported.format, imported.resume, name=name, make_default=make_default
        )
        return to_detail(row)


def make_default(db: Database, resume_id: str) -> ResumePublic:
    with db.session() as session:
        return to_public(repo.set_default_resume(session, resume_id))
