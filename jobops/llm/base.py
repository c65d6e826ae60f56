"""What every LLM provider takes and returns. Requests carry only minimised data."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from jobops.resume.model import Resume, SkillGroup


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


class ScoreResult(BaseModel):
    score: int = Field(ge=0, le=100)
    reason: str = Field(min_length=1, max_length=1000)
    matched_skills: list[str] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)


class TailorRequest(BaseModel):
    resume: Resume
    job: JobBrief
    max_projects: int = 3
    summary_max_words: int = 90


class TailorResult(BaseModel):
    headline: str
    summary: str
    skills: list[SkillGroup]
    selected_project_ids: list[str]


class LLMClient(Protocol):
    """A provider that scores jobs against a profile and tailors a resume to a job."""

    provider: str
    model: str

    def score(self, profile: Profile, job: JobBrief) -> ScoreResult: ...

    def tailor(self, request: TailorRequest) -> TailorResult: ...
