from __future__ import annotations

import multiprocessing as mp
import threading
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from jobops import context, repo
from jobops.db import Database
from jobops.errors import (
    ClaimLost,
    Conflict,
    DuplicateJob,
    InvalidTransition,
    JobBeingProcessed,
    JobNotFound,
)
from jobops.lifecycle import JobStatus
from jobops.models import Job, JobEvent
from tests.conftest import POSTGRES_URL
from tests.factories import add_job, listing


def test_insert_listings_skips_known_urls(db: Database) -> None:
    first, second = listing(), listing()
    with db.session() as session:
        result = repo.insert_listings(session, [first, second, first])
    assert len(result.new_ids) == 2
    assert result.duplicates == 1
    with db.session() as session:
        again = repo.insert_listings(session, [second])
        assert again.new_ids == []
        assert again.duplicates == 1
        assert repo.list_jobs(session)[1] == 2


def test_create_job_rejects_a_duplicate_url(db: Database) -> None:
    job = add_job(db)
    with pytest.raises(DuplicateJob):
        add_job(db, jobUrl=job.job_url)


def test_get_job_unknown_id(db: Database) -> None:
    with db.session() as session, pytest.raises(JobNotFound):
        repo.get_job(session, "nope")


def test_transition_writes_event_timestamp_and_version(db: Database) -> None:
    job = add_job(db)
    with context.bind(request_id="req-1"), db.session() as session:
        moved = repo.transition_job(
            session, job.id, JobStatus.APPLIED, actor="tester", reason="why"
        )
    assert moved.status == "applied"
    assert moved.applied_at is not None
    assert moved.applied_at.tzinfo is not None
    assert moved.version == job.version + 1
    with db.session() as session:
        events = repo.job_events(session, job.id)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "discovered"),
        ("discovered", "applied"),
    ]
    assert events[-1].actor == "tester"
    assert events[-1].request_id == "req-1"


def test_forbidden_transition_changes_nothing(db: Database) -> None:
    job = add_job(db)
    with db.session() as session, pytest.raises(InvalidTransition):
        repo.transition_job(session, job.id, JobStatus.READY, actor="t")
    with db.session() as session:
        assert repo.get_job(session, job.id).status == "discovered"
        assert len(repo.job_events(session, job.id)) == 1


def test_processing_records_origin_and_reverts_to_it(db: Database) -> None:
    job = add_job(db)
    with db.session() as session:
        claimed = repo.transition_job(
            session, job.id, JobStatus.PROCESSING, actor="t", values={"claim_token": "c1"}
        )
    assert claimed.status_before_processing == "discovered"
    with db.session() as session:
        back = repo.transition_job(session, job.id, JobStatus.DISCOVERED, actor="t", claim="c1")
    assert back.status_before_processing is None and back.claim_token is None


def test_a_processing_job_belongs_to_its_claim(db: Database) -> None:
    """Only the holder of the claim moves a job out of processing or writes to it."""
    job = add_job(db)
    with db.session() as session:
        repo.transition_job(
            session,
            job.id,
            JobStatus.PROCESSING,
            actor="t",
            values={"claim_token": "c1", "claimed_by": "pipeline run r1"},
        )
    for attempt in (
        lambda s: repo.transition_job(s, job.id, JobStatus.DISCOVERED, actor="user"),
        lambda s: repo.update_job_fields(s, repo.get_job(s, job.id), {"salary": "£9"}),
    ):
        with db.session() as session, pytest.raises(JobBeingProcessed, match="pipeline run r1"):
            attempt(session)
    with db.session() as session, pytest.raises(ClaimLost):
        repo.transition_job(
            session, job.id, JobStatus.READY, actor="old", expected=JobStatus.PROCESSING, claim="c0"
        )
    with db.session() as session:
        done = repo.update_job_fields(
            session, repo.get_job(session, job.id), {"salary": "£9"}, claim="c1"
        )
        assert done.salary == "£9" and done.status == "processing"


def test_expected_status_mismatch_is_a_conflict(db: Database) -> None:
    job = add_job(db)
    with db.session() as session, pytest.raises(InvalidTransition, match="Expected"):
        repo.transition_job(session, job.id, JobStatus.SKIPPED, actor="t", expected=JobStatus.READY)


def test_update_fields_is_version_guarded(db: Database) -> None:
    job = add_job(db)
    with db.session() as session:
        repo.update_job_fields(session, repo.get_job(session, job.id), {"salary": "£1"})
    with db.session() as session, pytest.raises(Conflict):
        repo.update_job_fields(session, job, {"salary": "£2"})  # stale version
    with db.session() as session:
        assert repo.get_job(session, job.id).salary == "£1"


def test_naive_datetimes_are_rejected(db: Database) -> None:
    job = add_job(db)
    with db.session() as session, pytest.raises(Exception, match="naive"):
        repo.update_job_fields(
            session, repo.get_job(session, job.id), {"scored_at": datetime(2026, 1, 1)}
        )
    with db.session() as session:
        stored = repo.update_job_fields(
            session, repo.get_job(session, job.id), {"scored_at": datetime(2026, 1, 1, tzinfo=UTC)}
        )
        assert stored.scored_at == datetime(2026, 1, 1, tzinfo=UTC)


def _race(url: str, job_id: str, target: str, start: mp.synchronize.Event, out: mp.Queue) -> None:  # type: ignore[name-defined]
    database = Database(url, migrate=False)
    start.wait()
    try:
        with database.session() as session:
            repo.transition_job(session, job_id, JobStatus(target), actor=f"racer-{target}")
        out.put(("won", target))
    except InvalidTransition:
        out.put(("lost", target))
    except Exception as exc:  # pragma: no cover - a failure mode the test reports
        out.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        database.dispose()


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the two-process race is about a SQLite file")
@pytest.mark.parametrize("round_", range(5))
def test_two_processes_racing_on_a_sqlite_file_never_both_win(db: Database, round_: int) -> None:
    job = add_job(db)
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    racers = [
        ctx.Process(target=_race, args=(db.url, job.id, t, start, out))
        for t in ("skipped", "applied")
    ]
    for racer in racers:
        racer.start()
    start.set()
    for racer in racers:
        racer.join(60)
    results = sorted(out.get(timeout=5) for _ in racers)
    assert [r[0] for r in results] == ["lost", "won"], results
    winner = next(t for outcome, t in results if outcome == "won")
    with db.session() as session:
        assert repo.get_job(session, job.id).status == winner
        events = repo.job_events(session, job.id)
    assert [e.to_status for e in events] == ["discovered", winner]


def test_many_threads_racing_one_job_have_one_winner(db: Database) -> None:
    job = add_job(db)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def racer() -> None:
        barrier.wait()
        try:
            with db.session() as session:
                repo.transition_job(session, job.id, JobStatus.PROCESSING, actor="thread")
            outcomes.append("won")
        except InvalidTransition:
            outcomes.append("lost")

    threads = [threading.Thread(target=racer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost"] * 7 + ["won"]
    with db.session() as session:
        moves = session.exec(select(JobEvent).where(JobEvent.to_status == "processing")).all()
        assert len(moves) == 1
        assert session.exec(select(Job)).one().status == "processing"
