"""Greenhouse, Lever, Ashby, RSS and Atom over real HTTP on loopback."""

from __future__ import annotations

import pytest

from jobops.errors import SourceError
from jobops.settings import Settings, SourcesSettings
from jobops.sources.boards import ashby, greenhouse, lever
from jobops.sources.registry import SourceSpec, configured_sources, crawl_source
from jobops.sources.rss import parse_feed, rss
from tests.board_server import BoardServer


def test_greenhouse(board_settings: Settings) -> None:
    listings = greenhouse("northwind", board_settings.sources)
    assert [li.title for li in listings] == [
        "Senior Backend Engineer",
        "Data Platform Engineer",
        "Office Manager",
    ]
    first = listings[0]
    assert first.employer == "Northwind Analytics" and first.source == "greenhouse"
    assert first.source_job_id == "4821001" and first.location == "Remote (UK)"
    assert first.date_posted == "2026-11-02"
    assert (
        first.job_description
        and "Python" in first.job_description
        and "<" not in first.job_description
    )


def test_lever(board_settings: Settings) -> None:
    listings = lever("northwind=Northwind Analytics", board_settings.sources)
    senior = listings[0]
    assert senior.employer == "Northwind Analytics" and senior.source_job_id == "a1b2c3"
    assert senior.salary == "GBP 75,000–90,000 per year-salary"
    assert senior.job_description and "Design Python services" in senior.job_description
    assert senior.application_link == "https://jobs.lever.co/northwind/a1b2c3/apply"
    assert senior.date_posted == "2025-11-02"


def test_ashby(board_settings: Settings) -> None:
    [job] = ashby("meridian=Meridian Ledger", board_settings.sources)
    assert (job.title, job.employer, job.salary) == (
        "Backend Engineer, Payments",
        "Meridian Ledger",
        "€80K – €95K",
    )
    assert job.location == "Amsterdam (remote)"


def test_rss_and_atom(board_settings: Settings, boards: BoardServer) -> None:
    items = rss(f"{boards.base}/feeds/remote.rss", board_settings.sources)
    assert [(i.title, i.employer) for i in items] == [
        ("Python Engineer", "Fernhill Civic Tech"),
        ("Lead Backend Engineer", "Copperline Energy"),
    ]
    [entry] = rss(f"{boards.base}/feeds/careers.atom", board_settings.sources)
    assert (
        entry.title == "Staff Data Platform Engineer"
        and entry.employer == "Tessellate Data Co. careers"
    )
    assert entry.job_url == "https://tessellate.example.test/careers/staff-data"


def test_hostile_xml_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<rss><channel><item><title>&lol2;</title></item></channel></rss>"
    )
    with pytest.raises(SourceError, match="not a readable"):
        parse_feed(bomb, source="rss:test")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (SourceSpec("greenhouse", "changed"), "format changed"),
        (SourceSpec("greenhouse", "down"), "HTTP 503"),
        (SourceSpec("lever", "missing"), "HTTP 404"),
        (SourceSpec("rss", "http://127.0.0.1:9/feed"), "rss:"),
        (SourceSpec("jobspy", "python developer"), "python-jobspy is not installed"),
    ],
)
def test_a_broken_source_is_a_clear_error_for_that_source_only(
    board_settings: Settings, boards: BoardServer, spec: SourceSpec, message: str
) -> None:
    result = crawl_source(spec, board_settings.sources)
    assert result.listings == []
    assert result.error and message in result.error and spec.label.split(":")[0] in result.error


def test_not_xml(board_settings: Settings, boards: BoardServer) -> None:
    result = crawl_source(SourceSpec("rss", f"{boards.base}/feeds/not-xml"), board_settings.sources)
    assert result.error and "RSS" in result.error


def test_configured_sources_and_caps(board_settings: Settings) -> None:
    labels = [s.label for s in configured_sources(board_settings.sources)]
    assert labels[:3] == ["greenhouse:northwind", "lever:northwind", "ashby:meridian"]
    assert [s.label for s in configured_sources(board_settings.sources, ["/x/feed.jsonl"])] == [
        "file:feed.jsonl"
    ]
    capped = crawl_source(
        SourceSpec("greenhouse", "northwind"),
        board_settings.sources.model_copy(update={"max_per_source": 2}),
    )
    assert len(capped.listings) == 2 and capped.capped == 1
    assert SourcesSettings().greenhouse_url.startswith("https://boards-api.greenhouse.io")
