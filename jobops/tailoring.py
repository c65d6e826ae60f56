"""Tailoring a job's resume fields: headline, summary, skills and project picks.

Fields the user edited are kept unless ``force`` is set; a tailored field that the LLM leaves
empty falls back to the base resume when rendering.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from jobops import repo
from jobops.db import Database
from jobops.errors import Conflict, InvalidInput, NoBaseResume
from jobops.guards import guard_tailoring
from jobops.lifecycle import JobStatus
from jobops.llm.base import LLMClient, TailorRequest, TailorResult
from jobops.logs import get_logger
from jobops.models import (
    MAX_JD_CHARS,
    TAILORED_FIELDS,
    CamelInput,
    CamelModel,
    Job,
    JobUpdate,
    edited_names,
    parse_project_ids,
    utcnow,
)
from jobops.models import SkillGroup as SkillGroupIn
from jobops.pdfs import TailoringFreshness, tailoring_freshness
from jobops.redaction import MAX_DESCRIPTION_CHARS, brief_of
from jobops.resume.model import Resume
from jobops.resumes import ProjectItem
from jobops.settings import TailoringSettings

log = get_logger("tailoring")

#: API names of the tailored fields (``fields=summary,headline``) -> columns.
FIELD_NAMES = {
    "summary": "tailored_summary",
    "headline": "tailored_headline",
    "skills": "tailored_skills",
    "projects": "selected_project_ids",
}


def parse_fields(value: str | None) -> tuple[str, ...]:
    """``"summary,skills"`` -> column names; empty means every tailored field."""
    if not value:
        return TAILORED_FIELDS
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in FIELD_NAMES]
    if unknown:
        raise InvalidInput(f"Unknown field(s) {unknown}; choose from {sorted(FIELD_NAMES)}.")
    return tuple(FIELD_NAMES[n] for n in names)


def result_columns(result: TailorResult, resume: Resume) -> dict[str, Any]:
    valid = set(resume.project_ids())
    return {
        "tailored_headline": result.headline.strip() or None,
        "tailored_summary": result.summary.strip() or None,
        "tailored_skills": [g.model_dump() for g in result.skills] or None,
        "selected_project_ids": ",".join(i for i in result.selected_project_ids if i in valid)
        or None,
    }


def columns_to_tailor(
    job: Job,
    fields: tuple[str, ...],
    *,
    force: bool,
    only_missing: bool,
    freshness: TailoringFreshness = "current",
) -> list[str]:
    """Which of ``fields`` to (re)generate: all with force; else skip user edits (and, with
    ``only_missing``, anything already filled). Fields written for another resume are all
    regenerated, the user's edits too (they describe someone else's resume); fields written for an
    earlier revision of the same resume are regenerated except the user's edits."""
    if force or freshness == "other_resume":
        return list(TAILORED_FIELDS if freshness == "other_resume" else fields)
    wanted = [f for f in fields if f not in job.edited_fields]
    if only_missing and freshness != "old_revision":
        wanted = [f for f in wanted if getattr(job, f) in (None, "", [])]
    return wanted


