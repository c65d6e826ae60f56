"""RSS 2.0 and Atom feeds: the corners real job feeds have (fixtures in tests/fixtures/boards)."""

from __future__ import annotations

from jobops.settings import Settings
from jobops.sources.rss import parse_feed, rss
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
