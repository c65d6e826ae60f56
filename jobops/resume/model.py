"""The internal resume model every importer produces and every consumer reads.

Stored as JSON with snake_case keys (``model_dump()``); the API shows the same document in
camelCase (``model_dump(by_alias=True)``, which FastAPI does for a response model). Both spellings
are read back.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="ignore", alias_generator=to_camel, validate_by_name=True, validate_by_alias=True
    )


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
    #: Reactive Resume's custom header fields ("Born: 1994", a link): printed with the contacts.
    custom_fields: list[Link] = Field(default_factory=list)


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


class Award(_Model):
    title: str
    awarder: str = ""
    date: str = ""
    summary: str = ""


class Publication(_Model):
    name: str
    publisher: str = ""
    date: str = ""
    url: str = ""
    summary: str = ""


class Volunteering(_Model):
    organization: str
    position: str = ""
    location: str = ""
    date: str = ""
    summary: str = ""
    highlights: list[str] = Field(default_factory=list)


class Interest(_Model):
    name: str
    keywords: list[str] = Field(default_factory=list)


class CustomItem(_Model):
    """An entry of a section the resume format lets users name themselves (Reactive Resume v4's
    ``sections.custom``): every field is optional there."""

    name: str = ""
    description: str = ""
    date: str = ""
    location: str = ""
    summary: str = ""
    keywords: list[str] = Field(default_factory=list)
    url: str = ""


class CustomSection(_Model):
    title: str
    items: list[CustomItem] = Field(default_factory=list)


class Skipped(_Model):
    """A part of the source document the import left out, and why: hidden there, or a kind
    jobops does not print (references, a cover letter, the photo). ``items`` is 0 for a part
    that is not a list (the photo, the summary)."""

    section: str
    items: int = 0
    reason: str


class Resume(_Model):
    basics: Basics
    summary: str = ""
    experience: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[SkillGroup] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    volunteering: list[Volunteering] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    custom_sections: list[CustomSection] = Field(default_factory=list)
    #: What the import left out (never printed): kept with the resume so a user can check it.
    skipped: list[Skipped] = Field(default_factory=list)

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
