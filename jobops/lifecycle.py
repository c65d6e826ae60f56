"""Job statuses and the table of allowed transitions, as data.

``processing`` is the one transient status: a job enters it from ``discovered`` (tailoring and a
first PDF) or from ``ready`` (regeneration), and leaves it either for ``ready`` or back to the
status it came from when the work fails.
"""

from __future__ import annotations

from enum import StrEnum

from jobops.errors import InvalidTransition


class JobStatus(StrEnum):
    DISCOVERED = "discovered"
    PROCESSING = "processing"
    READY = "ready"
    APPLIED = "applied"
    SKIPPED = "skipped"
    EXPIRED = "expired"


S = JobStatus


class ExpiryReason(StrEnum):
    """Why a job is expired; a job expired for being unlisted comes back when it is listed again,
    one expired for its deadline when the deadline moves, one expired by a person never by itself.
    """

    DEADLINE = "deadline"
    UNLISTED = "unlisted"
    AGE = "age"
    USER = "user"


TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    S.DISCOVERED: frozenset({S.PROCESSING, S.SKIPPED, S.APPLIED, S.EXPIRED}),
    # processing -> ready is success (or a failed regeneration of a ready job going back);
    # processing -> discovered is a failure, allowed only for a job that came from discovered.
    S.PROCESSING: frozenset({S.READY, S.DISCOVERED}),
    S.READY: frozenset({S.PROCESSING, S.APPLIED, S.SKIPPED, S.EXPIRED, S.DISCOVERED}),
    S.APPLIED: frozenset({S.DISCOVERED}),
    S.SKIPPED: frozenset({S.DISCOVERED}),
    S.EXPIRED: frozenset({S.DISCOVERED}),
}

#: Statuses a user may set directly with ``PATCH {"status": ...}``; ``processing`` and ``ready``
#: are reached only through the process / generate-pdf actions, which do the work they promise.
PATCHABLE_STATUSES: frozenset[JobStatus] = frozenset(
    {S.DISCOVERED, S.SKIPPED, S.APPLIED, S.EXPIRED}
)

#: Statuses from which the pipeline or the API may start (re)generating a PDF.
PROCESSABLE_FROM: frozenset[JobStatus] = frozenset({S.DISCOVERED, S.READY})


def check_transition(
    job_id: str,
    current: JobStatus,
    target: JobStatus,
    *,
    origin: JobStatus | None = None,
) -> None:
    """Raise :class:`InvalidTransition` unless ``current -> target`` is allowed.

    ``origin`` is the status a processing job came from; leaving processing for ``discovered``
    is only a revert to that origin.
    """
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(job_id, current, target)
    if current is S.PROCESSING and target is S.DISCOVERED and origin is not S.DISCOVERED:
        raise InvalidTransition(
            job_id, current, target, "A processing job only returns to the status it came from."
        )
