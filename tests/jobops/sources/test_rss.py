"""RSS 2.0 and Atom feeds: the corners real job feeds have (fixtures in tests/fixtures/boards)."""

from __future__ import annotations

import pytest

from jobops.settings import Settings
from jobops.sources.rss import iso_date, parse_feed, rss, split_title
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


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Backend Engineer at Acme", ("Backend Engineer", "Acme", None)),
        ("Acme: Backend Engineer", ("Backend Engineer", "Acme", None)),
        ("Backend Engineer - Acme", ("Backend Engineer", "Acme", None)),
        ("Backend Engineer | Acme", ("Backend Engineer", "Acme", None)),
        ("Backend Engineer", ("Backend Engineer", "Feed", None)),
        # We Work Remotely: the company comes first, and a title may say "at"
        ("Acme: Engineer at Scale", ("Engineer at Scale", "Acme", None)),
        ("Head of Data at Scale at Acme", ("Head of Data at Scale", "Acme", None)),
        # Indeed: "Title - Company - Location"
        (
            "Python Developer - Acme Ltd - London, UK",
            ("Python Developer", "Acme Ltd", "London, UK"),
        ),
        (
            "Software Engineer - Backend - Acme - Remote",
            ("Software Engineer - Backend", "Acme", "Remote"),
        ),
        # a part made of role words is not an employer
        ("Senior Engineer - Backend", ("Senior Engineer - Backend", "Feed", None)),
        ("Senior Engineer - Backend - Acme", ("Senior Engineer - Backend", "Acme", None)),
        ("Data Engineer | Remote", ("Data Engineer | Remote", "Feed", None)),
        (
            "Support Engineer - Part-time, Nights",
            ("Support Engineer - Part-time, Nights", "Feed", None),
        ),
        ("Remote: Python Developer", ("Remote: Python Developer", "Feed", None)),
    ],
)
def test_split_title(title: str, expected: tuple[str, str, str | None]) -> None:
    assert split_title(title, "Feed") == expected


def test_a_job_feed_keeps_its_place_full_body_and_employer(
    board_settings: Settings, boards: BoardServer
) -> None:
    items = rss(f"{boards.base}/feeds/remote-board.rss", board_settings.sources)
    assert [(i.employer, i.title, i.location) for i in items] == [
        ("Quarry Lane Software", "Senior Platform Engineer at Scale", "Anywhere in the World"),
        # state and country are more specific than the region; the flag goes
        ("Bramblecote Health", "Data Engineer", "Colorado, Utah, United States"),
        ("Lindqvist & Berg", "Backend Developer (Kotlin)", "Europe Only"),
        ("Orchard Row", "Support Engineer", "Canada"),
        ("Tidewater Labs", "QA Engineer", "Anywhere in the World"),
    ]
    # content:encoded is the whole posting; description only a summary
    assert items[1].job_description == (
        "Build the claims warehouse.\n\ndbt models over Snowflake\n\nPython ingestion jobs"
    )
    assert items[0].job_description == "Keep our build farm and job runners healthy."


def test_a_location_element_and_a_title_location_are_kept() -> None:
    feed = (
        b"<rss><channel><title>Jobs</title>"
        b"<item><title>Welder</title><location>Gdansk, Poland</location>"
        b"<link>https://x.example.test/1</link></item>"
        b"<item><title>Python Developer - Acme Ltd - Leeds</title>"
        b"<link>https://x.example.test/2</link></item>"
        b"</channel></rss>"
    )
    assert [i.location for i in parse_feed(feed, source="rss:test")] == ["Gdansk, Poland", "Leeds"]


def test_atom_xhtml_content_is_read(board_settings: Settings, boards: BoardServer) -> None:
    first, second = rss(f"{boards.base}/feeds/harbourlight.atom", board_settings.sources)
    assert first.job_description == (
        "Write firmware for our dock-inspection robots in Rust and C.\n\n"
        "Bring up new sensor boards\n\nOwn the over-the-air update path"
    )
    assert second.job_description == "Service robots on the quayside, Rotterdam."


def test_deeply_nested_xhtml_is_no_problem() -> None:
    depth = 5000
    body = b'<div xmlns="http://www.w3.org/1999/xhtml">' + b"<span>" * depth + b"deep"
    body += b"</span>" * depth + b" &amp; &lt;tail&gt;</div>"
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Welder</title>'
        b'<link href="https://x.example.test/1"/><content type="xhtml">'
        + body
        + b"</content></entry></feed>"
    )
    [entry] = parse_feed(feed, source="rss:test")
    assert entry.job_description == "deep & <tail>"
