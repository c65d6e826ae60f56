from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from jobops import demo
from jobops.deadlines import parse_deadline
from jobops.sources.file import read_feed


@pytest.mark.parametrize("today", [date(2026, 11, 20), date(2027, 6, 8), date(2031, 2, 28)])
def test_the_demo_feed_is_dated_relative_to_the_day_it_is_written(
    tmp_path: Path, today: date
) -> None:
    feed = demo.write_feed(tmp_path / "feed.jsonl", today=today)
    read = read_feed(feed)
    assert len(read.listings) == 30 and not read.rejected
    posted = [date.fromisoformat(li.date_posted or "") for li in read.listings]
    assert all(today - timedelta(days=60) < d <= today for d in posted)
    closed = sorted(
        li.title
        for li in read.listings
        if (deadline := parse_deadline(li.deadline)) is not None and deadline < today
    )
    assert closed == ["Junior Python Engineer", "Warehouse Supervisor (Nights)"]
    shapes = {
        re.sub(r"[0-9]", "9", re.sub(r"[A-Za-z]+", "M", li.deadline or "")) for li in read.listings
    }
    # the formats boards write are kept: ISO, 15.01.2027, 28/02/2027, "9 December 2026" ...
    assert {"9999-99-99", "99.99.9999", "99/99/9999"} <= shapes
    assert any(s.startswith(("9 M", "99 M")) for s in shapes)


def test_format_date_drops_the_leading_zero_on_request() -> None:
    assert demo.format_date(date(2027, 3, 5), "%B %-d, %Y") == "March 5, 2027"
    assert demo.format_date(date(2027, 3, 5), "%d.%m.%Y") == "05.03.2027"


def test_the_template_has_no_fixed_dates() -> None:
    for line in demo.FEED_TEMPLATE.read_text("utf-8").splitlines():
        row = json.loads(line)
        assert "datePosted" not in row and "deadline" not in row
