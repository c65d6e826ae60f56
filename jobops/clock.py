"""The one source of "now" in jobops.

Every rule that needs the time (a deadline, a lease, an age, a timestamp on a record) asks this
module, never ``datetime.now()``. The process clock is the system clock unless it is pinned:

- ``JOBOPS_NOW=2026-11-20T09:00:00Z`` in the environment starts the clock at that instant (it then
  advances in real time, so durations and ordering still work). Child processes inherit it, which
  is how the tests pin the clock of a ``jobops run`` the API spawns, and how a demo or a bug report
  can be replayed as of a given day.
- :func:`pinned` does the same for a block of code (tests).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

ENV_VAR = "JOBOPS_NOW"


class Clock:
    """Real time, shifted so that it reads ``start`` at the moment the clock was made."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("a clock starts at a timezone-aware instant")
        self._offset = (
            timedelta(0) if start is None else start - datetime.fromtimestamp(time.time(), UTC)
        )
        self.pinned = start is not None

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


def parse_instant(text: str) -> datetime:
    """``2026-11-20``, ``2026-11-20T09:00:00Z`` or ``…+01:00`` -> an aware UTC datetime."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def _from_environment() -> Clock:
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return Clock()
    try:
        return Clock(parse_instant(raw))
    except ValueError as exc:
        raise ValueError(f"{ENV_VAR}={raw!r} is not an ISO date or instant") from exc


_lock = threading.Lock()
_clock: Clock | None = None


def current() -> Clock:
    global _clock
    with _lock:
        if _clock is None:
            _clock = _from_environment()
        return _clock


def now() -> datetime:
    """The current instant, timezone-aware UTC."""
    return current().now()


def today() -> date:
    """Today's date in UTC."""
    return now().date()


def set_clock(clock: Clock | None) -> None:
    """Replace the process clock (None: read the environment again on next use)."""
    global _clock
    with _lock:
        _clock = clock


@contextmanager
def pinned(start: datetime) -> Iterator[Clock]:
    """Run a block with the clock starting at ``start``; the previous clock comes back after."""
    previous = _clock
    clock = Clock(start)
    set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)
