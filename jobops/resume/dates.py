"""How a date prints on a resume, whatever format it came from: ``Aug 2016``, ``2014``,
``Mar 2022 – Present``. Pure functions.

JSON Resume gives ISO dates (``2016-08-24``, ``2019-03``, ``2014``) as start and end; Reactive
Resume gives free text (``March 2022 - Present``, ``June 2019 to Present``, ``2020 – 2022``). Both
end up in one look: an English month abbreviation and the year (the day is dropped), an en dash
between start and end, ``Present`` for an open end, one date when start and end are the same. Text
that cannot be read as dates (``Summer 2019``, ``seit 2020``) is kept as written.
"""  # noqa: RUF002

from __future__ import annotations

import re
from datetime import date

PRESENT = "Present"
DASH = " – "
_ABBREVIATIONS = ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec").split()
_MONTHS = {
    **{name.casefold(): i for i, name in enumerate(_ABBREVIATIONS, 1)},
    **{
        name: i
        for i, name in enumerate(
            "january february march april may june july august september october november "
            "december".split(),
            1,
        )
    },
    "sept": 9,
}
_PRESENT_WORDS = frozenset({"present", "current", "now", "today", "ongoing"})
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_YEAR = r"(?P<year>[12]\d{3})"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_FORMS = [
    re.compile(rf"^{_YEAR}(?:-(?P<mm>\d{{2}})(?:-(?P<dd>\d{{2}}))?)?$"),  # 2016, 2016-08(-24)
    re.compile(rf"^(?P<mm>\d{{1,2}})[/.]{_YEAR}$"),  # 08/2016
    re.compile(rf"^{_MONTH},?\s+{_YEAR}$"),  # Aug 2016, August, 2016
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$"),  # August 24, 2016
    re.compile(rf"^{_DAY}\s+{_MONTH},?\s+{_YEAR}$"),  # 24 August 2016
]
# Between two dates: a dash with spaces, an en or em dash, "to", "until"; a bare hyphen only
# between two years ("2020-2022"), where it cannot be part of an ISO date.
_SEPARATORS = [
    re.compile(r"\s*[–—]\s*"),
    re.compile(r"\s+-+\s+"),
    re.compile(r"\s+(?:to|until|till)\s+", re.IGNORECASE),
    re.compile(r"(?<=^\d{4})-(?=\d{4}$)"),
]


def _read(text: str) -> str | None:
    """One date in the printed form, or None when ``text`` is not a date this module reads."""
    text = text.strip()
    for form in _FORMS:
        match = form.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        if parts.get("month") is not None:
            month: int | None = _MONTHS.get(parts["month"].casefold())
            if month is None:
                return None
        elif parts.get("mm") is not None:
            month = int(parts["mm"])
        else:
            return str(year)
        if not 1 <= month <= 12:
            return None
        if parts.get("dd") is not None:
            try:
                date(year, month, int(parts["dd"]))
            except ValueError:
                return None
        return f"{_ABBREVIATIONS[month - 1]} {year}"
    return None


def _is_present(text: str) -> bool:
    return text.strip().casefold() in _PRESENT_WORDS


def format_date(value: str) -> str:
    """A single date (an award, a publication): ``2016-08-24`` -> ``Aug 2016``; unreadable text
    is kept as written."""
    value = value.strip()
    return _read(value) or value


def format_period(start: str, end: str = "") -> str:
    """A start and an end (JSON Resume's ``startDate``/``endDate``). No end means ongoing:
    ``Aug 2016 – Present``. No start prints the end alone; equal ends print once."""  # noqa: RUF002
    start, end = format_date(start), format_date(end)
    if not start:
        return end
    if not end or _is_present(end):
        return f"{start}{DASH}{PRESENT}"
    return start if start == end else f"{start}{DASH}{end}"


def normalise_period(text: str) -> str:
    """Free text (Reactive Resume's ``period``/``date``) in the same look where it reads as one
    date or as two dates, the second possibly ``Present``; otherwise as written."""
    written = text.strip()
    text = " ".join(written.split())
    if not text:
        return ""
    single = _read(text)
    if single is not None:
        return single
    for separator in _SEPARATORS:
        parts = separator.split(text)
        if len(parts) != 2:
            continue
        start = _read(parts[0])
        if start is None:
            continue
        if _is_present(parts[1]):
            return f"{start}{DASH}{PRESENT}"
        end = _read(parts[1])
        if end is not None:
            return start if start == end else f"{start}{DASH}{end}"
    return written
