"""The bundled demo: a resume and a feed of 30 postings whose dates are relative to today.

``feed.template.jsonl`` holds ordinary listings except for their dates: ``postedDaysAgo``,
``deadlineInDays`` and, to show the deadline formats boards use, ``deadlineFormat`` (strftime, with
``%-d`` for a day without a leading zero). :func:`write_feed` turns it into a real JSONL feed as of
a given day, so the demo never ages: its strong fits are always open and its two past-deadline
postings always closed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jobops import clock

DEMO_DIR = Path(__file__).resolve().parent
RESUME = DEMO_DIR / "resume.json"
FEED_TEMPLATE = DEMO_DIR / "feed.template.jsonl"
ISO_DATE = "%Y-%m-%d"


def format_date(day: date, fmt: str) -> str:
    """``strftime`` with ``%-d`` (the day without a leading zero) on every platform."""
    return day.strftime(fmt.replace("%-d", str(day.day)))


def dated_listing(row: dict[str, Any], today: date) -> dict[str, Any]:
    """One template row as a listing dated relative to ``today``."""
    listing = {
        k: v
        for k, v in row.items()
        if k not in ("postedDaysAgo", "deadlineInDays", "deadlineFormat")
    }
    if "postedDaysAgo" in row:
        listing["datePosted"] = (today - timedelta(days=row["postedDaysAgo"])).isoformat()
    if "deadlineInDays" in row:
        deadline = today + timedelta(days=row["deadlineInDays"])
        listing["deadline"] = format_date(deadline, row.get("deadlineFormat", ISO_DATE))
    return listing


def write_feed(path: Path, *, today: date | None = None) -> Path:
    """Write the demo feed as of ``today`` (default: the clock's today) to ``path``."""
    today = today or clock.today()
    rows = [json.loads(line) for line in FEED_TEMPLATE.read_text("utf-8").splitlines() if line]
    text = "".join(json.dumps(dated_listing(row, today), ensure_ascii=False) + "\n" for row in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path
