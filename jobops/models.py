"""SQLModel tables and the API-facing models (camelCase on the wire, snake_case in Python)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic import Field as PydanticField
from pydantic.alias_generators import to_camel
from sqlalchemy import JSON, Column, DateTime, Index, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from jobops import clock
from jobops.lifecycle import PATCHABLE_STATUSES, JobStatus


def utcnow() -> datetime:
    """Now, from the process clock (:mod:`jobops.clock`), so a pinned clock dates records too."""
    return clock.now()


def new_id() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: jobops stores timezone-aware UTC datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


# --------------------------------------------------------------------------------------- tables


class Resume(SQLModel, table=True):
    """A stored base resume (the internal ``jobops.resume.model.Resume`` as JSON)."""

    id: str = Field(default_factory=new_id, primary_key=True)
    name: str
    source_format: str  # reactive_resume | json_resume
    content_hash: str = Field(index=True)
    #: Where the resume comes from and is refreshed from, e.g. "rxresume:<id>"; None for a file.
    source_ref: str | None = Field(default=None, index=True)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    revision: int = 1
    is_default: bool = False
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Job(SQLModel, table=True):
    #: The list view filters by status and pages by date: one index serves both.
    __table_args__ = (Index("ix_job_status_discovered_at", "status", "discovered_at"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    source: str = Field(index=True)
    source_job_id: str | None = None
    title: str
    employer: str
    job_url: str = Field(unique=True)
    #: jobUrl without tracking parameters and noise: the deduplication key.
    canonical_url: str | None = Field(default=None, unique=True)
    #: The employer's name normalised (suffixes and punctuation removed), for fuzzy matching.
    employer_key: str | None = Field(default=None, index=True)
    #: URLs of the same job found on other sources.
    alternate_urls: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: An applied job (within 30 days) this one closely matches: probably applied already.
    applied_match_job_id: str | None = None
    application_link: str | None = None
    location: str | None = None
    salary: str | None = None
    deadline: str | None = None
    date_posted: str | None = None
    job_description: str | None = Field(default=None, sa_column=Column(Text))

    status: str = Field(default=JobStatus.DISCOVERED.value, index=True)
    status_before_processing: str | None = None
    #: While processing: the claim's token (only its holder may finish or release it), who holds
    #: it in words ("pipeline run …", "request …") and as ``host:pid:start`` (jobops.owners).
    claim_token: str | None = None
    claimed_by: str | None = None
    claim_owner: str | None = None
    #: Why an expired job expired (:class:`jobops.lifecycle.ExpiryReason`); None otherwise.
    expiry_reason: str | None = None

    suitability_score: int | None = Field(default=None, index=True)
    suitability_reason: str | None = Field(default=None, sa_column=Column(Text))
    score_error: str | None = Field(default=None, sa_column=Column(Text))
    scored_by: str | None = None  # "<provider>/<model>" that produced the score
    scored_at: datetime | None = _ts()
    #: matchedSkills, missingSkills and the role brief that came with the score.
    score_details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))

    tailored_summary: str | None = Field(default=None, sa_column=Column(Text))
    tailored_headline: str | None = None
    tailored_skills: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    selected_project_ids: str | None = None
    #: Tailored fields the user edited; summarize without force keeps them.
    edited_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    tailored_at: datetime | None = _ts()
    #: The base resume (and its revision) the tailored fields were written for: fields made for
    #: another resume are never printed with this one (one person per PDF).
    tailored_resume_id: str | None = None
    tailored_resume_revision: int | None = None
    process_error: str | None = Field(default=None, sa_column=Column(Text))

    resume_id: str | None = Field(default=None, foreign_key="resume.id")
    theme: str | None = None  # None: the theme from settings
    pdf_source: str | None = None  # generated | uploaded
    pdf_path: str | None = None
    pdf_fingerprint: str | None = None
    pdf_generated_at: datetime | None = _ts()

    #: Post-application tracking: the latest stage and the final outcome.
    current_stage: str | None = None
    outcome: str | None = None
    pipeline_run_id: str | None = None  # the run that discovered the job
    discovered_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
    processed_at: datetime | None = _ts()
    ready_at: datetime | None = _ts()
    applied_at: datetime | None = _ts()
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    version: int = 1


class JobEvent(SQLModel, table=True):
    """One line of a job's audit trail: a status change, or a recorded action on the job."""

    __tablename__ = "job_event"

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    from_status: str | None = None
    to_status: str
    actor: str
    reason: str | None = Field(default=None, sa_column=Column(Text))
    request_id: str | None = None
    pipeline_run_id: str | None = Field(default=None, index=True)
    flow_run_id: str | None = Field(default=None, index=True)  # the Prefect flow run that wrote it
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


