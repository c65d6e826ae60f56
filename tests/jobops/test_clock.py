from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobops import clock
from jobops.models import utcnow
from tests.conftest import TODAY


def test_a_pinned_clock_starts_at_its_instant_and_advances() -> None:
    start = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    with clock.pinned(start) as pinned:
        first = clock.now()
        assert timedelta(0) <= first - start < timedelta(seconds=5)
        assert clock.today().isoformat() == "2031-05-06"
        assert utcnow() >= first  # records are dated by the same clock
        assert pinned.pinned
    assert clock.today() == TODAY  # the session's pin is back


def test_the_environment_pins_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2030-01-02")
    previous = clock.current()
    clock.set_clock(None)
    try:
        assert clock.today().isoformat() == "2030-01-02"
        monkeypatch.setenv(clock.ENV_VAR, "next tuesday")
        clock.set_clock(None)
        with pytest.raises(ValueError, match="JOBOPS_NOW"):
            clock.now()
    finally:
        clock.set_clock(previous)


def test_an_instant_needs_a_timezone_or_means_utc() -> None:
    assert clock.parse_instant("2026-11-20T09:00:00+01:00") == datetime(2026, 11, 20, 8, tzinfo=UTC)
    assert clock.parse_instant("2026-11-20").tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.Clock(datetime(2026, 1, 1))
