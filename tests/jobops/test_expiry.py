from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobops import clock, repo
from jobops.db import Database
from jobops.deadlines import SlashDates, parse_deadline
from jobops.expiry import expire_by_settings, expire_jobs
from jobops.lifecycle import JobStatus
from jobops.settings import get_settings
from tests.factories import add_job


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


@pytest.mark.parametrize(
    ("order", "expired"),
    [("unknown", set()), ("month-first", {"march"}), ("day-first", {"april"})],
)
def test_an_ambiguous_slash_deadline_expires_only_in_the_given_order(
    db: Database, order: SlashDates, expired: set[str]
) -> None:
    """On 2027-03-20, "03/04/2027" is past as March 4 and open as 3 April; "04/03/2027" the
    other way round. With the order unknown neither is read, so neither expires."""
    march = add_job(db, deadline="03/04/2027")
    april = add_job(db, deadline="04/03/2027")
    plain = add_job(db, deadline="28/02/2027")  # unambiguous: expired in every order
    result = expire_jobs(db, max_age_days=3650, today=date(2027, 3, 20), slash_dates=order)
    names = {march.id: "march", april.id: "april", plain.id: "plain"}
    assert {names[j] for j in result.expired} == expired | {"plain"}


@pytest.mark.usefixtures("settings")
def test_the_configured_order_is_used(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    job = add_job(db, deadline="03/04/2027")
    monkeypatch.setenv("JOBOPS_EXPIRY__MAX_AGE_DAYS", "3650")
    get_settings.cache_clear()
    with clock.pinned(datetime(2027, 3, 20, tzinfo=UTC)):
        assert expire_by_settings(db, get_settings()).expired == {}
        monkeypatch.setenv("JOBOPS_EXPIRY__SLASH_DATES", "month-first")
        get_settings.cache_clear()
        assert set(expire_by_settings(db, get_settings()).expired) == {job.id}