#: The per-stage counters of a run, in pipeline order.
RUN_COUNTERS = (
    "crawled",
    "rejected",
    "new",
    "duplicates",
    "updated",
    "expired",
    "scored",
    "score_failures",
    "selected",
    "processed",
    "failed",
)


class PipelineRun(SQLModel, table=True):
    __tablename__ = "pipeline_run"

    id: str = Field(primary_key=True)  # the Prefect flow run id
    status: str = "running"  # running | completed | failed
    started_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    completed_at: datetime | None = _ts()
    crawled: int = 0
    #: Listings a source sent that could not be read (a broken line, a missing field).
    rejected: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    new: int = 0
    duplicates: int = 0
    #: Stored jobs whose listing changed on its source (fields updated, score cleared).
    updated: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    #: Jobs expired during the run (deadline passed, unlisted, too old).
    expired: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    scored: int = 0
    score_failures: int = 0
    selected: int = 0
    processed: int = 0
    failed: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: Per source: listed, new, duplicates, merged, rejected, error.
    source_stats: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    cancel_requested: bool = False
    #: 1 while the run is starting or running, NULL once it ended: a unique column, so the
    #: database itself lets one run at a time hold the slot (SQLite and PostgreSQL alike).
    active_slot: int | None = Field(default=None, unique=True)
    #: The process running it, ``host:pid:start`` (jobops.owners): a dead one frees the slot.
    owner: str | None = None
    #: Set when the run was requested through the API, to find it once it has started.
    trigger_id: str | None = Field(default=None, index=True)
    #: The latest progress: {"stage", "done", "total", "updatedAt"}.
    progress: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )


