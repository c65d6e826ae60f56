"""Truthfulness guards for tailored output. Pure functions over (output, base resume, job).

Each guard finds one kind of fabrication and repairs it by dropping the offending item (a
keyword, a project id, a sentence); a field left empty falls back to the base resume. Every
repair is reported, so the caller can record what was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobops.llm.base import JobBrief, TailorResult
from jobops.resume.model import Resume, SkillGroup
from jobops.skills import VOCABULARY, same_skill

LEAK_PHRASES = (
    "as an ai",
    "as a language model",
    "here is your",
    "here's your",
    "here is the",
    "here's the",
    "i cannot",
    "i can't",
    "i'm sorry",
    "certainly!",
    "sure!",
    "tailored summary:",
)
_SENTENCE = re.compile(r"(?<=[.!?:])\s+")  # a preamble ending in ":" is a unit too
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")
_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|io|dev|org|net|co\.uk)\b", re.I)
_CAPS = r"(?:[A-Z][\w&'.-]*)(?:\s+(?:of|&|and|de|the)?\s*[A-Z][\w&'.-]*){0,3}"
_ORG_AFTER = re.compile(rf"\b(?:at|for|with|joined|from|by)\s+({_CAPS})")
_ORG_SUFFIX = re.compile(
    rf"\b({_CAPS}\s+(?:Inc|Ltd|LLC|GmbH|AG|plc|Labs|Technologies|Systems|University|College|Bank|Group))\b"
)
#: Capitalised words that are not organisations (sentence starts, roles, fields).
_GENERIC = frozenset(
    (
        "a an the i backend frontend full-stack data cloud platform software senior lead staff"
        " principal engineering engineer developer devops infrastructure product teams team"
        " systems services apis api web mobile machine learning security operations analytics"
        " reliability scale"
    ).split()
)


@dataclass
class GuardReport:
    dropped: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.dropped.append(message)


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def known_names(resume: Resume, job: JobBrief) -> list[str]:
    """Organisations, schools, projects and skills the tailored text may name."""
    names = [e.company for e in resume.experience] + [e.institution for e in resume.education]
    names += [p.name for p in resume.projects] + [c.issuer for c in resume.certifications]
    names += [v.organization for v in resume.volunteering]
    names += [a.awarder for a in resume.awards] + [a.title for a in resume.awards]
    names += [p.publisher for p in resume.publications] + [p.name for p in resume.publications]
    names += [i.name for s in resume.custom_sections for i in s.items]
    names += (
        [c.name for c in resume.certifications] + resume.all_skill_keywords() + list(VOCABULARY)
    )
    names += [job.employer, job.title]
    return [n for n in names if n]


def unknown_organisations(text: str, known: list[str]) -> list[str]:
    """Proper names used like organisations (``at X``, ``X Labs``) that ``known`` lacks."""
    folded_known = [_folded(k) for k in known]
    found: list[str] = []
    for match in [*_ORG_AFTER.finditer(text), *_ORG_SUFFIX.finditer(text)]:
        candidate = match.group(1).strip(" .,'")
        words = [
            w for w in re.split(r"\s+", candidate.casefold()) if w not in ("of", "&", "and", "the")
        ]
        if not words or all(w.strip(".,") in _GENERIC for w in words):
            continue
        c = _folded(candidate)
        if any(c in k or k in c for k in folded_known if k):
            continue
        if candidate not in found:
            found.append(candidate)
    return found


def _foreign_contacts(text: str, resume: Resume) -> list[str]:
    mine = _folded(
        " ".join(
            [
                resume.basics.email,
                resume.basics.phone,
                resume.basics.website.url if resume.basics.website else "",
                *[p.url for p in resume.basics.profiles],
                *[f.url or f.label for f in resume.basics.custom_fields],
            ]
        )
    )
    found = _EMAIL.findall(text) + _PHONE.findall(text) + _URL.findall(text)
    return [f for f in found if _folded(f) not in mine]


def own_text(resume: Resume) -> str:
    """Everything the person wrote in their base resume, folded: their words are never
    "fabricated", whatever organisations they name."""
    parts = [resume.basics.headline, resume.summary]
    for role in resume.experience:
        parts += [role.summary, *role.highlights]
    for project in resume.projects:
        parts += [project.description, project.summary]
    for volunteering in resume.volunteering:
        parts += [volunteering.summary, *volunteering.highlights]
    parts += [a.summary for a in resume.awards] + [p.summary for p in resume.publications]
    parts += [i.summary for s in resume.custom_sections for i in s.items]
    parts += [i.description for s in resume.custom_sections for i in s.items]
    return _folded(" \n ".join(p for p in parts if p))


def clean_text(
    text: str, resume: Resume, job: JobBrief, field_name: str, report: GuardReport
) -> str:
    """Drop generated sentences with LLM leak phrases, unknown organisations or foreign contact
    details. A sentence the base resume itself contains is the user's own and always kept."""
    known = known_names(resume, job)
    mine = own_text(resume)
    kept: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        if len(sentence.strip()) > 3 and _folded(sentence) in mine:
            kept.append(sentence)
            continue
        lowered = sentence.casefold()
        leak = next((p for p in LEAK_PHRASES if p in lowered), None)
        if leak:
            report.add(f"{field_name}: dropped a sentence with LLM boilerplate ({leak!r})")
            continue
        orgs = unknown_organisations(sentence, known)
        if orgs:
            report.add(
                f"{field_name}: dropped a sentence naming {', '.join(orgs)} (not in the resume)"
            )
            continue
        contacts = _foreign_contacts(sentence, resume)
        if contacts:
            report.add(f"{field_name}: dropped a sentence with contact details not in the resume")
            continue
        if sentence:
            kept.append(sentence)
    return " ".join(kept)


