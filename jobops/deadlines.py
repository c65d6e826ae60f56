"""Reading the dates listings write as free text: deadlines, and the posting dates of feeds.

Understood: ISO dates and times (``2027-01-15``, ``2027-02-28T23:59:00Z``), RFC 822 as feeds write
it (``Fri, 11 Sep 2026 10:00:00 +0000``, also without the time), written-out dates
(``31 January 2027``, ``Jan 20, 2027``, ``9th December 2026``, ``Friday, 11 September 2026``),
a month alone (``March 2027``: its last day), year-first ``2027/03/04``, dotted ``15.01.2027``
(day-first: the dotted style is a day-first convention) and slash or dash dates.

A slash or dash date such as ``03/04/2027`` is 3 April in most of the world and March 4 in the US.
It is read only when it is unambiguous (one part is above 12, or both parts are equal) or when the
order is known (``slash_dates``); otherwise it is left unread, because a date that is not read
never expires a job and a guessed one may expire it on the wrong day. Two-digit years are 20xx.

Pure functions: no clock, no I/O.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

SlashDates = Literal["unknown", "day-first", "month-first"]
"""The order of day and month in a slash or dash date, when the writer's convention is known."""

_DAY_MONTH_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
)
_MONTH_FORMATS = ("%B %Y", "%b %Y")
_NUMERIC = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)


def _ymd(year: str, month: int, day: int) -> date | None:
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    try:
        return date(full_year, month, day)
    except ValueError:
        return None


def _numeric(first: int, second: int, year: str, slash_dates: SlashDates) -> date | None:
    """A slash or dash date: read when only one order makes a date, or the order is known."""
    if first > 12 >= second:
        return _ymd(year, second, first)
    if second > 12 >= first or first == second:
        return _ymd(year, first, second)
    if slash_dates == "day-first":
        return _ymd(year, second, first)
    if slash_dates == "month-first":
        return _ymd(year, first, second)
    return None  # ambiguous, and the writer's convention is unknown: never guess


def _rfc822(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()  # the date as written, in its own offset
    except (TypeError, ValueError, IndexError):
        return None


def parse_deadline(text: str | None, *, slash_dates: SlashDates = "unknown") -> date | None:
    """The date in a free-text deadline (or a feed's posting date), or None when it cannot be
    read safely. ``slash_dates`` is the day/month order of slash and dash dates, when known."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if (rfc822 := _rfc822(raw)) is not None:
        return rfc822
    if match := _NUMERIC.fullmatch(raw):
        return _numeric(int(match[1]), int(match[3]), match[4], slash_dates)
    if match := _DOTTED.fullmatch(raw):
        return _ymd(match[3], int(match[2]), int(match[1]))
    if match := _YEAR_FIRST.fullmatch(raw):
        return _ymd(match[1], int(match[2]), int(match[3]))
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw, flags=re.I)
    cleaned = _WEEKDAY.sub("", cleaned.replace(",", " "))
    cleaned = re.sub(r"\bSept\b", "Sep", re.sub(r"\s+", " ", cleaned).strip(), flags=re.I)
    for fmt in _DAY_MONTH_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    for fmt in _MONTH_FORMATS:
        try:
            month = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        # "March 2027" closes some time in March: its last day, never a day too early
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return None


def deadline_passed(text: str | None, today: date, *, slash_dates: SlashDates = "unknown") -> bool:
    """True when ``text`` reads (safely) as a date before ``today``."""
    deadline = parse_deadline(text, slash_dates=slash_dates)
    return deadline is not None and deadline < today
