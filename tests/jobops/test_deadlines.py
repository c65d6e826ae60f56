from __future__ import annotations

from datetime import date

import pytest

from jobops.deadlines import SlashDates, parse_deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-15", date(2027, 1, 15)),
        ("2027-02-28T23:59:00Z", date(2027, 2, 28)),
        ("31 January 2027", date(2027, 1, 31)),
        ("Jan 20, 2027", date(2027, 1, 20)),
        ("March 15, 2027", date(2027, 3, 15)),
        ("9th December 2026", date(2026, 12, 9)),
        ("Friday, 11 September 2026", date(2026, 9, 11)),
        ("11 Sept 2026", date(2026, 9, 11)),
        ("15.01.2027", date(2027, 1, 15)),
        ("05.03.27", date(2027, 3, 5)),
        ("2027/03/04", date(2027, 3, 4)),
        # RFC 822, as feeds write expiry and posting dates
        ("Fri, 25 Dec 2026 00:33:21 +0000", date(2026, 12, 25)),
        ("Fri, 11 Sep 2026 10:00:00 -0000", date(2026, 9, 11)),
        ("Fri, 11 Sep 2026 10:00 GMT", date(2026, 9, 11)),
        ("Mon, 21 Sep 2026", date(2026, 9, 21)),
        ("Fri, 11 Sep 2026 23:30:00 -0700", date(2026, 9, 11)),  # the day as written
        # a month alone closes at its end, never a day early
        ("March 2027", date(2027, 3, 31)),
        ("Feb 2028", date(2028, 2, 29)),
        ("ASAP", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("rolling basis", None),
        ("31/02/2027", None),
        ("13/13/2027", None),
    ],
)
def test_parse_deadline(text: str | None, expected: date | None) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    "text",
    ["28/02/2027", "02/28/2027", "28-02-2027", "02-28-2027", "28/02/27", "02/28/27"],
)
@pytest.mark.parametrize("order", ["unknown", "day-first", "month-first"])
def test_an_unambiguous_slash_or_dash_date_is_read_whatever_the_order(
    text: str, order: SlashDates
) -> None:
    assert parse_deadline(text, slash_dates=order) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("unknown", None),  # 3 April or March 4: never guessed
        ("day-first", date(2027, 4, 3)),
        ("month-first", date(2027, 3, 4)),
    ],
)
@pytest.mark.parametrize("text", ["03/04/2027", "03-04-2027", "3/4/27"])
def test_an_ambiguous_slash_date_is_read_only_in_a_known_order(
    text: str, order: SlashDates, expected: date | None
) -> None:
    assert parse_deadline(text, slash_dates=order) == expected


def test_equal_day_and_month_need_no_order() -> None:
    assert parse_deadline("05/05/2027") == date(2027, 5, 5)