def guard_skills(groups: list[SkillGroup], resume: Resume, report: GuardReport) -> list[SkillGroup]:
    claimed = resume.all_skill_keywords()
    kept: list[SkillGroup] = []
    for group in groups:
        keywords: list[str] = []
        for keyword in group.keywords:
            original = next((c for c in claimed if same_skill(keyword, c)), None)
            if original is None:
                report.add(f"skills: dropped {keyword!r} (not in the base resume)")
            elif original not in keywords:
                keywords.append(original)  # the resume's own spelling
        if keywords:
            kept.append(SkillGroup(name=group.name, keywords=keywords))
    if not kept and resume.skills:
        report.add("skills: nothing valid was left; using the base resume's skills")
        return list(resume.skills)
    return kept


def guard_projects(ids: list[str], resume: Resume, report: GuardReport, *, limit: int) -> list[str]:
    known = set(resume.project_ids())
    kept: list[str] = []
    for pid in ids:
        if pid not in known:
            report.add(f"projects: dropped unknown project id {pid!r}")
        elif pid not in kept:
            kept.append(pid)
    if len(kept) > limit:
        report.add(f"projects: kept the first {limit} of {len(kept)} picks")
        kept = kept[:limit]
    return kept


def guard_tailoring(
    result: TailorResult, resume: Resume, job: JobBrief, *, max_projects: int
) -> tuple[TailorResult, GuardReport]:
    """The repaired result and what was dropped."""
    report = GuardReport()
    headline = result.headline.strip()
    if _folded(headline) != _folded(job.title):
        cleaned = clean_text(headline, resume, job, "headline", report)
        if _folded(cleaned) != _folded(job.title):
            report.add(f"headline: replaced {headline!r} with the posting's title")
        headline = job.title.strip()
    summary = clean_text(result.summary, resume, job, "summary", report)
    if not summary and result.summary.strip():
        report.add("summary: nothing valid was left; using the base resume's summary")
        summary = resume.summary
    return (
        TailorResult(
            headline=headline,
            summary=summary,
            skills=guard_skills(result.skills, resume, report),
            selected_project_ids=guard_projects(
                result.selected_project_ids, resume, report, limit=max(max_projects, 0)
            ),
        ),
        report,
    )
