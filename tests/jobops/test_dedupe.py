from __future__ import annotations

from datetime import timedelta

import pytest

from jobops import clock, repo
from jobops.db import Database
from jobops.dedupe import canonical_url, employer_key, same_title
from jobops.lifecycle import JobStatus
from tests.factories import add_job, listing


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://www.Example.test/jobs/1/?utm_source=x&utm_medium=y",
            "https://example.test/jobs/1",
        ),
        ("http://example.test/jobs/1#apply", "https://example.test/jobs/1"),
        ("https://example.test/jobs?id=5&gh_src=abc&ref=li", "https://example.test/jobs?id=5"),
        ("https://example.test/jobs?b=2&a=1", "https://example.test/jobs?a=1&b=2"),
        ("https://example.test:8443//a//b/", "https://example.test:8443/a/b"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_employer_and_title_keys() -> None:
    assert employer_key("Acme Corp., Inc.") == employer_key("ACME corp") == "acme"
    assert employer_key("Zürich Café AG") == "zurichcafe"
    assert employer_key("Procter & Gamble") == "procterandgamble"
    assert same_title("Senior Backend Engineer", "Senior Backend Engineer (m/f/d)")
    assert same_title("Sr. Backend Engineer", "SR BACKEND ENGINEER - Remote")
    assert same_title("Senior Backend Enginer", "Senior Backend Engineer")  # a typo
    assert not same_title("Backend Engineer", "Frontend Engineer")
    assert not same_title("Backend Engineer, Payments", "Backend Engineer, Platform")
    assert not same_title("Backend Engineer II", "Backend Engineer III")


def test_import_recognises_every_kind_of_duplicate(db: Database) -> None:
    first = add_job(
        db,
        jobUrl="https://board.test/jobs/1",
        source="greenhouse",
        sourceJobId="g1",
        title="Senior Backend Engineer",
        employer="Northwind Analytics",
    )
    repeats = [
        listing(jobUrl="https://board.test/jobs/1/?utm_campaign=x", source="rss"),  # same URL
        listing(
            jobUrl="https://board.test/other", source="greenhouse", sourceJobId="g1"
        ),  # board id
        listing(
            jobUrl="https://jobs.lever.test/n/abc",
            source="lever",
            title="Senior Backend Engineer",
            employer="Northwind Analytics Ltd",
        ),  # fuzzy, another source
    ]
    with db.session() as session:
        result = repo.insert_listings(session, repeats)
    assert result.new_ids == [] and result.duplicates == 3 and result.merged == 1
    with db.session() as session:
        kept = repo.get_job(session, first.id)
    assert kept.alternate_urls == ["https://board.test/other", "https://jobs.lever.test/n/abc"]


def test_same_title_on_the_same_source_is_two_jobs(db: Database) -> None:
    """Two openings with one title on one board are real, separate jobs."""
    add_job(db, source="greenhouse", title="Software Engineer", employer="Acme")
    with db.session() as session:
        result = repo.insert_listings(
            session, [listing(source="greenhouse", title="Software Engineer", employer="Acme")]
        )
    assert len(result.new_ids) == 1


def test_a_job_like_one_applied_to_recently_is_flagged(db: Database) -> None:
    applied = add_job(db, title="Data Engineer", employer="Globex", source="lever")
    old = add_job(db, title="Platform Engineer", employer="Globex", source="lever")
    with db.session() as session:
        repo.transition_job(session, applied.id, JobStatus.APPLIED, actor="t")
        repo.transition_job(session, old.id, JobStatus.APPLIED, actor="t")
        repo.update_job_fields(
            session,
            repo.get_job(session, old.id),
            {"applied_at": clock.now() - timedelta(days=45)},
        )
        # re-posted on the same board (another URL): a new job, flagged when applied within 30 days
        result = repo.insert_listings(
            session,
            [
                listing(title="Data Engineer II", employer="Globex Inc", source="lever"),
                listing(title="Platform Engineer", employer="Globex", source="lever"),
            ],
        )
        new = [repo.get_job(session, i) for i in result.new_ids]
    assert [j.applied_match_job_id for j in new] == [applied.id, None]
