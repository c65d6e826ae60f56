"""Every database read and write. ``transition_job`` is the only way a job's status changes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from jobops import clock, context
from jobops.deadlines import SlashDates, deadline_passed
from jobops.dedupe import canonical_url, close_title, employer_key, same_title
from jobops.errors import (
    ClaimLost,
    Conflict,
    DuplicateJob,
    InvalidTransition,
    JobBeingProcessed,
    JobNotFound,
    NoBaseResume,
    NotFound,
    ResumeNotFound,
    RunAlreadyActive,
)
from jobops.lifecycle import ExpiryReason, JobStatus, check_transition
from jobops.models import (
    GhostwriterMessage,
    Job,
    JobEvent,
    JobNote,
    JobQuery,
    LlmCallLog,
    PipelineRun,
    Resume,
    StageEvent,
    new_id,
    utcnow,
)
from jobops.resume.model import Resume as ResumeModel
from jobops.sources.base import Listing

# ------------------------------------------------------------------------------------------- jobs


def get_job(session: Session, job_id: str, *, lock: bool = False) -> Job:
    """The job as stored now. ``lock`` holds its row until the transaction ends (PostgreSQL
    ``FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE`` already holds the whole database), for a
    check-then-act that is not a single guarded UPDATE (a delete)."""
    if lock:
        job = session.exec(
            select(Job)
            .where(col(Job.id) == job_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
    else:
        job = session.get(Job, job_id, populate_existing=True)
    if job is None:
        raise JobNotFound(job_id)
    return job


#: The claim of a job left in processing by a version that recorded no claim token.
UNCLAIMED = "unclaimed"


def claim_of(job: Job) -> str:
    """The token that releases this job's processing claim (:data:`UNCLAIMED` if it has none)."""
    return job.claim_token or UNCLAIMED


def ensure_not_processing(job: Job, claim: str | None = None) -> None:
    """A processing job belongs to its processor: only the holder of its claim may change it."""
    if job.status == JobStatus.PROCESSING.value and claim != claim_of(job):
        since = job.processed_at.isoformat(timespec="seconds") if job.processed_at else None
        raise JobBeingProcessed(job.id, job.claimed_by, since)


def get_jobs(session: Session, job_ids: Sequence[str]) -> list[Job]:
    if not job_ids:
        return []
    return list(session.exec(select(Job).where(col(Job.id).in_(list(job_ids)))).all())


def list_jobs(
    session: Session,
    statuses: Sequence[JobStatus] = (),
    *,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Job], int]:
    query = JobQuery(limit=min(limit, 500), offset=offset)
    jobs, total, _ = search_jobs(session, query, statuses=statuses, max_limit=max(limit, 500))
    return jobs, total


_SORT_COLUMNS = {
    "score": Job.suitability_score,
    "discoveredAt": Job.discovered_at,
    "readyAt": Job.ready_at,
    "appliedAt": Job.applied_at,
}


