from __future__ import annotations

import itertools

import pytest

from jobops.errors import InvalidTransition
from jobops.lifecycle import PATCHABLE_STATUSES, TRANSITIONS, JobStatus, check_transition

S = JobStatus

# The table from the design, written out independently of jobops.lifecycle.
EXPECTED = {
    (S.DISCOVERED, S.PROCESSING),
    (S.DISCOVERED, S.SKIPPED),
    (S.DISCOVERED, S.APPLIED),
    (S.DISCOVERED, S.EXPIRED),
    (S.PROCESSING, S.READY),
    (S.PROCESSING, S.DISCOVERED),
    (S.READY, S.PROCESSING),
    (S.READY, S.APPLIED),
    (S.READY, S.SKIPPED),
    (S.READY, S.EXPIRED),
    (S.READY, S.DISCOVERED),
    (S.APPLIED, S.DISCOVERED),
    (S.SKIPPED, S.DISCOVERED),
    (S.EXPIRED, S.DISCOVERED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_pair_follows_the_design_table(current: JobStatus, target: JobStatus) -> None:
    origin = S.DISCOVERED if current is S.PROCESSING else None
    if (current, target) in EXPECTED:
        check_transition("j", current, target, origin=origin)
    else:
        with pytest.raises(InvalidTransition):
            check_transition("j", current, target, origin=origin)


def test_table_has_every_status_and_nothing_else() -> None:
    assert set(TRANSITIONS) == set(S)
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == EXPECTED


def test_processing_returns_only_to_where_it_came_from() -> None:
    check_transition("j", S.PROCESSING, S.DISCOVERED, origin=S.DISCOVERED)
    with pytest.raises(InvalidTransition, match="came from"):
        check_transition("j", S.PROCESSING, S.DISCOVERED, origin=S.READY)
    check_transition("j", S.PROCESSING, S.READY, origin=S.READY)  # failed regeneration goes back


def test_processing_and_ready_cannot_be_patched() -> None:
    assert S.PROCESSING not in PATCHABLE_STATUSES
    assert S.READY not in PATCHABLE_STATUSES


def test_the_loser_of_a_race_is_told_the_job_is_being_processed() -> None:
    from jobops.errors import InvalidTransition

    lost = InvalidTransition("j1", "processing", "processing", "It must be discovered or ready.")
    assert "already being processed" in lost.message and "to 'processing'" not in lost.message
    assert InvalidTransition("j1", "skipped", "skipped").message == "Job j1 is already skipped."
    moved = InvalidTransition("j1", "applied", "ready")
    assert moved.message == "Job j1 cannot move from 'applied' to 'ready'."