def tailor_job(
    db: Database,
    job_id: str,
    llm: LLMClient,
    settings: TailoringSettings,
    *,
    fields: tuple[str, ...] = TAILORED_FIELDS,
    force: bool = False,
    only_missing: bool = False,
    max_description_chars: int = MAX_DESCRIPTION_CHARS,
    claim: str | None = None,
) -> Job:
    """Generate tailored fields for a job and store them, stamped with the resume (and revision)
    they were written for. The status is not changed. The write is guarded by the version the
    job was read at before the LLM call: if anyone changed the job meanwhile (a PATCH confirmed
    while the LLM was writing), that change stands and this one is a 409. ``claim``: the
    processing claim this runs under (a processing job takes writes from its holder only)."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        repo.ensure_not_processing(job, claim)
        row, resume = repo.get_job_resume(session, job)
        freshness = tailoring_freshness(job, row)
        wanted = columns_to_tailor(
            job, fields, force=force, only_missing=only_missing, freshness=freshness
        )
        if not wanted:
            return job
        request = TailorRequest(
            resume=resume,
            job=brief_of(job, max_chars=max_description_chars),
            max_projects=settings.max_projects,
            summary_max_words=settings.summary_max_words,
            always_include_projects=settings.always_include_projects,
        )
    result = llm.tailor(request)  # no session held across the LLM call
    pinned = [p for p in settings.always_include_projects if p in resume.project_ids()]
    result, report = guard_tailoring(
        result, resume, request.job, max_projects=max(settings.max_projects, len(pinned))
    )
    generated = result_columns(result, resume)
    changes: dict[str, Any] = {column: generated[column] for column in wanted}
    with db.session() as session:
        changes["edited_fields"] = [f for f in job.edited_fields if f not in wanted]
        changes["tailored_at"] = utcnow()
        changes["tailored_resume_id"] = row.id
        changes["tailored_resume_revision"] = row.revision
        if freshness in ("other_resume", "old_revision"):
            made_for = "another resume" if freshness == "other_resume" else "an earlier revision"
            dropped = sorted(set(job.edited_fields) & set(wanted))
            note = f"re-tailored for {row.name!r} (revision {row.revision}): the fields were "
            note += f"written for {made_for}"
            if dropped:
                names = ", ".join(edited_names(dropped))
                note += f"; your edits of {names} belonged to it and were replaced"
            repo.record_note(session, job_id, actor="tailoring", reason=note)
        if report.dropped:
            log.warning("tailoring repaired", extra={"dropped": report.dropped})
            repo.record_note(session, job_id, actor="guard", reason="; ".join(report.dropped))
        return repo.update_job_fields(session, job, changes, claim=claim)


SUMMARIZABLE_FROM = frozenset({JobStatus.DISCOVERED, JobStatus.READY})


def summarize_job(
    db: Database,
    job_id: str,
    llm: LLMClient,
    settings: TailoringSettings,
    *,
    fields: tuple[str, ...] = TAILORED_FIELDS,
    force: bool = False,
    max_description_chars: int = MAX_DESCRIPTION_CHARS,
) -> Job:
    """The API's "summarize": (re)generate tailored fields of a discovered or ready job."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
    repo.ensure_not_processing(job)
    if JobStatus(job.status) not in SUMMARIZABLE_FROM:
        raise Conflict(
            f"Job {job_id} is {job.status}; only discovered and ready jobs are tailored."
        )
    return tailor_job(
        db,
        job_id,
        llm,
        settings,
        fields=fields,
        force=force,
        max_description_chars=max_description_chars,
    )


class ProjectChoice(ProjectItem):
    """A catalog project, and whether this job's resume shows it."""

    selected: bool


class TailoringDraft(CamelModel):
    """What the "Tailor" view edits: the JD, the tailored fields, and the project catalog."""

    job_id: str
    status: str
    job_description: str | None
    tailored_headline: str | None
    tailored_summary: str | None
    tailored_skills: list[dict[str, Any]] | None
    selected_project_ids: list[str]
    edited_fields: list[str]
    resume_id: str | None
    projects: list[ProjectChoice]


class TailoringUpdate(CamelInput):
    """``PATCH /api/jobs/{id}/tailoring``: the JD and the tailored fields only."""

    job_description: str | None = Field(None, max_length=MAX_JD_CHARS)
    tailored_summary: str | None = Field(None, max_length=5000)
    tailored_headline: str | None = Field(None, max_length=300)
    tailored_skills: list[SkillGroupIn] | None = Field(None, max_length=40)
    selected_project_ids: str | list[str] | None = None

    def as_job_update(self) -> JobUpdate:
        return JobUpdate.model_validate(self.model_dump(exclude_unset=True))


def tailoring_draft(db: Database, job_id: str) -> TailoringDraft:
    with db.session() as session:
        job = repo.get_job(session, job_id)
        try:
            _, resume = repo.get_job_resume(session, job)
            catalog = resume.projects
        except NoBaseResume:
            catalog = []
    selected = parse_project_ids(job.selected_project_ids)
    return TailoringDraft(
        job_id=job.id,
        status=job.status,
        job_description=job.job_description,
        tailored_headline=job.tailored_headline,
        tailored_summary=job.tailored_summary,
        tailored_skills=job.tailored_skills,
        selected_project_ids=selected,
        edited_fields=edited_names(job.edited_fields),
        resume_id=job.resume_id,
        projects=[
            ProjectChoice(**ProjectItem.model_validate(p).model_dump(), selected=p.id in selected)
            for p in catalog
        ],
    )