def _job_filters(query: JobQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.sources():
        conditions.append(col(Job.source).in_(query.sources()))
    if query.q:
        needle = f"%{query.q.strip().lower()}%"
        conditions.append(
            or_(
                func.lower(Job.title).like(needle),
                func.lower(Job.employer).like(needle),
                func.lower(func.coalesce(Job.location, "")).like(needle),
            )
        )
    if query.min_score is not None:
        conditions.append(col(Job.suitability_score) >= query.min_score)
    for column, low, high in (
        (Job.discovered_at, query.discovered_from, query.discovered_to),
        (Job.ready_at, query.ready_from, query.ready_to),
        (Job.applied_at, query.applied_from, query.applied_to),
    ):
        if low is not None:
            conditions.append(col(column) >= low)
        if high is not None:
            conditions.append(col(column) <= high)
    return conditions


def search_jobs(
    session: Session,
    query: JobQuery,
    *,
    statuses: Sequence[JobStatus] | None = None,
    max_limit: int = 500,
) -> tuple[list[Job], int, dict[str, int]]:
    """A page of jobs, the total under the filters, and counts per status (status filter aside)."""
    statuses = list(statuses) if statuses is not None else query.statuses()
    conditions = _job_filters(query)
    status_condition = [col(Job.status).in_([s.value for s in statuses])] if statuses else []

    sort_column = col(_SORT_COLUMNS[query.sort])
    ordering = sort_column.asc() if query.order == "asc" else sort_column.desc()
    # nullable sort keys put their empty values last; discoveredAt is never empty, and leaving
    # the NULL test out lets the index serve the sort
    order = [ordering, col(Job.id)]
    if query.sort != "discoveredAt":
        order.insert(0, sort_column.is_(None))
    page = (
        select(Job)
        .where(*conditions, *status_condition)
        .order_by(*order)
        .offset(query.offset)
        .limit(min(query.limit, max_limit))
    )
    per_status = session.exec(
        select(Job.status, func.count()).where(*conditions).group_by(col(Job.status))
    ).all()
    by_status = {s.value: 0 for s in JobStatus}
    by_status.update({status: int(count) for status, count in per_status})
    wanted = {s.value for s in statuses} if statuses else set(by_status)
    total = sum(count for status, count in by_status.items() if status in wanted)
    return list(session.exec(page).all()), total, by_status


def delete_job(session: Session, job_id: str) -> Job:
    """Remove a job and everything attached to it. A processing job cannot be deleted: its row
    is locked first, so a claim racing the delete waits for it and then finds no job."""
    job = get_job(session, job_id, lock=True)
    ensure_not_processing(job)
    session.execute(delete(JobEvent).where(col(JobEvent.job_id) == job_id))
    session.execute(delete(JobNote).where(col(JobNote.job_id) == job_id))
    session.execute(delete(StageEvent).where(col(StageEvent.job_id) == job_id))
    session.execute(delete(GhostwriterMessage).where(col(GhostwriterMessage.job_id) == job_id))
    session.execute(update(LlmCallLog).where(col(LlmCallLog.job_id) == job_id).values(job_id=None))
    session.execute(delete(Job).where(col(Job.id) == job_id))
    return job


@dataclass(frozen=True)
class ImportResult:
    new_ids: list[str]
    duplicates: int  # every listing not stored, the fuzzy matches included
    merged: int = 0  # duplicates recognised by title + employer on another source
    #: Stored jobs whose listing changed on its source: their fields were updated.
    updated_ids: list[str] = field(default_factory=list)
    #: Expired jobs listed again (or given a later deadline): back to discovered.
    reopened_ids: list[str] = field(default_factory=list)
    #: New jobs stored as expired, their deadline already passed.
    closed_ids: list[str] = field(default_factory=list)


APPLIED_MATCH_DAYS = 30
#: Listing fields a source may change after a job is stored; each is updated unless the user
#: edited it. ``date_posted`` keeps its first value (boards bump "updated" dates on any edit).
LISTING_FIELDS = (
    "title",
    "application_link",
    "location",
    "salary",
    "deadline",
    "job_description",
)
#: A change to these means a different posting to score: the score is cleared and redone.
SCORED_FIELDS = frozenset({"title", "job_description"})
#: Statuses whose stored listing follows its source (an applied job keeps what was applied to; a
#: processing job belongs to its processor).
FOLLOWS_SOURCE = frozenset(
    {JobStatus.DISCOVERED, JobStatus.READY, JobStatus.SKIPPED, JobStatus.EXPIRED}
)


@dataclass
class _StoredJob:
    """What deduplication and change detection need to know of a stored job."""

    id: str
    source: str
    source_job_id: str | None
    canonical_url: str | None
    employer_key: str | None
    title: str
    applied_at: datetime | None
    alternate_urls: list[str]
    status: str = JobStatus.DISCOVERED.value
    expiry_reason: str | None = None
    version: int = 1
    edited_fields: list[str] = field(default_factory=list)
    listing: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, job: Job | dict[str, Any]) -> _StoredJob:
        values: dict[str, Any] = job if isinstance(job, dict) else job.model_dump()
        return cls(
            id=values["id"],
            source=values["source"],
            source_job_id=values.get("source_job_id"),
            canonical_url=values.get("canonical_url"),
            employer_key=values.get("employer_key"),
            title=values["title"],
            applied_at=values.get("applied_at"),
            alternate_urls=list(values.get("alternate_urls") or []),
            status=values.get("status") or JobStatus.DISCOVERED.value,
            expiry_reason=values.get("expiry_reason"),
            version=values.get("version") or 1,
            edited_fields=list(values.get("edited_fields") or []),
            listing={k: values.get(k) for k in LISTING_FIELDS},
        )


