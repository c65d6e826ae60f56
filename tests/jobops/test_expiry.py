from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobops import clock, repo
from jobops.db import Database
from jobops.expiry import expire_jobs, parse_deadline
from jobops.lifecycle import JobStatus
from tests.factories import add_job


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-15", date(2027, 1, 15)),
        ("2027-02-28T23:59:00Z", date(2027, 2, 28)),
        ("31 January 2027", date(2027, 1, 31)),
        ("Jan 20, 2027", date(2027, 1, 20)),
        ("March 15, 2027", date(2027, 3, 15)),
        ("9th December 2026", date(2026, 12, 9)),
        ("15.01.2027", date(2027, 1, 15)),
        ("28/02/2027", date(2027, 2, 28)),
        ("ASAP", None),
        ("", None),
        (None, None),
        ("rolling basis", None),
    ],
)
def test_parse_deadline(text: str | None, expected: date | None) -> None:
    assert parse_deadline(text) == expected


def test_every_demo_deadline_parses() -> None:
    from jobops.sources.file import read_feed
    from tests.conftest import DEMO_FEED

    deadlines = [listing.deadline for listing in read_feed(DEMO_FEED).listings if listing.deadline]
    assert deadlines and all(parse_deadline(d) is not None for d in deadlines), deadlines


def test_expiry_rules(db: Database) -> None:
    today = clock.today() + timedelta(days=9)  # the jobs are stored before their deadlines
    soon = (clock.today() + timedelta(days=4)).isoformat()
    past = add_job(db, deadline=soon)
    future = add_job(db, deadline=(today + timedelta(days=60)).strftime("%d %B %Y"))
    unreadable = add_job(db, deadline="when filled")
    old = add_job(db)
    unlisted = add_job(db)
    applied = add_job(db, deadline=soon)
    skipped = add_job(db, deadline=soon)
    with db.session() as session:
        repo.update_job_fields(
            session,
            repo.get_job(session, old.id),
            {"discovered_at": clock.now() - timedelta(days=90)},
        )
        repo.transition_job(session, applied.id, JobStatus.APPLIED, actor="t")
        repo.transition_job(session, skipped.id, JobStatus.SKIPPED, actor="t")

    result = expire_jobs(
        db, max_age_days=60, today=today, unseen=lambda _jobs: {unlisted.id, applied.id}
    )
    assert set(result.expired) == {past.id, old.id, unlisted.id}
    assert "deadline passed" in result.expired[past.id]
    assert "no longer listed" in result.expired[unlisted.id]
    assert "60 days" in result.expired[old.id]
    with db.session() as session:
        statuses = {
            j: repo.get_job(session, j).status
            for j in (future.id, unreadable.id, applied.id, skipped.id, past.id)
        }
        event = repo.job_events(session, past.id)[-1]
    assert statuses == {
        future.id: "discovered",
        unreadable.id: "discovered",
        applied.id: "applied",
        skipped.id: "skipped",
        past.id: "expired",
    }
    assert event.actor == "expiry"
    assert "deadline passed" in (event.reason or "")
    with db.session() as session:
        reasons = {j: repo.get_job(session, j).expiry_reason for j in result.expired}
    assert reasons == {past.id: "deadline", old.id: "age", unlisted.id: "unlisted"}
