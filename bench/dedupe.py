"""Duplicate detection at scale: 100,000 listings, 10% of them duplicates in disguise.

Each duplicate repeats an original with the changes real boards make: tracking parameters on the
URL, a legal suffix or punctuation on the employer, another source, case and punctuation on the
title. The listings are imported through the real repository (SQLite file, one transaction per
batch); precision and recall are read back from what got stored.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from jobops import repo
from jobops.db import Database
from jobops.models import Job
from jobops.sources.base import Listing

ROLES = [
    "Backend Engineer",
    "Data Engineer",
    "Frontend Developer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Machine Learning Engineer",
    "Product Designer",
    "Data Analyst",
    "Engineering Manager",
    "QA Engineer",
    "Security Engineer",
    "iOS Developer",
]
LEVELS = ["", "Senior ", "Staff ", "Junior ", "Lead ", "Principal "]
TEAMS = ["", ", Payments", ", Growth", ", Platform", ", Search", " (Python)", " (Go)", ", Risk"]
SUFFIXES = [" Inc.", " Ltd", " GmbH", ", LLC", " Corp.", " AG"]
SOURCES = ["greenhouse", "lever", "ashby", "rss"]


def _originals(n: int, rng: random.Random) -> list[Listing]:
    employers = [
        f"Company {i:05d} {rng.choice(['Labs', 'Systems', 'Analytics', 'Health', 'Data'])}"
        for i in range(n // 8)
    ]
    out = []
    for i in range(n):
        title = f"{rng.choice(LEVELS)}{rng.choice(ROLES)}{rng.choice(TEAMS)} {i % 97}"
        out.append(
            Listing(
                source=rng.choice(SOURCES),
                source_job_id=f"o{i}",
                title=title,
                employer=rng.choice(employers),
                job_url=f"https://jobs.example.test/{i}/{title.lower().replace(' ', '-')}",
            )
        )
    return out


def _disguise(original: Listing, i: int, rng: random.Random) -> Listing:
    kind = i % 3
    if kind == 0:  # the same posting, URL with tracking parameters
        return original.model_copy(
            update={
                "job_url": f"{original.job_url}?utm_source=newsletter&utm_medium=email&ref=x{i}",
                "source_job_id": f"d{i}",
                "source": rng.choice([s for s in SOURCES if s != original.source]),
            }
        )
    other = rng.choice([s for s in SOURCES if s != original.source])
    if kind == 1:  # another board, employer with a legal suffix, title in another case
        return original.model_copy(
            update={
                "job_url": f"https://other-board.test/{i}",
                "source": other,
                "source_job_id": f"d{i}",
                "employer": original.employer + rng.choice(SUFFIXES),
                "title": original.title.upper(),
            }
        )
    return original.model_copy(
        update={  # another board, punctuation noise in the title
            "job_url": f"https://aggregator.test/view/{i}",
            "source": other,
            "source_job_id": f"d{i}",
            "title": original.title.replace(" ", "  ").replace(",", " -") + ".",
        }
    )


def run(total: int = 100_000, dup_share: float = 0.10, seed: int = 42) -> dict[str, float]:
    rng = random.Random(seed)
    n_dups = int(total * dup_share)
    originals = _originals(total - n_dups, rng)
    picks = rng.sample(range(len(originals)), n_dups)
    duplicates = [_disguise(originals[p], i, rng) for i, p in enumerate(picks)]
    listings = originals + duplicates
    rng.shuffle(listings)  # a duplicate may well arrive before its original

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'dedupe.db'}")
        started = time.perf_counter()
        for start in range(0, len(listings), 1000):
            with db.session() as session:
                repo.insert_listings(session, listings[start : start + 1000])
        seconds = time.perf_counter() - started
        with db.session() as session:
            stored = set(session.exec(select(Job.job_url)).all())
        db.dispose()
    # Each duplicate pairs with its original: the pair is found when exactly one of the two was
    # stored. An original without a duplicate that was not stored was merged by mistake.
    dup_of = dict(
        zip((originals[p].job_url for p in picks), (d.job_url for d in duplicates), strict=True)
    )
    found = sum(1 for o, d in dup_of.items() if (o in stored) != (d in stored))
    missed = sum(1 for o, d in dup_of.items() if o in stored and d in stored)
    wrongly_merged = sum(
        1 for o in originals if o.job_url not in dup_of and o.job_url not in stored
    )
    wrongly_merged += sum(1 for o, d in dup_of.items() if o not in stored and d not in stored)
    precision = found / (found + wrongly_merged) if found else 0.0
    recall = found / n_dups if n_dups else 1.0
    return {
        "seconds_100k": round(seconds, 2),
        "listings": float(total),
        "duplicates": float(n_dups),
        "missed": float(missed),
        "wrongly_merged": float(wrongly_merged),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "listings_per_second": round(total / seconds, 1),
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(run(total=size))