class _DedupeIndex:
    """What a batch of listings may repeat, fetched in a few queries and kept current as the
    batch is stored (a duplicate can sit in the same batch)."""

    def __init__(self, session: Session, listings: list[Listing]) -> None:
        canon = {canonical_url(li.job_url) for li in listings}
        ids = {(li.source, li.source_job_id) for li in listings if li.source_job_id}
        keys = {employer_key(li.employer) for li in listings} - {""}
        self.by_id: dict[str, _StoredJob] = {}
        self.by_url: dict[str, _StoredJob] = {}
        self.by_board_id: dict[tuple[str, str], _StoredJob] = {}
        self.by_employer: dict[str, list[_StoredJob]] = {}
        for chunk in _chunks(sorted(canon)):
            for job in session.exec(select(Job).where(col(Job.canonical_url).in_(chunk))):
                self.add(_StoredJob.of(job))
        for chunk in _chunks(sorted({i for _, i in ids if i})):
            for job in session.exec(select(Job).where(col(Job.source_job_id).in_(chunk))):
                self.add(_StoredJob.of(job))
        for chunk in _chunks(sorted(keys)):
            for job in session.exec(select(Job).where(col(Job.employer_key).in_(chunk))):
                self.add(_StoredJob.of(job))

    def add(self, job: _StoredJob) -> None:
        job = self.by_id.setdefault(job.id, job)  # one instance per job, so updates are shared
        if job.canonical_url:
            self.by_url[job.canonical_url] = job
        if job.source_job_id:
            self.by_board_id[(job.source, job.source_job_id)] = job
        if job.employer_key:
            bucket = self.by_employer.setdefault(job.employer_key, [])
            if all(j.id != job.id for j in bucket):
                bucket.append(job)

    def duplicate_of(self, listing: Listing, canonical: str, ekey: str) -> _StoredJob | None:
        """The stored job a listing repeats: the same canonical URL, the same board id, or (from
        another source) the same employer with the same title (:func:`jobops.dedupe.same_title`)."""
        found = self.by_url.get(canonical)
        if found is None and listing.source_job_id:
            found = self.by_board_id.get((listing.source, listing.source_job_id))
        if found is None and ekey:
            found = next(
                (
                    j
                    for j in self.by_employer.get(ekey, [])
                    if j.source != listing.source and same_title(j.title, listing.title)
                ),
                None,
            )
        return found

    def applied_match(self, listing: Listing, ekey: str) -> str | None:
        since = utcnow() - timedelta(days=APPLIED_MATCH_DAYS)
        return next(
            (
                j.id
                for j in self.by_employer.get(ekey, [])
                if j.applied_at is not None
                and j.applied_at >= since
                and close_title(j.title, listing.title)
            ),
            None,
        )


def _chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


_WIRE_NAMES = {"job_description": "jobDescription", "application_link": "applicationLink"}


