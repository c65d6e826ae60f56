from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobops import clock, repo
from jobops.db import Database
from jobops.deadlines import parse_deadline
from jobops.expiry import expire_jobs
from jobops.lifecycle import JobStatus
from jobops.settings import get_settings
from tests.factories import add_job


def test_every_demo_deadline_parses() -> None:
    from jobops.sources.file import read_feed
    from tests.conftest import DEMO_FEED

    deadlines = [listing.deadline for listing in read_feed(DEMO_FEED).listings if listing.deadline]
    assert deadlines and all(parse_deadline(d) is not None for d in deadlines), deadlines


def test_expiry_rules(db: Database) -> None:
    today = date(2026, 11, 29)
    past = add_job(db, deadline="2026-10-01")
    future = add_job(db, deadline="31 January 2027")
    unreadable = add_job(db, deadline="when filled")
    old = add_job(db)
    unlisted = add_job(db)
    applied = add_job(db, deadline="2026-01-01")
    skipped = add_job(db, deadline="2026-01-01")
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


@pytest.mark.parametrize(
    ("order", "expired"),
    [("unknown", set()), ("month-first", {"march"}), ("day-first", {"april"})],
)
def test_an_ambiguous_slash_deadline_expires_only_in_the_configured_order(
    db: Database, monkeypatch: pytest.MonkeyPatch, order: str, expired: set[str]
) -> None:
    """On 2027-03-20, "03/04/2027" is past as March 4 and open as 3 April; "04/03/2027" the
    other way round. With the order unknown neither is read, so neither expires."""
    march = add_job(db, deadline="03/04/2027")
    april = add_job(db, deadline="04/03/2027")
    plain = add_job(db, deadline="28/02/2027")  # unambiguous: expired in every order
    monkeypatch.setenv("JOBOPS_EXPIRY__SLASH_DATES", order)
    get_settings.cache_clear()
    result = expire_jobs(db, max_age_days=3650, today=date(2027, 3, 20))
    names = {march.id: "march", april.id: "april", plain.id: "plain"}
    assert {names[j] for j in result.expired} == expired | {"plain"}


def test_an_explicit_order_wins_over_the_setting(db: Database) -> None:
    job = add_job(db, deadline="03/04/2027")
    result = expire_jobs(db, max_age_days=3650, today=date(2027, 3, 20), slash_dates="month-first")
    assert set(result.expired) == {job.id}
