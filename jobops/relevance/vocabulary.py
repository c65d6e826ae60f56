"""The bundled vocabulary: skill terms from ESCO, occupations from ESCO and O*NET, word rarity.

Built by ``scripts/build_relevance_data.py``; sources and licences in ``data/SOURCES.md``. Read
once per process; reading these files is the only I/O of the relevance model.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jobops.relevance.text import content_stems
from jobops.skills import EVERYDAY_NAMES

DATA = Path(__file__).resolve().parent / "data"
#: A one-word ESCO term found in more than this share of the texts is an everyday word there.
_COMMON_WORD_SHARE = 0.01


@dataclass(frozen=True)
class SkillTerm:
    label: str  #: ESCO's preferred label
    group: str  #: the top of ESCO's skills hierarchy: S (skills), K (knowledge), L (languages)


@dataclass(frozen=True)
class Vocabulary:
    #: phrase key (sorted stems, see ``text.phrase_key``) -> the ESCO skill it names
    skills: dict[str, SkillTerm]
    #: stem or phrase key -> inverse document frequency over the ESCO and O*NET texts
    idf: dict[str, float]
    #: idf given to a word those texts never use (a product name, a typo, jargon)
    unknown_idf: float
    #: occupation labels, and stem -> [(occupation number, weight)]
    occupations: list[str]
    occupation_index: dict[str, list[tuple[int, float]]]

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)


@cache
def vocabulary() -> Vocabulary:
    with gzip.open(DATA / "idf.json.gz", "rt", encoding="utf-8") as f:
        rarity = json.load(f)
    idf: dict[str, float] = rarity["idf"]
    documents: int = rarity["documents"]
    everyday = {s for name in EVERYDAY_NAMES for s in content_stems(name)}
    common = {t for t, v in idf.items() if " " not in t and v < _idf_at(documents)}
    skills: dict[str, SkillTerm] = {}
    with gzip.open(DATA / "skills.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            key, label, group = line.rstrip("\n").split("\t")
            single = " " not in key
            if single and (key in everyday or key in common or len(key) < 3):
                continue  # Go, Excel, "management": only skills.py decides those
            skills[key] = SkillTerm(label=label, group=group)
    with gzip.open(DATA / "concepts.json.gz", "rt", encoding="utf-8") as f:
        concepts = json.load(f)
    index = {
        term: [(int(c), float(w)) for c, w in entries]
        for term, entries in concepts["index"].items()
    }
    values = sorted(idf.values())
    return Vocabulary(
        skills=skills,
        idf=idf,
        unknown_idf=values[len(values) * 3 // 4] if values else 1.0,
        occupations=list(concepts["labels"]),
        occupation_index=index,
    )


def _idf_at(documents: int) -> float:
    import math

    return math.log((documents + 1) / (documents * _COMMON_WORD_SHARE + 0.5))