def _follow_source(
    session: Session,
    stored: _StoredJob,
    listing: Listing,
    actor: str,
    today: date,
    slash_dates: SlashDates,
) -> tuple[bool, bool]:
    """Bring a stored job in line with its source's current listing: the changed fields the user
    has not edited are written, the score is cleared when the posting itself changed, and an
    expired job comes back when its reason to be expired is gone. (updated, reopened)."""
    status = JobStatus(stored.status)
    if status not in FOLLOWS_SOURCE:
        return False, False
    fresh = listing.job_fields()
    changed = [f for f in LISTING_FIELDS if fresh.get(f) != stored.listing.get(f)]
    taken = [f for f in changed if f not in stored.edited_fields]
    kept = [f for f in changed if f in stored.edited_fields]
    values: dict[str, Any] = {f: fresh.get(f) for f in taken}
    rescore = bool(SCORED_FIELDS & set(taken)) and status in (JobStatus.DISCOVERED, JobStatus.READY)
    if rescore:
        values.update(
            suitability_score=None,
            suitability_reason=None,
            score_details=None,
            score_error=None,
            scored_at=None,
        )
    deadline = values.get("deadline", stored.listing.get("deadline"))
    reopen = status is JobStatus.EXPIRED and (
        stored.expiry_reason == ExpiryReason.UNLISTED.value
        or (
            stored.expiry_reason == ExpiryReason.DEADLINE.value
            and "deadline" in taken
            and not deadline_passed(deadline, today, slash_dates=slash_dates)
        )
    )
    if not values and not reopen:
        return False, False
    if values:
        moved = session.execute(
            update(Job)
            .where(col(Job.id) == stored.id, col(Job.version) == stored.version)
            .values(**values, updated_at=utcnow(), version=stored.version + 1)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            return False, False  # changed meanwhile: the next crawl looks again
        stored.version += 1
        stored.listing.update({f: fresh.get(f) for f in taken})
        names = ", ".join(_WIRE_NAMES.get(f, f) for f in taken)
        note = f"listing changed on {listing.source}: {names}"
        if kept:
            note += f" (kept your edit of {', '.join(_WIRE_NAMES.get(f, f) for f in kept)})"
        if rescore:
            note += "; score cleared to score it again"
        session.add(_event(stored.id, status, status, actor, note))
    if reopen:
        why = (
            f"listed again by {listing.source}"
            if stored.expiry_reason == ExpiryReason.UNLISTED.value
            else f"deadline moved to {deadline}"
        )
        transition_job(
            session,
            stored.id,
            JobStatus.DISCOVERED,
            actor=actor,
            reason=why,
            expected=JobStatus.EXPIRED,
        )
        stored.status, stored.expiry_reason = JobStatus.DISCOVERED.value, None
    return bool(values), reopen


def insert_listings(
    session: Session,
    listings: Iterable[Listing],
    *,
    actor: str = "pipeline",
    today: date | None = None,
    slash_dates: SlashDates = "unknown",
) -> ImportResult:
    """Store listings as discovered jobs, or as expired when their deadline passed before
    ``today``. A listing repeating a stored job (:meth:`_DedupeIndex.duplicate_of`) is not stored
    again: a repeat under another URL records that URL on the job, and a repeat from the job's own
    source updates what changed there (:func:`_follow_source`)."""
    batch = list(listings)
    today = today or clock.today()
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    known = _DedupeIndex(session, batch)
    rows: list[dict[str, Any]] = []
    duplicates = merged = 0
    updated: dict[str, None] = {}
    reopened: dict[str, None] = {}
    run_id = context.pipeline_run_id.get()
    for listing in batch:
        canonical, ekey = canonical_url(listing.job_url), employer_key(listing.employer)
        existing = known.duplicate_of(listing, canonical, ekey)
        if existing is not None:
            duplicates += 1
            if existing.source == listing.source:
                was_updated, was_reopened = _follow_source(
                    session, existing, listing, actor, today, slash_dates
                )
                if was_updated:
                    updated.setdefault(existing.id)
                if was_reopened:
                    reopened.setdefault(existing.id)
            if (
                existing.canonical_url != canonical
                and listing.job_url not in existing.alternate_urls
            ):
                merged += existing.source != listing.source
                existing.alternate_urls = [*existing.alternate_urls, listing.job_url]
                session.execute(
                    update(Job)
                    .where(col(Job.id) == existing.id)
                    .values(alternate_urls=existing.alternate_urls)
                )
            continue
        now = utcnow()
        closed = deadline_passed(listing.deadline, today, slash_dates=slash_dates)
        row = {
            **listing.job_fields(),
            "id": new_id(),
            "canonical_url": canonical,
            "employer_key": ekey,
            "applied_match_job_id": known.applied_match(listing, ekey),
            "pipeline_run_id": run_id,
            "status": (JobStatus.EXPIRED if closed else JobStatus.DISCOVERED).value,
            "expiry_reason": ExpiryReason.DEADLINE.value if closed else None,
            "edited_fields": [],
            "alternate_urls": [],
            "discovered_at": now,
            "updated_at": now,
            "version": 1,
        }
        known.add(_StoredJob.of(row))
        rows.append(row)
    new_ids: list[str] = []
    closed_ids: list[str] = []
    if rows:
        # One statement for the batch; a row another writer stored meanwhile is skipped.
        session.execute(insert(Job).on_conflict_do_nothing(), rows)
        wanted = [row["id"] for row in rows]
        present: set[str] = set()
        for chunk in _chunks(wanted):
            present.update(session.exec(select(Job.id).where(col(Job.id).in_(chunk))).all())
        stored = [row for row in rows if row["id"] in present]
        new_ids = [row["id"] for row in stored]
        duplicates += len(wanted) - len(new_ids)
        events = []
        for row in stored:
            events.append(
                _event(
                    row["id"], None, JobStatus.DISCOVERED, actor, f"imported from {row['source']}"
                )
            )
            if row["status"] == JobStatus.EXPIRED.value:
                closed_ids.append(row["id"])
                events.append(
                    _event(
                        row["id"],
                        JobStatus.DISCOVERED,
                        JobStatus.EXPIRED,
                        actor,
                        f"deadline passed ({row['deadline']}) before it was imported",
                    )
                )
        session.add_all(events)
    session.flush()
    return ImportResult(
        new_ids=new_ids,
        duplicates=duplicates,
        merged=merged,
        updated_ids=list(updated),
        reopened_ids=list(reopened),
        closed_ids=closed_ids,
    )


def create_job(session: Session, listing: Listing, *, actor: str) -> Job:
    result = insert_listings(session, [listing], actor=actor)
    if not result.new_ids:
        raise DuplicateJob(f"A job with URL {listing.job_url} already exists.")
    return get_job(session, result.new_ids[0])


def _event(
    job_id: str, from_status: JobStatus | None, to_status: JobStatus, actor: str, reason: str | None
) -> JobEvent:
    return JobEvent(
        job_id=job_id,
        from_status=from_status.value if from_status else None,
        to_status=to_status.value,
        actor=actor,
        reason=reason,
        request_id=context.request_id.get(),
        pipeline_run_id=context.pipeline_run_id.get(),
        flow_run_id=context.flow_run_id.get(),
    )


_TIMESTAMP_ON_ENTRY = {
    JobStatus.PROCESSING: "processed_at",
    JobStatus.READY: "ready_at",
    JobStatus.APPLIED: "applied_at",
}


def transition_job(
    session: Session,
    job_id: str,
    target: JobStatus,
    *,
    actor: str,
    reason: str | None = None,
    expected: JobStatus | None = None,
    values: dict[str, Any] | None = None,
    claim: str | None = None,
) -> Job:
    """Move a job to ``target`` with a compare-and-set on its current status and version.

    ``expected``, when given, is the status the caller believes the job is in (a mismatch is a
    409). ``values`` are other columns written in the same guarded UPDATE, so e.g. the PDF path
    and the ``ready`` status land together or not at all. A job leaves ``processing`` only with
    its ``claim`` (:func:`claim_of`): a processor whose claim was released or taken over changes
    nothing. Writes a :class:`JobEvent`.
    """
    job = get_job(session, job_id)
    current = JobStatus(job.status)
    if current is JobStatus.PROCESSING and claim != claim_of(job):
        if expected is JobStatus.PROCESSING and claim is not None:
            raise ClaimLost(f"Job {job_id} was released or taken over before this work finished.")
        ensure_not_processing(job, claim)
    if expected is not None and current is not expected:
        if expected is JobStatus.PROCESSING and claim is not None:
            raise ClaimLost(f"Job {job_id} was released before this work finished.")
        raise InvalidTransition(job_id, current, target, f"Expected it to be {expected.value!r}.")
    origin = JobStatus(job.status_before_processing) if job.status_before_processing else None
    check_transition(job_id, current, target, origin=origin)

    now = utcnow()
    changes: dict[str, Any] = dict(values or {})
    changes.update(status=target.value, updated_at=now, version=job.version + 1)
    if target is JobStatus.PROCESSING:
        changes["status_before_processing"] = current.value
    elif current is JobStatus.PROCESSING:
        changes.update(
            status_before_processing=None, claim_token=None, claimed_by=None, claim_owner=None
        )
    if target is JobStatus.EXPIRED:
        changes.setdefault("expiry_reason", ExpiryReason.USER.value)
    elif current is JobStatus.EXPIRED:
        changes["expiry_reason"] = None
    stamp = _TIMESTAMP_ON_ENTRY.get(target)
    if stamp and not (
        target is JobStatus.READY
        and current is JobStatus.PROCESSING
        and origin is JobStatus.READY
        and job.ready_at
    ):
        changes[stamp] = now

    moved = session.execute(
        update(Job)
        .where(
            col(Job.id) == job_id, col(Job.status) == current.value, col(Job.version) == job.version
        )
        .values(**changes)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        if claim is not None and current is JobStatus.PROCESSING:
            raise ClaimLost(f"Job {job_id} was released or taken over before this work finished.")
        raise InvalidTransition(job_id, current, target, "Another request changed the job first.")
    session.add(_event(job_id, current, target, actor, reason))
    session.flush()
    return get_job(session, job_id)


def record_note(session: Session, job_id: str, *, actor: str, reason: str) -> None:
    """An event that changes no status (e.g. what a truthfulness guard dropped)."""
    job = get_job(session, job_id)
    status = JobStatus(job.status)
    session.add(_event(job_id, status, status, actor, reason[:4000]))


def update_job_fields(
    session: Session, job: Job, changes: dict[str, Any], *, claim: str | None = None
) -> Job:
    """Write non-status columns, guarded by the version ``job`` was read at: a write based on a
    stale read is a 409, never a lost update. A processing job takes writes only from the holder
    of its ``claim``."""
    if not changes:
        return job
    if "status" in changes:
        raise ValueError("status changes go through transition_job()")
    ensure_not_processing(job, claim)
    changes = {**changes, "updated_at": utcnow(), "version": job.version + 1}
    moved = session.execute(
        update(Job).where(col(Job.id) == job.id, col(Job.version) == job.version).values(**changes)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        now = get_job(session, job.id)
        if claim is not None and now.claim_token != job.claim_token:
            raise ClaimLost(f"Job {job.id} was released before this work finished.")
        ensure_not_processing(now)
        raise Conflict(f"Job {job.id} was changed by another request; reload it and try again.")
    session.flush()
    return get_job(session, job.id)


def job_url_taken(session: Session, job_url: str, *, except_id: str) -> bool:
    found = session.exec(select(Job.id).where(Job.job_url == job_url, Job.id != except_id)).first()
    return found is not None


def job_ids_with_status(session: Session, status: JobStatus) -> list[str]:
    """Every job in ``status``, oldest first (no page limit)."""
    query = (
        select(Job.id)
        .where(Job.status == status.value)
        .order_by(col(Job.discovered_at), col(Job.id))
    )
    return list(session.exec(query).all())


def unscored_job_ids(session: Session) -> list[str]:
    """Discovered and ready jobs with no score yet: new, their last scoring failed, or their
    listing changed on its source (which clears the score)."""
    active = [JobStatus.DISCOVERED.value, JobStatus.READY.value]
    query = (
        select(Job.id)
        .where(col(Job.status).in_(active), col(Job.suitability_score).is_(None))
        .order_by(col(Job.discovered_at), col(Job.id))
    )
    return list(session.exec(query).all())


def top_scored_job_ids(
    session: Session, candidates: Sequence[str], *, min_score: int, limit: int
) -> list[str]:
    """Of ``candidates``, the discovered jobs scoring at least ``min_score``, best first."""
    if not candidates or limit <= 0:
        return []
    query = (
        select(Job.id)
        .where(
            col(Job.id).in_(list(candidates)),
            Job.status == JobStatus.DISCOVERED.value,
            col(Job.suitability_score).is_not(None),
            col(Job.suitability_score) >= min_score,
        )
        .order_by(col(Job.suitability_score).desc(), col(Job.discovered_at), col(Job.id))
        .limit(limit)
    )
    return list(session.exec(query).all())


def job_events(session: Session, job_id: str) -> list[JobEvent]:
    query = select(JobEvent).where(JobEvent.job_id == job_id).order_by(col(JobEvent.id))
    return list(session.exec(query).all())


def record_llm_call(session: Session, row: LlmCallLog) -> None:
    session.add(row)


def run_token_usage(session: Session, run_id: str) -> dict[str, int]:
    """Tokens and calls the LLM endpoints spent on one pipeline run."""
    query = select(
        func.count(col(LlmCallLog.id)),
        func.coalesce(func.sum(LlmCallLog.prompt_tokens), 0),
        func.coalesce(func.sum(LlmCallLog.completion_tokens), 0),
    ).where(LlmCallLog.pipeline_run_id == run_id)
    calls, prompt, completion = session.exec(query).one()
    return {
        "llmCalls": int(calls),
        "promptTokens": int(prompt),
        "completionTokens": int(completion),
    }


# ---------------------------------------------------------------------------------------- resumes


def resume_hash(resume: ResumeModel) -> str:
    canonical = json.dumps(resume.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def add_resume(
    session: Session,
    source_format: str,
    resume: ResumeModel,
    *,
    name: str | None = None,
    make_default: bool | None = None,
    source_ref: str | None = None,
) -> tuple[Resume, bool]:
    """Store a base resume; returns (row, changed).

    A resume with a ``source_ref`` (e.g. ``rxresume:<id>``) is one row that is updated in place,
    its ``revision`` going up when the content changes. Otherwise an identical stored resume is
    reused rather than copied, and left as it was (its name, whether it is the default) unless
    ``name`` or ``make_default`` say otherwise. ``make_default``: True makes it the default,
    False never does, None (unset) does only when no resume is the default yet.
    """
    digest = resume_hash(resume)
    row: Resume | None = None
    changed = False
    if source_ref:
        row = session.exec(select(Resume).where(Resume.source_ref == source_ref)).first()
        if row is not None and row.content_hash != digest:
            row.data, row.content_hash, row.source_format = (
                resume.model_dump(mode="json"),
                digest,
                source_format,
            )
            row.revision += 1
            changed = True
    if row is None:
        row = find_identical_resume(session, resume)
    if row is None:
        row = Resume(
            name=name or resume.basics.name,
            source_format=source_format,
            content_hash=digest,
            data=resume.model_dump(mode="json"),
            source_ref=source_ref,
        )
        changed = True
    if name:
        row.name = name
    has_default = session.exec(select(Resume.id).where(col(Resume.is_default).is_(True))).first()
    if make_default is True or (make_default is None and not has_default):
        session.execute(update(Resume).values(is_default=False))
        row.is_default = True
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    session.refresh(row)
    return row, changed


def find_identical_resume(session: Session, resume: ResumeModel) -> Resume | None:
    """A stored resume with exactly this content, if any."""
    digest = resume_hash(resume)
    return session.exec(select(Resume).where(Resume.content_hash == digest)).first()


def list_resumes(session: Session) -> list[Resume]:
    return list(session.exec(select(Resume).order_by(col(Resume.created_at))).all())


def get_resume(session: Session, resume_id: str) -> Resume:
    row = session.get(Resume, resume_id)
    if row is None:
        raise ResumeNotFound(f"No stored resume with id {resume_id!r}.")
    return row


def set_default_resume(session: Session, resume_id: str) -> Resume:
    row = get_resume(session, resume_id)
    session.execute(update(Resume).values(is_default=False))
    row.is_default = True
    session.add(row)
    session.flush()
    return row


def find_resume_by_ref(session: Session, source_ref: str) -> Resume | None:
    return session.exec(select(Resume).where(Resume.source_ref == source_ref)).first()


def get_default_resume(session: Session) -> tuple[Resume, ResumeModel]:
    row = session.exec(select(Resume).where(col(Resume.is_default).is_(True))).first()
    if row is None:
        raise NoBaseResume()
    return row, ResumeModel.model_validate(row.data)


def get_job_resume(session: Session, job: Job) -> tuple[Resume, ResumeModel]:
    """The base resume for a job: its own when chosen, otherwise the default."""
    if job.resume_id:
        row = session.get(Resume, job.resume_id)
        if row is not None:
            return row, ResumeModel.model_validate(row.data)
    return get_default_resume(session)


# ---------------------------------------------------------------------------------- pipeline runs


def active_run(session: Session) -> PipelineRun | None:
    """The run holding the one-run slot (starting or running), if any."""
    return session.exec(select(PipelineRun).where(col(PipelineRun.active_slot) == 1)).first()


def insert_active_run(session: Session, run: PipelineRun) -> bool:
    """Store ``run`` holding the one-run slot; False (and nothing stored) when another run holds
    it. The unique slot column decides, so two racing starters never both win, on any database."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    row = {
        **run.model_dump(),
        "active_slot": 1,
        "started_at": run.started_at or utcnow(),
    }
    statement = (
        insert(PipelineRun).values(**row).on_conflict_do_nothing().returning(col(PipelineRun.id))
    )
    # RETURNING says whether the row went in (rowcount does not, on every driver)
    return session.execute(statement).first() is not None


def start_run(
    session: Session,
    run_id: str,
    config: dict[str, Any],
    trigger_id: str | None = None,
    *,
    owner: str | None = None,
) -> PipelineRun:
    """Record a run as running, taking over its API placeholder (``trigger_id``) if it has one;
    RunAlreadyActive when another run holds the slot."""
    existing = session.get(PipelineRun, run_id)
    if existing is not None:
        return existing
    if trigger_id:
        session.execute(
            delete(PipelineRun).where(
                col(PipelineRun.trigger_id) == trigger_id, col(PipelineRun.status) == "starting"
            )
        )
    run = PipelineRun(
        id=run_id, status="running", config=config, trigger_id=trigger_id, owner=owner
    )
    if not insert_active_run(session, run):
        holder = active_run(session)
        what = f"{holder.status} ({holder.id})" if holder else "starting"
        raise RunAlreadyActive(f"A pipeline run is already {what}; one runs at a time.")
    return get_run_or_fail(session, run_id)


def get_run_or_fail(session: Session, run_id: str) -> PipelineRun:
    run = session.get(PipelineRun, run_id, populate_existing=True)
    if run is None:
        raise NotFound(f"No pipeline run {run_id!r}.")
    return run


def add_run_counts(session: Session, run_id: str, **counts: int) -> None:
    """Atomically add to a run's per-stage counters (safe from concurrent tasks)."""
    if counts:
        session.execute(
            update(PipelineRun)
            .where(col(PipelineRun.id) == run_id)
            .values(
                {getattr(PipelineRun, k): getattr(PipelineRun, k) + v for k, v in counts.items()}
            )
        )


def set_source_stats(session: Session, run_id: str, label: str, stats: dict[str, Any]) -> None:
    run = session.get(PipelineRun, run_id)
    if run is None:
        raise Conflict(f"No pipeline run {run_id}.")
    session.refresh(run)
    run.source_stats = {**run.source_stats, label: stats}  # reassigned: JSON columns need it
    session.add(run)


def finish_run(
    session: Session, run_id: str, *, status: str, error: str | None = None
) -> PipelineRun:
    """End a run and free the one-run slot it held."""
    run = get_run_or_fail(session, run_id)
    run.status = status
    run.error = error
    run.completed_at = utcnow()
    run.active_slot = None
    session.add(run)
    session.flush()
    return run


def get_run(session: Session, run_id: str) -> PipelineRun | None:
    return session.get(PipelineRun, run_id)
