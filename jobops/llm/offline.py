"""The offline provider: scoring and tailoring with the local relevance model.

It needs no network and no model download, so ``make demo`` works anywhere; see
:mod:`jobops.relevance` for how a score is made. It never invents a skill: every keyword it
outputs comes from the base resume, and every summary sentence from the base summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jobops.llm.base import (
    GhostwriterPrompt,
    JobBrief,
    LocalScoreResult,
    Profile,
    ScoreResult,
    TailorRequest,
    TailorResult,
)
from jobops.relevance import (
    MODEL_NAME,
    PostingText,
    Relevance,
    RelevanceModel,
    ResumeText,
    default_model,
    resume_text,
)
from jobops.relevance.text import content_stems
from jobops.resume.model import Resume, SkillGroup
from jobops.skills import EVERYDAY_NAMES, terms_in

_EVERYDAY = {n.casefold() for n in EVERYDAY_NAMES}


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def profile_text(profile: Profile) -> ResumeText:
    """The minimised profile (what an LLM would see) as the relevance model reads it."""
    claimed = [k for g in profile.skills for k in g.keywords]
    claimed += [k for p in profile.projects for k in p.keywords]
    return ResumeText(
        headline=profile.headline,
        titles=tuple(r.position for r in profile.roles if r.position),
        summary=profile.summary,
        highlights=tuple(h for r in profile.roles for h in r.highlights),
        skills=tuple(dict.fromkeys(claimed)),
        projects=tuple(
            " ".join([p.name, p.description, ", ".join(p.keywords)]) for p in profile.projects
        ),
    )


def posting_text(job: JobBrief) -> PostingText:
    return PostingText(title=job.title, description=job.description)


def local_score(relevance: Relevance) -> LocalScoreResult:
    """A relevance result as a provider's score, explained."""
    return LocalScoreResult(
        score=relevance.score,
        reason=relevance.reason(),
        matched_skills=relevance.matched[:60],
        missing_skills=relevance.missing[:60],
        details=relevance.details(),
    )


def skills_asked(text: str, keywords: list[str]) -> list[str]:
    """The resume keywords a posting asks for: named as written (``jobops.skills`` rules, so
    "Go" and "Excel" count only where meant), or, for a phrase such as "Medication
    administration", every one of its words used in the posting ("administer medications")."""
    named = terms_in(text, keywords)
    posting = set(content_stems(text))
    for keyword in keywords:
        words = content_stems(keyword)
        phrase = len(words) >= 2 and keyword.casefold() not in _EVERYDAY
        if keyword not in named and phrase and set(words) <= posting:
            named.append(keyword)
    return named


class OfflineLLM:
    provider = "offline"

    def __init__(self, model: str | None = None, relevance: RelevanceModel | None = None) -> None:
        self._relevance = relevance
        self.model = model or (relevance.name if relevance else MODEL_NAME)

    @property
    def relevance(self) -> RelevanceModel:
        return self._relevance or default_model()

    # ---------------------------------------------------------------------------------- scoring

    def score(self, profile: Profile, job: JobBrief) -> ScoreResult:
        return self._score(profile_text(profile), job)

    def score_resume(self, resume: Resume, job: JobBrief) -> ScoreResult:
        """The whole resume (education and certifications too): it stays on this machine."""
        return self._score(resume_text(resume), job)

    def _score(self, text: ResumeText, job: JobBrief) -> ScoreResult:
        return local_score(self.relevance.score(text, posting_text(job)))

    # -------------------------------------------------------------------------------- tailoring

    def tailor(self, request: TailorRequest) -> TailorResult:
        resume, job = request.resume, request.job
        text = f"{job.title}\n{job.description}"

        skills: list[tuple[int, int, SkillGroup]] = []
        matched_all: list[str] = []
        for index, group in enumerate(resume.skills):
            hits = skills_asked(text, group.keywords)
            matched_all += hits
            ordered = hits + [k for k in group.keywords if k not in hits]
            skills.append((-len(hits), index, SkillGroup(name=group.name, keywords=ordered)))
        skills.sort(key=lambda item: (item[0], item[1]))

        relevance = self.relevance.rank(
            text,
            [
                " ".join([p.name, p.description, p.summary, ", ".join(p.keywords)])
                for p in resume.projects
            ],
        )
        ranked = sorted(
            enumerate(resume.projects),
            key=lambda item: (
                -(len(terms_in(text, item[1].keywords)) + 5 * relevance[item[0]]),
                item[0],
            ),
        )
        known = {p.id for p in resume.projects}
        pinned = [i for i in request.always_include_projects if i in known]
        ranked_ids = [p.id for _, p in ranked if p.visible and p.id not in pinned]
        picks = pinned + ranked_ids[: max(0, request.max_projects - len(pinned))]

        return TailorResult(
            headline=job.title.strip(),
            summary=self._summary(request, matched_all),
            skills=[group for _, _, group in skills],
            selected_project_ids=picks,
        )

    def _summary(self, request: TailorRequest, matched: list[str]) -> str:
        """The base summary's opening sentence, then its sentences most relevant to the
        posting (in their own order) as the word cap allows, then a closing line naming the
        matched skills."""
        job, cap = request.job, request.summary_max_words
        closing = ""
        if matched:
            closing = (
                f"Brings hands-on experience with {_join(matched[:4])} to the "
                f"{job.title.strip()} role at {job.employer.strip()}."
            )
        budget = cap - len(closing.split())
        summary_text = request.resume.summary.replace("\n", " ").strip()
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", summary_text) if s]
        scores = self.relevance.rank(f"{job.title}\n{job.description}", sentences)
        order = [0, *sorted(range(1, len(sentences)), key=lambda i: (-scores[i], i))]
        chosen: set[int] = set()
        used = 0
        for i in order[: len(sentences)]:
            size = len(sentences[i].split())
            if used + size <= budget:
                chosen.add(i)
                used += size
            elif i == 0:
                break  # the opening does not fit: a summary never starts mid-story
        opening = [sentences[i] for i in sorted(chosen)]
        summary = " ".join([*opening, closing]).strip()
        words = summary.split()
        return " ".join(words[:cap]) if len(words) > cap else summary

    # ------------------------------------------------------------------------------ ghostwriter

    def ghostwrite(self, prompt: GhostwriterPrompt) -> Iterator[str]:
        """A short, deterministic cover-letter draft built from the matched skills."""
        job = prompt.job
        skills = prompt.matched_skills or terms_in(
            f"{job.title}\n{job.description}",
            [k for g in prompt.profile.skills for k in g.keywords],
        )
        role = prompt.tailored_headline or job.title
        lines = [
            "Dear Hiring Team,",
            "",
            f"I am applying for the {role} role at {job.employer}.",
        ]
        if skills:
            lines.append(
                f"The role asks for {_join(skills[:5])}, which is the work I have been doing "
                "day to day."
            )
        if prompt.tailored_summary:
            lines += ["", prompt.tailored_summary]
        if prompt.notes:
            lines += ["", f"A point I want to add: {prompt.notes[0][:300]}"]
        lines += [
            "",
            "I would welcome the chance to talk about how I can help.",
            "",
            "Kind regards",
        ]
        text = "\n".join(lines)
        for start in range(0, len(text), 48):
            yield text[start : start + 48]
