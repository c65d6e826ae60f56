"""The job's PDF: its render inputs, freshness, download name, and uploads.

``pdfFreshness`` compares the fingerprint stored when the PDF was made with one computed from the
job's current inputs (base resume, theme and template, tailored fields, selected projects, job
description, employer): ``missing`` (no PDF), ``uploaded`` (the user's own file), ``current``,
``stale`` (an input changed since), or ``regenerating`` (being processed now).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TypeVar

from sqlmodel import Session

from jobops import repo
from jobops.db import Database
from jobops.errors import JobOpsError, NoBaseResume
from jobops.lifecycle import JobStatus
from jobops.models import TAILORED_FIELDS, Job, JobListItem, JobPublic, parse_project_ids
from jobops.models import Resume as ResumeRow
from jobops.resume.model import Resume, SkillGroup
from jobops.resume.render import (
    Tailoring,
    fingerprint,
    render_model,
    template_path,
)
from jobops.settings import Settings

V = TypeVar("V", JobPublic, JobListItem)
Freshness = Literal["missing", "uploaded", "current", "stale", "regenerating"]


TailoringFreshness = Literal["none", "current", "old_revision", "other_resume"]


def job_theme(job: Job, settings: Settings) -> str:
    return job.theme or settings.theme


def has_tailoring(job: Job) -> bool:
    return any(getattr(job, f) not in (None, "", []) for f in TAILORED_FIELDS)


def tailoring_freshness(job: Job, resume: ResumeRow) -> TailoringFreshness:
    """Whether the job's tailored fields were written for ``resume`` (the one it renders with):
    ``other_resume`` means another resume (another person, perhaps), ``old_revision`` an earlier
    revision of this one. Fields stamped with no resume predate the stamp and count as current."""
    if not has_tailoring(job):
        return "none"
    if job.tailored_resume_id is None:
        return "current"
    if job.tailored_resume_id != resume.id:
        return "other_resume"
    if job.tailored_resume_revision not in (None, resume.revision):
        return "old_revision"
    return "current"


def tailoring_for(job: Job, settings: Settings, resume: Resume, row: ResumeRow) -> Tailoring:
    """The job-specific render inputs; empty tailored fields fall back to the base resume, and so
    do fields written for another resume (:func:`tailoring_freshness`): a PDF never combines two
    resumes. The fingerprint also covers the whole base resume and the job description, so a
    change to either marks the PDF stale even where it does not show in the PDF itself."""
    if tailoring_freshness(job, row) == "other_resume":
        job = job.model_copy(update=dict.fromkeys(TAILORED_FIELDS))
    return Tailoring(
        headline=job.tailored_headline,
        summary=job.tailored_summary,
        skills=[SkillGroup.model_validate(g) for g in job.tailored_skills]
        if job.tailored_skills
        else None,
        project_ids=parse_project_ids(job.selected_project_ids)
        if job.selected_project_ids
        else None,
        employer=job.employer,
        job_title=job.title,
        paper=settings.paper,
        extra={"jobDescription": job.job_description or "", "resume": repo.resume_hash(resume)},
    )


def current_fingerprint(job: Job, resume: Resume, row: ResumeRow, settings: Settings) -> str | None:
    """What the fingerprint of a PDF rendered now would be (None if it cannot be rendered)."""
    try:
        template = template_path(settings.templates_dir, job_theme(job, settings))
    except JobOpsError:
        return None
    tailoring = tailoring_for(job, settings, resume, row)
    return fingerprint(render_model(resume, tailoring), template, extra=tailoring.extra)


def pdf_file(job: Job, settings: Settings) -> Path | None:
    """The job's PDF as a file on this machine; None when it has none, or when the recorded path
    leads outside the PDF folder (never served, never deleted)."""
    if not job.pdf_path:
        return None
    path = settings.data_path(job.pdf_path)
    return path if path.is_relative_to(settings.pdf_dir) else None


def pdf_freshness(job: Job, base: tuple[ResumeRow, Resume] | None, settings: Settings) -> Freshness:
    if job.status == JobStatus.PROCESSING.value:
        return "regenerating"
    file = pdf_file(job, settings)
    if file is None or not file.is_file():
        return "missing"
    if job.pdf_source == "uploaded":
        return "uploaded"
    if base is None:
        return "stale"
    row, resume = base
    current = current_fingerprint(job, resume, row, settings) == job.pdf_fingerprint
    return "current" if current else "stale"


def _bases(session: Session, jobs: Sequence[Job]) -> list[tuple[ResumeRow, Resume] | None]:
    """Each job's base resume (row and model), each resume read once."""
    resumes: dict[str | None, tuple[ResumeRow, Resume] | None] = {}
    for job in jobs:
        if job.resume_id not in resumes:
            try:
                resumes[job.resume_id] = repo.get_job_resume(session, job)
            except NoBaseResume:
                resumes[job.resume_id] = None
    return [resumes[job.resume_id] for job in jobs]


def _present(model: type[V], session: Session, jobs: Sequence[Job], settings: Settings) -> list[V]:
    out = []
    for job, base in zip(jobs, _bases(session, jobs), strict=True):
        view = model.model_validate(job)
        view.pdf_freshness = pdf_freshness(job, base, settings)
        if isinstance(view, JobPublic):
            view.tailoring_freshness = tailoring_freshness(job, base[0]) if base else "none"
        out.append(view)
    return out


def present(session: Session, jobs: Sequence[Job], settings: Settings) -> list[JobPublic]:
    """Jobs as the API shows them, with ``pdfFreshness`` computed."""
    return _present(JobPublic, session, jobs, settings)


def present_list(session: Session, jobs: Sequence[Job], settings: Settings) -> list[JobListItem]:
    """The lighter list view of jobs, with ``pdfFreshness``."""
    return _present(JobListItem, session, jobs, settings)


def present_one(db: Database, job: Job, settings: Settings) -> JobPublic:
    with db.session() as session:
        return present(session, [job], settings)[0]


def stale_ready_jobs(db: Database, settings: Settings, *, batch: int = 500) -> list[str]:
    """Every ready job whose generated PDF no longer matches its inputs (read ``batch`` at a
    time, so any number of jobs fits in memory)."""
    stale: list[str] = []
    with db.read() as session:
        ids = repo.job_ids_with_status(session, JobStatus.READY)
        for start in range(0, len(ids), batch):
            jobs = repo.get_jobs(session, ids[start : start + batch])
            stale += [
                job.id
                for job, base in zip(jobs, _bases(session, jobs), strict=True)
                if pdf_freshness(job, base, settings) == "stale"
            ]
    return stale


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", folded)


def download_name(resume: Resume | None, job: Job) -> str:
    """``Jane_Doe_Acme_Backend_Engineer.pdf``: ASCII, no separators a file system dislikes."""
    words = _ascii_words(resume.basics.name if resume else "")
    words += _ascii_words(job.employer) + _ascii_words(job.title)
    stem = "_".join(words)[:150].strip("_") or "resume"
    return f"{stem}.pdf"
