"""Greenhouse, Lever, Ashby, RSS and Atom over real HTTP on loopback."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from jobops.errors import SourceError
from jobops.settings import Settings, SourcesSettings
from jobops.sources.boards import (
    _lever_description,
    _LeverList,
    _LeverPosting,
    ashby,
    greenhouse,
    lever,
)
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
    assert senior.salary == "GBP 75,000–90,000 per year"
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


# ------------------------------------------------ the corners of each board (the quayside fixtures)


def test_greenhouse_content_is_unescaped_exactly_once(board_settings: Settings) -> None:
    escaped, raw = greenhouse("quayside", board_settings.sources)
    # entity-escaped HTML (the documented shape): literal "&" and "<" in the text survive
    assert escaped.job_description == (
        "Quayside moves containers & the data about them.\n\n"
        "Model berth schedules in SQL & Python; write <200-word summaries for the ops desk.\n\n"
        'Forecast crane demand\n\nOwn the "late vessel" report'
    )
    # real HTML (some boards): its escaped text is not turned into tags
    assert raw.job_description == (
        "Document the <br> and <table> rules of our EDI messages.\n\nPartners: Maersk & CMA CGM."
    )


def test_greenhouse_location_falls_back_to_the_offices(board_settings: Settings) -> None:
    named, unnamed = greenhouse("quayside", board_settings.sources)
    assert named.location == "Rotterdam, NL"
    assert unnamed.location == "Hamburg, Germany; Gdansk"  # an office without a location: its name
    assert (named.employer, named.date_posted) == ("Quayside Freight", "2026-11-12")


def test_lever_posting_is_whole(board_settings: Settings) -> None:
    planner, customs = lever("quayside=Quayside Freight", board_settings.sources)
    assert planner.job_description == (
        "Quayside runs three terminals on the North Sea.\n"
        "You plan the berth and yard schedule a week ahead.\n\n"
        "In this role, you will:\nBalance crane shifts across terminals\n\n"
        "Publish the daily yard plan\n\n"
        "You bring\nThree years in port or rail planning\n\nComfort with SQL\n\n"
        "We help with relocation to Rotterdam or Antwerp."
    )
    assert planner.location == "Rotterdam; Antwerp"  # allLocations, the primary once
    assert planner.salary == "EUR 52,000–61,000 per year"
    assert customs.location == "Netherlands (remote)"  # workplaceType
    assert customs.salary == "EUR 24.50–29 per hour"
    assert customs.job_description == "Prepare import and export declarations."


def test_lever_description_from_html_when_the_plain_fields_are_missing() -> None:
    posting = _LeverPosting(
        id="x",
        text="Crane Operator",
        hostedUrl="https://jobs.lever.co/q/x",
        description="<div>Operate ship-to-shore cranes.</div>",
        lists=[_LeverList(text="You bring ", content="<li>A crane licence</li>")],
        additional="<div>Night shifts are paid extra.</div>",
    )
    assert _lever_description(posting) == (
        "Operate ship-to-shore cranes.\n\nYou bring\nA crane licence\n\n"
        "Night shifts are paid extra."
    )


@pytest.fixture
def auckland_time() -> Iterator[None]:
    """The process's local zone set to Pacific/Auckland (UTC+13 in November)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Auckland"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.usefixtures("auckland_time")
def test_lever_created_at_is_a_utc_day_whatever_the_local_zone(board_settings: Settings) -> None:
    """createdAt is epoch milliseconds: 23:30 UTC is already the next day in Auckland."""
    assert time.localtime(0).tm_gmtoff != 0  # the zone did change
    planner, _ = lever("quayside", board_settings.sources)
    assert planner.date_posted == "2026-11-16"


def test_ashby_skips_unlisted_jobs_and_reads_every_location(board_settings: Settings) -> None:
    jobs = ashby("quayside=Quayside Freight", board_settings.sources)
    assert [j.title for j in jobs] == ["Terminal Automation Engineer", "Freight Rates Analyst"]
    automation, rates = jobs
    # an empty location: the postal address; then the secondary locations (no postalAddress level)
    assert automation.location == "Rotterdam, South Holland, Netherlands; Antwerp"
    assert automation.salary == "€70K – €84K • Offers Bonus"
    # isRemote unset: workplaceType decides; no tier summary: the scrapeable one
    assert (rates.location, rates.salary) == ("Europe (remote)", "€45K - €55K")
