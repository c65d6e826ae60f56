"""RSS 2.0 and Atom feeds: the corners real job feeds have (fixtures in tests/fixtures/boards)."""

from __future__ import annotations

import pytest

from jobops.settings import Settings
from jobops.sources.rss import iso_date, parse_feed, rss
from tests.board_server import BoardServer


def test_an_atom_entry_links_to_its_alternate_page_never_to_self(
    board_settings: Settings, boards: BoardServer
) -> None:
    entries = rss(f"{boards.base}/feeds/harbourlight.atom", board_settings.sources)
    assert [(e.title, e.job_url) for e in entries] == [
        ("Embedded Rust Engineer", "https://harbourlight.example.test/careers/41"),
        # a link without rel is the alternate page (RFC 4287's default)
        ("Field Robotics Technician", "https://harbourlight.example.test/careers/42"),
    ]  # the entry with only self and enclosure links has no page: skipped


def test_an_atom_relation_written_as_a_full_iri_counts() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Welder</title>'
        b'<link rel="self" href="https://x.example.test/self"/>'
        b'<link rel="http://www.iana.org/assignments/relation/alternate"'
        b' href="https://x.example.test/jobs/1"/><id>1</id></entry></feed>'
    )
    [entry] = parse_feed(feed, source="rss:test")
    assert entry.job_url == "https://x.example.test/jobs/1"


def test_feed_dates_become_iso_dates(board_settings: Settings, boards: BoardServer) -> None:
    items = rss(f"{boards.base}/feeds/remote-board.rss", board_settings.sources)
    assert [i.date_posted for i in items] == [
        "2026-11-13",  # RFC 822, +0000
        "2026-11-17",  # -0000 (no known offset)
        "2026-11-18",  # no time at all
        "2026-11-19",  # dc:date (ISO 8601) in place of pubDate
        "sometime last week",  # unreadable: kept as written
    ]
    # We Work Remotely's <expires_at> is the deadline, read the same way
    assert items[0].deadline == "2026-12-13" and items[1].deadline is None
    entries = rss(f"{boards.base}/feeds/harbourlight.atom", board_settings.sources)
    # Atom: published (the day as written, -08:00), else updated
    assert [e.date_posted for e in entries] == ["2026-11-16", "2026-11-18"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Fri, 11 Sep 2026 10:00:00 GMT", "2026-09-11"),
        ("Fri, 11 Sep 2026 10:00 PDT", "2026-09-11"),
        ("2026-09-11T10:00:00.25+01:00", "2026-09-11"),
        ("2026-09-11", "2026-09-11"),
        ("03/04/2026", "03/04/2026"),  # ambiguous: never guessed, kept as written
        ("  yesterday ", "yesterday"),
    ],
)
def test_iso_date(written: str, expected: str) -> None:
    assert iso_date(written) == expected
