"""What an import does to jobs it has seen before: their source changed them, stopped listing
them, or lists them again; and to listings whose deadline has already passed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jobops import clock, repo
from jobops.db import Database
from jobops.lifecycle import JobStatus
from jobops.models import Job
from jobops.sources.base import Listing
from tests.factories import listing


def _import(db: Database, *listings: Listing) -> repo.ImportResult:
    with db.session() as session:
        return repo.insert_listings(session, listings)


def _job(db: Database, job_id: str) -> Job:
    with db.session() as session:
        return repo.get_job(session, job_id)


def _reasons(db: Database, job_id: str) -> list[str]:
    with db.session() as session:
        return [e.reason or "" for e in repo.job_events(session, job_id)]


def _changed(original: Listing, **changes: Any) -> Listing:
    return original.model_copy(update=changes)


def test_a_listing_past_its_deadline_is_stored_expired_with_the_reason(db: Database) -> None:
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    result = _import(db, listing(deadline=yesterday), listing(deadline="when filled"))
    closed, open_ = result.new_ids
    assert result.closed_ids == [closed]
    job = _job(db, closed)
    assert (job.status, job.expiry_reason) == ("expired", "deadline")
    assert _reasons(db, closed)[-1] == f"deadline passed ({yesterday}) before it was imported"
    assert _job(db, open_).status == "discovered"
    with db.session() as session:  # never picked for tailoring
        assert repo.top_scored_job_ids(session, [closed], min_score=0, limit=5) == []


def test_a_changed_listing_updates_what_the_user_did_not_edit(db: Database) -> None:
    original = listing(salary="£50,000")
    [job_id] = _import(db, original).new_ids
    with db.session() as session:
        job = repo.get_job(session, job_id)
        repo.update_job_fields(
            session,
            job,
            {"suitability_score": 80, "location": "Leeds (hybrid)", "edited_fields": ["location"]},
        )
    changed = _changed(
        original,
        title="Senior Backend Engineer",
        job_description="A different role now.",
        salary="£60,000",
        location="Remote",
    )
    result = _import(db, changed)
    assert result.new_ids == [] and result.updated_ids == [job_id] and result.duplicates == 1
    job = _job(db, job_id)
    assert job.title == "Senior Backend Engineer"
    assert job.job_description == "A different role now."
    assert job.salary == "£60,000"
    assert job.location == "Leeds (hybrid)"  # the user's edit stays
    assert job.suitability_score is None  # a different posting: scored again
    with db.session() as session:
        assert job_id in repo.unscored_job_ids(session)
    note = _reasons(db, job_id)[-1]
    assert note.startswith("listing changed on file: title, salary, jobDescription")
    assert "kept your edit of location" in note and "score cleared" in note
    assert _import(db, changed).updated_ids == []  # nothing new the second time


def test_a_salary_change_keeps_the_score(db: Database) -> None:
    original = listing(salary="£50,000")
    [job_id] = _import(db, original).new_ids
    with db.session() as session:
        repo.update_job_fields(session, repo.get_job(session, job_id), {"suitability_score": 70})
    assert _import(db, _changed(original, salary="£55,000")).updated_ids == [job_id]
    assert _job(db, job_id).suitability_score == 70


def test_an_applied_job_keeps_what_was_applied_to(db: Database) -> None:
    original = listing()
    [job_id] = _import(db, original).new_ids
    with db.session() as session:
        repo.transition_job(session, job_id, JobStatus.APPLIED, actor="t")
    assert _import(db, _changed(original, title="Renamed")).updated_ids == []
    assert _job(db, job_id).title == original.title


def test_the_same_job_from_another_source_changes_nothing(db: Database) -> None:
    original = listing()
    [job_id] = _import(db, original).new_ids
    elsewhere = _changed(
        original, source="greenhouse", job_url="https://boards.example.test/9", salary="£1"
    )
    result = _import(db, elsewhere)
    assert result.updated_ids == [] and result.merged == 1
    assert _job(db, job_id).salary == original.salary


def test_an_unlisted_job_listed_again_comes_back(db: Database) -> None:
    unlisted, by_deadline, by_user = listing(), listing(deadline="2031-01-01"), listing()
    ids = _import(db, unlisted, by_deadline, by_user).new_ids
    with db.session() as session:
        for job_id, why in zip(ids, ("unlisted", "deadline", None), strict=True):
            values = {"expiry_reason": why} if why else {}
            repo.transition_job(session, job_id, JobStatus.EXPIRED, actor="t", values=values)
    later = (clock.today() + timedelta(days=30)).isoformat()
    result = _import(db, unlisted, _changed(by_deadline, deadline=later), by_user)
    assert sorted(result.reopened_ids) == sorted(ids[:2])
    assert [_job(db, i).status for i in ids] == ["discovered", "discovered", "expired"]
    assert _job(db, ids[0]).expiry_reason is None
    assert _reasons(db, ids[0])[-1] == "listed again by file"
    assert _reasons(db, ids[1])[-1] == f"deadline moved to {later}"
