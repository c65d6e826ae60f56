"""Reading the free-text deadlines of listings.

Common formats are understood (ISO dates and times, "31 January 2027", "Jan 20, 2027",
"15.01.2027", "28/02/2027" — slashes are read day-first, as most boards outside the US write
them). A deadline that cannot be read is None: it never expires a job.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%d-%m-%Y",
    "%B %Y",
    "%b %Y",
)


def parse_deadline(text: str | None) -> date | None:
    """The date in a free-text deadline, or None when it cannot be read."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw, flags=re.I)
    cleaned = re.sub(r"[,]", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def deadline_passed(text: str | None, today: date) -> bool:
    """True when ``text`` reads as a date before ``today``."""
    deadline = parse_deadline(text)
    return deadline is not None and deadline < today
