"""How well a resume fits a posting, as a recruiter's first read would judge it, in 0-100.

Four signals, each in 0-1, and each explained in the result:

- **title**: the posting's title against the resume's headline and positions (the most recent
  counts most): shared words, with engineer/developer/programmer as one word, and whether the
  two titles name the same occupations.
- **occupation**: which occupations each whole text reads as. Every text is projected onto
  the ~4,700 ESCO and O*NET occupations (explicit semantic analysis: each occupation is a
  weighted bag of the words its names and description use); the two projections are compared.
  This is what tells a nurse's posting from a developer's when they share only "specialist".
- **skills**: of the skill terms the posting asks for (ESCO's skills and knowledge, the tech
  terms of :mod:`jobops.skills`, and the resume's own keywords), the share the resume shows,
  weighted by how specific each term is.
- **text**: TF-IDF cosine of the two whole texts (stems and ESCO phrases; rarity from the ESCO
  and O*NET texts, not from the postings being scored, so a score does not depend on its batch).

They are combined into one figure and calibrated so that the default threshold (50) is where a
recruiter's "strong fit" starts, a plausible but partial fit lands around 25-50, and a posting
for another occupation stays under 20 (see ``bench/relevance.py`` for the measured figures).
A seniority gap (a junior resume for a head-of role, or the reverse) lowers the score.

With the optional embeddings extra (``embeddings.py``), a fifth signal, **meaning** (the cosine
of the two texts' all-MiniLM-L6-v2 embeddings), shares the occupation signal's weight.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from jobops.relevance.embeddings import MODEL_SUFFIX, Embedder, cosine
from jobops.relevance.text import (
    BREAK,
    content_stems,
    ngram_keys,
    stems,
    stems_and_words,
    title_words,
)
from jobops.relevance.vocabulary import Vocabulary, vocabulary
from jobops.skills import VOCABULARY, canonical, terms_in

MODEL_NAME = "relevance-v1"

#: Title words that name a level, not an occupation, by level (0 trainee ... 5 executive).
_LEVELS: dict[str, int] = {
    "intern": 0, "internship": 0, "trainee": 0, "apprentice": 0, "graduate": 0, "placement": 0,
    "junior": 1, "jr": 1, "entry": 1, "associate": 1, "assistant": 1,
    "senior": 3, "sr": 3, "experienced": 3,
    "lead": 4, "staff": 4, "principal": 4, "manager": 4, "architect": 4,
    "head": 5, "director": 5, "vp": 5, "chief": 5, "cto": 5, "cfo": 5,
}  # fmt: skip
_STAFF_LEVEL = re.compile(r"staff\s+(?:\w+\s+)?(?:engineer|developer|scientist|designer|architect)")
_LEVEL_NAMES = ("trainee", "junior", "mid-level", "senior", "lead", "executive")
#: Title words that say nothing about the occupation once the level is known.
_TITLE_NOISE = frozenset([*_LEVELS, "ii", "iii", "iv", "mid", "level", "band"])
#: Title words that mean the same job: one stem stands for all.
_TITLE_SYNONYMS = (
    (re.compile(r"\b(?:developers?|programmers?|swes?|devs?)\b"), "engineer"),
    (re.compile(r"\banalytics\b"), "analyst"),
)
#: A title word that covers others: a full-stack developer is a front-end and a back-end one.
_TITLE_COVERS = {"fullstack": frozenset({"frontend", "backend", "web"})}
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_YEARS = re.compile(r"\b(\d{1,2}|[a-z]+)\s*\+?\s*(?:years|yrs)\b")

_CONCEPTS_KEPT = 60
_EMBEDDED_CHARS = 1500  # MiniLM reads 256 word pieces: the opening says what the text is about
_DETAIL_CONCEPTS = 3


@dataclass(frozen=True)
class ResumeText:
    """What the model reads of a resume: all of it (nothing leaves the machine)."""

    headline: str = ""
    titles: tuple[str, ...] = ()  #: positions, most recent first
    summary: str = ""
    highlights: tuple[str, ...] = ()  #: experience bullets and summaries
    skills: tuple[str, ...] = ()  #: the skill keywords the resume claims
    projects: tuple[str, ...] = ()
    education: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  #: certifications, volunteering, awards, publications

    def full_text(self) -> str:
        parts = [self.headline, *self.titles, self.summary, *self.highlights]
        parts += [", ".join(self.skills), *self.projects, *self.education, *self.other]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class PostingText:
    title: str
    description: str = ""

    def full_text(self) -> str:
        return f"{self.title}\n{self.description}"


@dataclass(frozen=True)
class Relevance:
    """A score and why: every figure the score is made of, for ``scoreDetails``."""

    score: int
    title: float
    occupation: float
    skills: float | None  #: None when the posting names no skill term at all
    text: float
    seniority: str  #: "matches", or how the levels differ
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    best_title: str = ""  #: the resume title the posting's title was closest to
    meaning: float | None = None  #: sentence-embedding similarity, with the embeddings extra
    resume_reads_as: list[str] = field(default_factory=list)
    posting_reads_as: list[str] = field(default_factory=list)

    def details(self) -> dict[str, object]:
        return {
            "model": MODEL_NAME + ("" if self.meaning is None else MODEL_SUFFIX),
            "signals": {
                "title": round(self.title, 3),
                "occupation": round(self.occupation, 3),
                "skills": None if self.skills is None else round(self.skills, 3),
                "text": round(self.text, 3),
                **({} if self.meaning is None else {"meaning": round(self.meaning, 3)}),
            },
            "titleFit": {"closestTitle": self.best_title, "seniority": self.seniority},
            "resumeReadsAs": self.resume_reads_as,
            "postingReadsAs": self.posting_reads_as,
        }

    def reason(self) -> str:
        fit = "strong" if self.score >= 50 else "partial" if self.score >= 25 else "weak"
        parts = [f"A {fit} fit (local relevance {self.score}/100)."]
        if self.posting_reads_as:
            parts.append(f"The posting reads as {self.posting_reads_as[0]}")
            if self.resume_reads_as:
                parts[-1] += f", the resume as {self.resume_reads_as[0]}"
            parts[-1] += "."
        if self.best_title:
            parts.append(f"Closest title: {self.best_title} (title fit {self.title:.0%}).")
        if self.seniority != "matches":
            parts.append(f"Seniority: {self.seniority}.")
        if self.matched:
            shown = ", ".join(self.matched[:6]) + (" and more" if len(self.matched) > 6 else "")
            parts.append(f"Matched: {shown}.")
        if self.missing:
            parts.append(f"Missing: {', '.join(self.missing[:5])}.")
        return " ".join(parts)[:1000]


# ---------------------------------------------------------------------------------- the pieces


@dataclass(frozen=True)
class _Doc:
    weights: dict[str, float]  #: term -> tf-idf weight (stems and phrase keys)
    norm: float
    concepts: dict[int, float]  #: occupation -> weight, L2-normalised
    skill_keys: frozenset[str]  #: ESCO skill keys present
    surface: dict[str, str]  #: ESCO skill key -> how the text wrote it


def _tfidf(terms: Iterable[str], vocab: Vocabulary) -> dict[str, float]:
    counts = Counter(terms)
    return {t: (1 + math.log(n)) * vocab.weight(t) for t, n in counts.items()}


def _norm(vector: dict[str, float] | dict[int, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _cosine(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b) / (na * nb)


def _concepts(stemmed: Iterable[str], vocab: Vocabulary) -> dict[int, float]:
    weights = _tfidf((t for t in stemmed if t != BREAK), vocab)
    scores: dict[int, float] = {}
    for term, weight in weights.items():
        for concept, w in vocab.occupation_index.get(term, ()):
            scores[concept] = scores.get(concept, 0.0) + weight * w
    top = dict(sorted(scores.items(), key=lambda kv: -kv[1])[:_CONCEPTS_KEPT])
    norm = _norm(top)
    return {c: v / norm for c, v in top.items()}


def _concept_cosine(a: dict[int, float], b: dict[int, float]) -> float:
    return sum(v * b[c] for c, v in a.items() if c in b)


def _skill_keys(tokens: list[str], words: list[str], vocab: Vocabulary) -> dict[str, str]:
    """ESCO skill keys in a token stream, with the words that wrote each."""
    found: dict[str, str] = {}
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            window = tokens[start : start + size]
            if BREAK in window:
                continue
            key = " ".join(sorted(window))
            if key in vocab.skills and key not in found:
                found[key] = " ".join(words[start : start + size])
    return found


def _tokens_with_words(text: str) -> tuple[list[str], list[str]]:
    pairs = stems_and_words(text)
    return [s for s, _ in pairs], [w for _, w in pairs]


def _doc(text: str, vocab: Vocabulary, *, emphasis: str = "") -> _Doc:
    tokens, words = _tokens_with_words(text)
    lead = stems(emphasis)
    phrases = [k for k in ngram_keys(tokens) if k in vocab.skills]
    weights = _tfidf([t for t in tokens if t != BREAK] + phrases, vocab)
    surface = _skill_keys(tokens, words, vocab)
    return _Doc(
        weights=weights,
        norm=_norm(weights),
        concepts=_concepts(tokens + lead * 3, vocab),
        skill_keys=frozenset(surface),
        surface=surface,
    )


def _title_words(title: str, *, covering: bool = False) -> set[str]:
    folded = title.casefold()
    for pattern, replacement in _TITLE_SYNONYMS:
        folded = pattern.sub(replacement, folded)
    words = set(title_words(folded)) - _TITLE_NOISE
    for word, covered in _TITLE_COVERS.items():
        if covering and word in words:
            words |= covered
    return words


def _years(text: str) -> int:
    found = [
        int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 0) for n in _YEARS.findall(text.casefold())
    ]
    return max(found, default=0)


def level_of(title: str) -> int | None:
    """The level a title names (0 trainee ... 5 executive), or None when it names none."""
    folded = title.casefold()
    words = re.findall(r"[a-z]+", folded)
    found = [_LEVELS[w] for w in words if w in _LEVELS]
    if "staff" in words and not _STAFF_LEVEL.search(folded):
        found.remove(_LEVELS["staff"])  # a staff nurse is a nurse, a staff engineer a lead
    return max(found) if found else None


@dataclass(frozen=True)
class _PreparedResume:
    doc: _Doc
    #: (title, recency weight, its words, its occupations)
    titles: tuple[tuple[str, float, set[str], dict[int, float]], ...]
    level: int
    claimed: tuple[str, ...]
    skill_words: frozenset[str]
    text: str
    reads_as: list[str]
    meaning: tuple[float, ...] | None


class RelevanceModel:
    """The local relevance model. Stateless apart from its caches; safe to share."""

    def __init__(self, vocab: Vocabulary | None = None, embedder: Embedder | None = None) -> None:
        self.vocab = vocab or vocabulary()
        self.embedder = embedder
        self.name = MODEL_NAME + (MODEL_SUFFIX if embedder else "")
        # a posting is embedded once, whichever resume it is scored against (encoding is slow)
        self._embed = lru_cache(maxsize=4096)(self._embed_text)
        self._prepare = lru_cache(maxsize=32)(self._prepare_resume)

    # ------------------------------------------------------------------------------ preparing

    def _title_concepts(self, title: str) -> dict[int, float]:
        return _concepts(stems(title), self.vocab)

    def _prepare_resume(self, resume: ResumeText) -> _PreparedResume:
        text = resume.full_text()
        emphasis = "\n".join([resume.headline, *resume.titles[:2]])
        doc = _doc(text, self.vocab, emphasis=emphasis)
        titles: list[tuple[str, float, set[str], dict[int, float]]] = []
        if resume.headline:
            titles.append((resume.headline, 1.0, _title_words(resume.headline, covering=True), {}))
        for i, title in enumerate(resume.titles):
            decay = max(0.6, 1.0 - 0.1 * i)
            titles.append((title, decay, _title_words(title, covering=True), {}))
        titles = [(t, d, w, self._title_concepts(t)) for t, d, w, _ in titles if w]
        levels = [lv for t in (resume.headline, *resume.titles[:1]) if (lv := level_of(t))]
        level = max(levels) if levels else 2
        if not levels and _years(resume.summary) >= 6:
            level = 3
        return _PreparedResume(
            doc=doc,
            titles=tuple(titles),
            level=level,
            claimed=resume.skills,
            skill_words=frozenset(w for k in resume.skills for w in title_words(k)),
            text=text,
            reads_as=self._labels(doc.concepts),
            meaning=self._embed(
                "\n".join([resume.headline, *resume.titles[:3], resume.summary, *resume.skills])
            ),
        )

    def _embed_text(self, text: str) -> tuple[float, ...] | None:
        if self.embedder is None:
            return None
        return tuple(self.embedder.embed([text[:_EMBEDDED_CHARS]])[0])

    def _labels(self, concepts: dict[int, float]) -> list[str]:
        top = sorted(concepts.items(), key=lambda kv: -kv[1])[:_DETAIL_CONCEPTS]
        return [self.vocab.occupations[c] for c, _ in top]

    # -------------------------------------------------------------------------------- scoring

    def score(self, resume: ResumeText, posting: PostingText) -> Relevance:
        prepared = self._prepare(resume)
        doc = _doc(posting.full_text(), self.vocab, emphasis=posting.title)
        title, best_title = self._title_fit(prepared, posting.title)
        occupation = _concept_cosine(prepared.doc.concepts, doc.concepts)
        text = _cosine(prepared.doc.weights, prepared.doc.norm, doc.weights, doc.norm)
        skills, matched, missing = self._skills(prepared, doc, posting)
        factor, seniority = self._seniority(prepared.level, level_of(posting.title))
        meaning = None
        if prepared.meaning is not None:
            theirs = self._embed(posting.full_text())
            meaning = cosine(prepared.meaning, theirs) if theirs is not None else None
        score = calibrate(title, occupation, skills, text, meaning) * factor
        return Relevance(
            score=max(0, min(100, round(score))),
            title=title,
            occupation=occupation,
            skills=skills,
            text=text,
            seniority=seniority,
            matched=matched,
            missing=missing,
            best_title=best_title,
            meaning=meaning,
            resume_reads_as=prepared.reads_as,
            posting_reads_as=self._labels(doc.concepts),
        )

    def _title_fit(self, prepared: _PreparedResume, title: str) -> tuple[float, str]:
        words = _title_words(title)
        if not words or not prepared.titles:
            return 0.0, ""
        concepts = self._title_concepts(title)
        best, best_title = 0.0, ""
        for name, decay, theirs, their_concepts in prepared.titles:
            shared = words & theirs
            # "Python Developer (Django)": the title's skill words count where the resume has them
            skilled = (words - theirs) & prepared.skill_words
            dice = 2 * len(shared) / (len(words) + len(theirs))
            coverage = (len(shared) + 0.8 * len(skilled)) / len(words)
            overlap = max(dice, coverage) if shared else 0.5 * coverage
            same_job = _concept_cosine(concepts, their_concepts)
            fit = decay * max(overlap * (0.7 + 0.3 * same_job), 0.7 * same_job)
            if fit > best:
                best, best_title = fit, name
        return min(1.0, best), best_title

    def _skills(
        self, prepared: _PreparedResume, doc: _Doc, posting: PostingText
    ) -> tuple[float | None, list[str], list[str]]:
        text = posting.full_text()
        asked_named = terms_in(text, [*prepared.claimed, *VOCABULARY])
        have_named = {canonical(t).casefold() for t in terms_in(prepared.text, asked_named)} | {
            canonical(t).casefold() for t in prepared.claimed
        }
        matched: list[str] = []
        missing: list[str] = []
        got = total = 0.0
        covered: set[str] = set()
        for term in asked_named:
            key = canonical(term).casefold()
            weight = max(self.vocab.weight(key), self.vocab.unknown_idf)
            total += weight
            covered |= set(content_stems(term))
            if key in have_named:
                got += weight
                matched.append(term)
            else:
                missing.append(term)
        keys = sorted(doc.skill_keys, key=lambda k: (-k.count(" "), k))
        taken: set[str] = set()
        for key in keys:
            parts = set(key.split())
            if parts <= covered or any(parts <= set(t.split()) for t in taken):
                continue  # already counted as a named skill, or inside a longer phrase
            taken.add(key)
            weight = self.vocab.weight(key) * (0.5 if " " not in key else 1.0)
            total += weight
            label = doc.surface.get(key, key)
            if key in prepared.doc.skill_keys:
                got += weight
                matched.append(label)
            else:
                missing.append(label)
        if total == 0:
            return None, matched, missing
        depth = min(1.0, len(matched) / 4)
        return (got / total) ** 0.7 * (0.5 + 0.5 * depth), matched[:40], missing[:40]

    @staticmethod
    def _seniority(resume_level: int, posting_level: int | None) -> tuple[float, str]:
        if posting_level is None:
            return 1.0, "matches"
        gap = posting_level - resume_level
        said = (
            f"the posting is {_LEVEL_NAMES[posting_level]}, the resume {_LEVEL_NAMES[resume_level]}"
        )
        if gap >= 2:
            return (0.75 if gap == 2 else 0.6), said
        if gap <= -2:
            return (0.85 if gap == -2 else 0.7), said
        return 1.0, "matches"

    # ----------------------------------------------------------------------------- tailoring

    def rank(self, query: str, candidates: Sequence[str]) -> list[float]:
        """How relevant each candidate text (a project, a sentence) is to ``query`` (a posting):
        TF-IDF cosine, in candidate order."""
        target = _doc(query, self.vocab)
        out: list[float] = []
        for candidate in candidates:
            doc = _doc(candidate, self.vocab)
            out.append(_cosine(doc.weights, doc.norm, target.weights, target.norm))
        return out


def calibrate(
    title: float,
    occupation: float,
    skills: float | None,
    text: float,
    meaning: float | None = None,
) -> float:
    """The signals (each 0-1) as one 0-100 figure. Weights and knees were set by reading the
    labelled set in ``bench/relevance/``; the figures it measures are in docs/benchmarks.md.
    With embeddings, their similarity shares the occupation signal's weight."""
    occ = _ramp(occupation, 0.15, 0.75)
    if meaning is not None:
        occ = 0.5 * occ + 0.5 * _ramp(meaning, 0.25, 0.65)
    txt = _ramp(text, 0.03, 0.30)
    sk = 0.5 * txt if skills is None else skills
    fit = 0.35 * title + 0.25 * occ + 0.25 * sk + 0.15 * txt
    # a posting for another occupation: whatever words it shares, it is not a fit
    same_line = max(title, occ)
    if same_line < 0.35:
        fit *= same_line / 0.35
    return 100 * fit


def _ramp(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


@lru_cache(maxsize=1)
def default_model() -> RelevanceModel:
    return RelevanceModel()


@lru_cache(maxsize=1)
def embedding_model() -> RelevanceModel:
    """The model with the sentence-embedding signal (needs ``jobops[embeddings]``)."""
    from jobops.relevance.embeddings import minilm

    return RelevanceModel(embedder=minilm())


def relevance_model(*, embeddings: bool = False) -> RelevanceModel:
    return embedding_model() if embeddings else default_model()