class JobNote(SQLModel, table=True):
    __tablename__ = "job_note"

    id: str = Field(default_factory=new_id, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    title: str
    content: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class StageEvent(SQLModel, table=True):
    """One step of an application after applying (recruiter screen, interview, offer ...)."""

    __tablename__ = "stage_event"

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    stage: str
    outcome: str | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    actor: str = "user"
    occurred_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class GhostwriterMessage(SQLModel, table=True):
    """One message of a job's Ghostwriter conversation."""

    __tablename__ = "ghostwriter_message"

    id: str = Field(default_factory=new_id, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    role: str  # user | assistant
    content: str = Field(sa_column=Column(Text, nullable=False))
    status: str = "complete"  # complete | failed
    model: str | None = None
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class AppSetting(SQLModel, table=True):
    """A setting changed through the API; it overrides the environment."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True)
    value: Any = Field(sa_column=Column(JSON, nullable=True))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class LlmCallBase(SQLModel):
    """One call to an LLM provider: what it cost and whether it worked, never prompt or reply."""

    purpose: str
    provider: str
    model: str
    mode: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_ms: int = 0
    ok: bool = True
    error: str | None = None


class LlmCallLog(LlmCallBase, table=True):
    """A recorded LLM call, with the correlation ids of the work that made it."""

    __tablename__ = "llm_call"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    job_id: str | None = Field(default=None, index=True)
    pipeline_run_id: str | None = Field(default=None, index=True)
    request_id: str | None = None


# ------------------------------------------------------------------------------ API-facing models


class CamelModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, from_attributes=True, extra="forbid"
    )


class CamelInput(CamelModel):
    """A request body or query: like CamelModel, and no text may hold a NUL byte."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """No NUL bytes in any text: PostgreSQL cannot store them, and no real input has one."""
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and "\x00" in t for t in texts):
            raise ValueError("may not contain NUL bytes")
        return value


class SkillGroup(CamelInput):
    name: str = PydanticField(min_length=1, max_length=120)
    keywords: list[str] = PydanticField(default_factory=list, max_length=60)

    @field_validator("keywords")
    @classmethod
    def _strip_keywords(cls, value: list[str]) -> list[str]:
        cleaned = [k.strip() for k in value if k.strip()]
        if any(len(k) > 120 for k in cleaned):
            raise ValueError("a keyword is longer than 120 characters")
        return cleaned


def parse_project_ids(value: str | list[str] | None) -> list[str]:
    """``"p1, p2"`` or ``["p1", "p2"]`` -> ``["p1", "p2"]`` (order kept, duplicates dropped)."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    seen: dict[str, None] = {}
    for item in items:
        if item.strip():
            seen.setdefault(item.strip(), None)
    return list(seen)


class JobPublic(CamelModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    source: str
    source_job_id: str | None
    title: str
    employer: str
    job_url: str
    alternate_urls: list[str]
    applied_match_job_id: str | None
    application_link: str | None
    location: str | None
    salary: str | None
    deadline: str | None
    date_posted: str | None
    job_description: str | None
    status: JobStatus
    status_before_processing: JobStatus | None
    suitability_score: int | None
    suitability_reason: str | None
    score_error: str | None
    scored_by: str | None
    scored_at: datetime | None
    score_details: dict[str, Any] | None
    tailored_summary: str | None
    tailored_headline: str | None
    tailored_skills: list[SkillGroup] | None
    selected_project_ids: list[str] = PydanticField(
        description='The projects picked for the PDF, in order (stored as given: a list or "p1,p2")'
    )
    edited_fields: list[str] = PydanticField(
        description="The fields the user edited (camelCase): tailoring and source updates keep "
        "them unless forced"
    )
    tailored_resume_id: str | None
    tailored_resume_revision: int | None
    tailoring_freshness: str = PydanticField(
        "none",
        description="none (nothing tailored), current, old_revision (made for an earlier revision "
        "of the job's resume) or other_resume (made for another resume: re-tailored before a "
        "render)",
    )
    process_error: str | None
    resume_id: str | None
    theme: str | None
    pdf_path: str | None
    pdf_source: str | None
    pdf_fingerprint: str | None
    pdf_generated_at: datetime | None
    pdf_freshness: str = "missing"
    pipeline_run_id: str | None
    current_stage: str | None
    outcome: str | None
    discovered_at: datetime
    processed_at: datetime | None
    ready_at: datetime | None
    applied_at: datetime | None
    updated_at: datetime
    version: int

    @field_validator("selected_project_ids", mode="before")
    @classmethod
    def _project_list(cls, value: str | list[str] | None) -> list[str]:
        return parse_project_ids(value)

    @field_validator("edited_fields", mode="before")
    @classmethod
    def _wire_names(cls, value: list[str]) -> list[str]:
        return edited_names(value)


def edited_names(columns: list[str]) -> list[str]:
    """Column names as the API spells them: ``tailored_summary`` -> ``tailoredSummary``."""
    return [to_camel(c) for c in columns]


class JobEventPublic(CamelModel):
    id: int
    job_id: str
    from_status: str | None
    to_status: str
    actor: str
    reason: str | None
    request_id: str | None
    pipeline_run_id: str | None
    flow_run_id: str | None
    at: datetime


class JobListItem(CamelModel):
    """A job in a list: everything but the long texts (GET /api/jobs/{id} has them all)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    source: str
    title: str
    employer: str
    job_url: str
    location: str | None
    salary: str | None
    deadline: str | None
    status: JobStatus
    suitability_score: int | None
    score_error: str | None
    applied_match_job_id: str | None
    theme: str | None
    pdf_freshness: str = "missing"
    current_stage: str | None
    outcome: str | None
    discovered_at: datetime
    ready_at: datetime | None
    applied_at: datetime | None
    updated_at: datetime
    version: int


class JobList(CamelModel):
    jobs: list[JobListItem]
    total: int
    by_status: dict[str, int] = PydanticField(
        default_factory=dict, description="Jobs per status under the same filters, status aside."
    )


SortKey = Literal["score", "discoveredAt", "readyAt", "appliedAt"]


class JobQuery(CamelInput):
    """Filters, sort and page for ``GET /api/jobs``."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True)

    status: str | None = PydanticField(None, max_length=200, description="e.g. ready,applied")
    source: str | None = PydanticField(None, max_length=500, description="e.g. greenhouse,file")
    q: str | None = PydanticField(
        None, max_length=200, description="Text in title, employer or location"
    )
    min_score: int | None = PydanticField(None, ge=0, le=100)
    discovered_from: datetime | None = None
    discovered_to: datetime | None = None
    ready_from: datetime | None = None
    ready_to: datetime | None = None
    applied_from: datetime | None = None
    applied_to: datetime | None = None
    sort: SortKey = "discoveredAt"
    order: Literal["asc", "desc"] = "desc"
    limit: int = PydanticField(50, ge=1, le=500)
    offset: int = PydanticField(0, ge=0, le=1_000_000)

    @field_validator(
        "discovered_from", "discovered_to", "ready_from", "ready_to", "applied_from", "applied_to"
    )
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    def statuses(self) -> list[JobStatus]:
        if not self.status:
            return []
        try:
            return [JobStatus(v.strip()) for v in self.status.split(",") if v.strip()]
        except ValueError as exc:
            raise ValueError(f"unknown status in {self.status!r}") from exc

    def sources(self) -> list[str]:
        return [v.strip() for v in (self.source or "").split(",") if v.strip()]


TAILORED_FIELDS = (
    "tailored_summary",
    "tailored_headline",
    "tailored_skills",
    "selected_project_ids",
)
MAX_JD_CHARS = 40_000


class JobUpdate(CamelInput):
    """``PATCH /api/jobs/{id}``: every field optional; only the fields sent are applied."""

    title: str | None = PydanticField(None, min_length=1, max_length=500)
    employer: str | None = PydanticField(None, min_length=1, max_length=500)
    job_url: str | None = PydanticField(None, min_length=1, max_length=2000)
    application_link: str | None = PydanticField(None, max_length=2000)
    location: str | None = PydanticField(None, max_length=200)
    salary: str | None = PydanticField(None, max_length=200)
    deadline: str | None = PydanticField(None, max_length=100)
    job_description: str | None = PydanticField(None, max_length=MAX_JD_CHARS)
    status: JobStatus | None = None
    tailored_summary: str | None = PydanticField(None, max_length=5000)
    tailored_headline: str | None = PydanticField(None, max_length=300)
    tailored_skills: list[SkillGroup] | None = PydanticField(None, max_length=40)
    selected_project_ids: str | list[str] | None = None
    theme: str | None = PydanticField(
        None, max_length=60, description="A resume theme; null = default"
    )
    resume_id: str | None = PydanticField(
        None, max_length=64, description="Base resume; null = default"
    )

    @field_validator("title", "employer", "job_url")
    @classmethod
    def _required_when_sent(cls, value: str | None) -> str:
        if value is None or not value.strip():
            raise ValueError("may not be empty or null")
        return value.strip()

    @field_validator("status", mode="before")
    @classmethod
    def _patchable(cls, value: Any) -> Any:
        """Only the statuses a PATCH may set; the error names them (and where the others come
        from) rather than listing every status."""
        allowed = ", ".join(sorted(PATCHABLE_STATUSES))
        if value is None:
            raise ValueError(f"may not be null; one of {allowed}")
        if not isinstance(value, str) or value not in {s.value for s in PATCHABLE_STATUSES}:
            hint = (
                "; a job becomes processing and ready through POST /api/jobs/{id}/process or "
                "/generate-pdf"
                if value in (JobStatus.PROCESSING.value, JobStatus.READY.value)
                else ""
            )
            raise ValueError(f"{value!r} cannot be set by a PATCH; one of {allowed}{hint}")
        return value

    @field_validator("selected_project_ids")
    @classmethod
    def _csv(cls, value: str | list[str] | None) -> str | None:
        ids = parse_project_ids(value)
        if any(len(i) > 100 for i in ids) or len(ids) > 50:
            raise ValueError("at most 50 project ids of at most 100 characters each")
        return ",".join(ids) if ids else None
