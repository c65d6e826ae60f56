"""The offline provider: deterministic scoring and tailoring from keyword overlap.

It needs no network and no model, so ``make demo`` works anywhere; it is also an honest baseline.
It never invents a skill: every keyword it outputs comes from the base resume.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jobops.llm.base import (
    GhostwriterPrompt,
    JobBrief,
    Profile,
    ScoreResult,
    TailorRequest,
    TailorResult,
)
from jobops.resume.model import SkillGroup
from jobops.skills import VOCABULARY, same_skill, terms_in

_STOPWORDS = frozenset(
    "a an and the of for to in on with at by or senior junior lead staff principal mid level"
    " i ii iii remote hybrid".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9+#]*", text.casefold()) if w not in _STOPWORDS}


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


class OfflineLLM:
    provider = "offline"

    def __init__(self, model: str = "offline-heuristic-v1") -> None:
        self.model = model

    # ---------------------------------------------------------------------------------- scoring

    def score(self, profile: Profile, job: JobBrief) -> ScoreResult:
        text = f"{job.title}\n{job.description}"
        claimed = [k for group in profile.skills for k in group.keywords]
        claimed += [k for p in profile.projects for k in p.keywords]
        matched = terms_in(text, claimed)
        missing = [
            term
            for term in terms_in(text, VOCABULARY)
            if not any(same_skill(term, have) for have in claimed)
        ]
        coverage = len(matched) / (len(matched) + len(missing)) if matched or missing else 0.0
        depth = min(1.0, len(matched) / 6)  # one or two shared buzzwords is not a fit
        role_words = _words(profile.headline) | {
            w for r in profile.roles for w in _words(r.position)
        }
        title_words = _words(job.title)
        title_fit = len(title_words & role_words) / len(title_words) if title_words else 0.0
        score = round(100 * (0.7 * coverage * depth + 0.3 * title_fit))

        if matched:
            shown = _join(matched[:6]) + (" and more" if len(matched) > 6 else "")
            noun = "skill" if len(matched) == 1 else "skills"
            reason = f"The resume covers {len(matched)} {noun} this posting asks for ({shown})."
        else:
            reason = "The posting asks for none of the skills on the resume."
        if missing:
            reason += f" Missing: {_join(missing[:5])}."
        return ScoreResult(
            score=max(0, min(100, score)),
            reason=reason,
            matched_skills=matched,
            missing_skills=missing,
        )

    # -------------------------------------------------------------------------------- tailoring

    def tailor(self, request: TailorRequest) -> TailorResult:
        resume, job = request.resume, request.job
        text = f"{job.title}\n{job.description}"

        skills: list[tuple[int, int, SkillGroup]] = []
        matched_all: list[str] = []
        for index, group in enumerate(resume.skills):
            hits = terms_in(text, group.keywords)
            matched_all += hits
            ordered = hits + [k for k in group.keywords if k not in hits]
            skills.append((-len(hits), index, SkillGroup(name=group.name, keywords=ordered)))
        skills.sort(key=lambda item: (item[0], item[1]))

        ranked = sorted(
            enumerate(resume.projects),
            key=lambda item: (
                -(
                    len(terms_in(text, item[1].keywords))
                    + 0.5 * len(_words(item[1].name) & _words(text))
                ),
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

    @staticmethod
    def _summary(request: TailorRequest, matched: list[str]) -> str:
        job, cap = request.job, request.summary_max_words
        closing = ""
        if matched:
            closing = (
                f"Brings hands-on experience with {_join(matched[:4])} to the "
                f"{job.title.strip()} role at {job.employer.strip()}."
            )
        budget = cap - len(closing.split())
        sentences = re.split(r"(?<=[.!?])\s+", request.resume.summary.replace("\n", " ").strip())
        opening: list[str] = []
        for sentence in sentences:
            if sentence and len(" ".join([*opening, sentence]).split()) <= budget:
                opening.append(sentence)
            else:
                break
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
