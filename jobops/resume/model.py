"""The internal resume model every importer produces and every consumer reads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Link(_Model):
    label: str = ""
    url: str = ""


class Basics(_Model):
    name: str
    headline: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    website: Link | None = None
    profiles: list[Link] = Field(default_factory=list)


class Experience(_Model):
    company: str
    position: str = ""
    location: str = ""
    date: str = ""
    summary: str = ""
    highlights: list[str] = Field(default_factory=list)


class Education(_Model):
    institution: str
    study_type: str = ""
    area: str = ""
    date: str = ""
    score: str = ""


class SkillGroup(_Model):
    name: str
    keywords: list[str] = Field(default_factory=list)


class Project(_Model):
    id: str
    name: str
    description: str = ""
    date: str = ""
    summary: str = ""
    keywords: list[str] = Field(default_factory=list)
    url: str = ""
    visible: bool = True


class Certification(_Model):
    name: str
    issuer: str = ""
    date: str = ""


class Language(_Model):
    name: str
    level: str = ""


class Resume(_Model):
    basics: Basics
    summary: str = ""
    experience: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[SkillGroup] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)

    def project_ids(self) -> list[str]:
        return [p.id for p in self.projects]

    def all_skill_keywords(self) -> list[str]:
        """Every skill the resume claims: skill groups first, then project keywords."""
        seen: dict[str, str] = {}
        for group in self.skills:
            for keyword in group.keywords:
                seen.setdefault(keyword.casefold(), keyword)
        for project in self.projects:
            for keyword in project.keywords:
                seen.setdefault(keyword.casefold(), keyword)
        return list(seen.values())
