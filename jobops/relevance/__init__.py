"""Local relevance: how well a resume fits a posting, with no network and no model download.

:class:`RelevanceModel` (``model.py``) scores; :func:`resume_text` is a resume as it reads it.
See ``model.py`` for the signals. Pure: the only I/O is reading the bundled data.
"""

from __future__ import annotations

from jobops.relevance.model import (
    MODEL_NAME,
    PostingText,
    Relevance,
    RelevanceModel,
    ResumeText,
    calibrate,
    default_model,
    level_of,
    relevance_model,
)
from jobops.resume.model import Resume

__all__ = [
    "MODEL_NAME",
    "PostingText",
    "Relevance",
    "RelevanceModel",
    "ResumeText",
    "calibrate",
    "default_model",
    "level_of",
    "relevance_model",
    "resume_text",
]


def resume_text(resume: Resume) -> ResumeText:
    """Every section of the resume that says what its owner does and knows."""
    highlights = [h for e in resume.experience for h in (e.summary, *e.highlights) if h]
    highlights += [h for v in resume.volunteering for h in (v.position, v.summary, *v.highlights)]
    projects = [
        " ".join([p.name, p.description, p.summary, ", ".join(p.keywords)]) for p in resume.projects
    ]
    education = [" ".join([e.study_type, e.area]) for e in resume.education]
    other = [c.name for c in resume.certifications]
    other += [f"{a.title} {a.summary}" for a in resume.awards]
    other += [f"{p.name} {p.summary}" for p in resume.publications]
    other += [
        f"{item.name} {item.description} {item.summary} {', '.join(item.keywords)}"
        for section in resume.custom_sections
        for item in section.items
    ]
    return ResumeText(
        headline=resume.basics.headline,
        titles=tuple(e.position for e in resume.experience if e.position),
        summary=resume.summary,
        highlights=tuple(highlights),
        skills=tuple(resume.all_skill_keywords()) + tuple(c.name for c in resume.certifications),
        projects=tuple(projects),
        education=tuple(e.strip() for e in education if e.strip()),
        other=tuple(o.strip() for o in other if o.strip()),
    )
