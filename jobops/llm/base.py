"""What every LLM provider takes and returns. Requests carry only minimised data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from jobops.models import LlmCallBase
from jobops.resume.model import Resume, SkillGroup

#: One call to a provider, as recorded (tokens, duration, error): the llm_call table's fields.
LLMCall = LlmCallBase


class JobBrief(BaseModel):
    """The job fields an LLM sees: listing text only, description stripped of markup and capped."""

    title: str
    employer: str
    location: str = ""
    salary: str = ""
    description: str = ""


class ProfileProject(BaseModel):
    id: str
    name: str
    description: str = ""
    keywords: list[str] = Field(default_factory=list)


class ProfileRole(BaseModel):
    position: str
    highlights: list[str] = Field(default_factory=list)


class Profile(BaseModel):
    """A resume without identity: no name, email, phone, address, URLs or employer names."""

    headline: str = ""
    summary: str = ""
    skills: list[SkillGroup] = Field(default_factory=list)
    roles: list[ProfileRole] = Field(default_factory=list)
    projects: list[ProfileProject] = Field(default_factory=list)


class RoleBrief(BaseModel):
    """A neutral digest of the posting, produced with the score."""

    role_summary: str = Field("", max_length=600)
    they_want: list[str] = Field(default_factory=list, max_length=12)
    practical_details: list[str] = Field(default_factory=list, max_length=12)


class ScoreResult(BaseModel):
    score: int = Field(ge=0, le=100)
    reason: str = Field(min_length=1, max_length=1000)
    matched_skills: list[str] = Field(default_factory=list, max_length=60)
    missing_skills: list[str] = Field(default_factory=list, max_length=60)
    brief: RoleBrief | None = None


class LocalScoreResult(ScoreResult):
    """A score computed on this machine, with how it was reached (``scoreDetails.relevance``).
    Never an LLM's reply: the field is not in the schema an LLM is asked to fill."""

    details: dict[str, Any] = Field(default_factory=dict)


class TailorRequest(BaseModel):
    resume: Resume
    job: JobBrief
    max_projects: int = 3
    summary_max_words: int = 90
    always_include_projects: list[str] = Field(default_factory=list)


class TailorResult(BaseModel):
    headline: str = Field(max_length=300)
    summary: str = Field(max_length=5000)
    skills: list[SkillGroup] = Field(max_length=40)
    selected_project_ids: list[str] = Field(max_length=50)


class ChatTurn(BaseModel):
    role: str  # user | assistant
    content: str


class GhostwriterPrompt(BaseModel):
    """What Ghostwriter sees: the job, a minimised profile, the tailored fields, chosen notes,
    and the conversation so far (the user's new message last)."""

    job: JobBrief
    profile: Profile
    tailored_headline: str = ""
    tailored_summary: str = ""
    matched_skills: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    history: list[ChatTurn] = Field(default_factory=list)


class LLMClient(Protocol):
    """A provider that scores jobs against a profile and tailors a resume to a job."""

    provider: str
    model: str

    def score(self, profile: Profile, job: JobBrief) -> ScoreResult: ...

    def tailor(self, request: TailorRequest) -> TailorResult: ...

    def ghostwrite(self, prompt: GhostwriterPrompt) -> Iterator[str]:
        """The reply, chunk by chunk, as the provider produces it."""
        ...


@runtime_checkable
class ResumeScorer(Protocol):
    """A provider that runs on this machine and may read the whole resume, not only the
    minimised profile (nothing it reads leaves the process)."""

    def score_resume(self, resume: Resume, job: JobBrief) -> ScoreResult: ...
