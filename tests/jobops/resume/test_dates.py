"""One look for every date: JSON Resume's ISO dates and Reactive Resume's free text."""

from __future__ import annotations

import pytest

from jobops.resume.dates import format_date, format_period, normalise_period


@pytest.mark.parametrize(
    ("start", "end", "printed"),
    [
        ("2016-08-24", "2016-08-24", "Aug 2016"),  # equal start and end print once
        ("2019-03", "", "Mar 2019 – Present"),  # no end: ongoing
        ("2014", "2014", "2014"),
        ("2014", "2021-03", "2014 – Mar 2021"),
        ("2012-09", "2016-06-30", "Sep 2012 – Jun 2016"),
        ("", "2019-06", "Jun 2019"),  # an end alone
        ("", "", ""),
        ("2014-13", "2015", "2014-13 – 2015"),  # month 13: kept as written
        ("2021-02-30", "", "2021-02-30 – Present"),  # no such day
        ("June 2014", "", "Jun 2014 – Present"),  # not ISO, but readable
    ],
)
def test_json_resume_periods(start: str, end: str, printed: str) -> None:
    assert format_period(start, end) == printed


@pytest.mark.parametrize(
    ("value", "printed"),
    [("2022-11-15", "Nov 2022"), ("2024", "2024"), ("", ""), ("Spring 2020", "Spring 2020")],
)
def test_single_dates(value: str, printed: str) -> None:
    assert format_date(value) == printed


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("March 2022 - Present", "Mar 2022 – Present"),
        ("2020 – 2022", "2020 – 2022"),
        ("2020-2022", "2020 – 2022"),
        ("June 2019 to Present", "Jun 2019 – Present"),
        ("August 2016 to December 2020", "Aug 2016 – Dec 2020"),
        ("Sept 2019 — current", "Sep 2019 – Present"),
        ("10/2020 - now", "Oct 2020 – Present"),
        ("April 2021", "Apr 2021"),
        ("August 24, 2016", "Aug 2016"),
        ("24 August 2016", "Aug 2016"),
        ("Jan 2020 – Jan 2020", "Jan 2020"),
        ("2016-08-24 – 2016-08-24", "Aug 2016"),  # what older jobops stored for JSON Resume
        ("  2021  ", "2021"),
        ("Summer 2019", "Summer 2019"),  # unreadable: as written
        ("seit März 2020", "seit März 2020"),
        ("Mar 2020 - sometime", "Mar 2020 - sometime"),
        ("", ""),
    ],
)
def test_reactive_resume_free_text(text: str, printed: str) -> None:
    assert normalise_period(text) == printed


def test_the_formats_agree() -> None:
    """The same dates, written by each format, print the same."""
    assert format_period("2022-03", "") == normalise_period("March 2022 - Present")
    assert format_period("2019-06", "2022-02") == normalise_period("June 2019 to February 2022")
