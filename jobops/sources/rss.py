"""RSS 2.0 and Atom feeds. Parsed with defusedxml (no entity expansion, no external entities).

Feed items rarely carry the employer as a field; "Title at Company", "Company: Title" and
"Title - Company" are understood, otherwise the feed's own title is used.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from pydantic import ValidationError

from jobops.deadlines import parse_deadline
from jobops.errors import SourceError
from jobops.redaction import strip_html
from jobops.settings import SourcesSettings
from jobops.sources.base import Listing
from jobops.sources.http import fetch

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


#: A registered relation may be written as a full IRI (RFC 4287 §4.2.7.2).
_IANA_REL = "http://www.iana.org/assignments/relation/"


def _atom_link(entry: Element) -> str:
    """The entry's human page: the first ``rel="alternate"`` link, or a link without ``rel``
    (alternate is the default); never ``self``, ``edit``, ``enclosure`` or another relation."""
    for link in entry.findall(f"{ATOM}link"):
        rel = link.get("rel", "alternate").strip().removeprefix(_IANA_REL)
        if rel == "alternate" and link.get("href", "").strip():
            return link.get("href", "").strip()
    return ""


def iso_date(text: str) -> str:
    """A feed date as an ISO date (``Fri, 11 Sep 2026 10:00:00 -0000`` -> ``2026-09-11``, the day
    as written in its own offset); kept as written when it cannot be read."""
    day = parse_deadline(text)
    return day.isoformat() if day is not None else text.strip()


def split_title(title: str, fallback_employer: str) -> tuple[str, str]:
    """(job title, employer) from an item title."""
    for pattern in (
        r"^(?P<t>.+?)\s+at\s+(?P<e>[^|]+)$",
        r"^(?P<e>[^:]+):\s+(?P<t>.+)$",
        r"^(?P<t>.+?)\s+[-–|]\s+(?P<e>[^-–|]+)$",
    ):
        match = re.match(pattern, title.strip())
        if match:
            return match.group("t").strip(), match.group("e").strip()
    return title.strip(), fallback_employer


def parse_feed(xml: bytes, *, source: str) -> list[Listing]:
    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml raises several parse and security error types
        raise SourceError(
            f"{source}: not a readable RSS or Atom feed ({type(exc).__name__})"
        ) from exc
    items: list[dict[str, str]] = []
    if root.tag == "rss" or root.find("channel") is not None:
        channel = root.find("channel")
        feed_title = _text(channel.find("title")) if channel is not None else ""
        for item in root.iter("item"):
            items.append(
                {
                    "title": _text(item.find("title")),
                    "link": _text(item.find("link")),
                    "body": _text(item.find("description")),
                    "date": _text(item.find("pubDate")) or _text(item.find(f"{DC}date")),
                    "deadline": _text(item.find("expires_at")),
                    "id": _text(item.find("guid")) or _text(item.find("link")),
                    "feed": feed_title,
                }
            )
    elif root.tag == f"{ATOM}feed":
        feed_title = _text(root.find(f"{ATOM}title"))
        for entry in root.iter(f"{ATOM}entry"):
            items.append(
                {
                    "title": _text(entry.find(f"{ATOM}title")),
                    "link": _atom_link(entry),
                    "body": _text(entry.find(f"{ATOM}content"))
                    or _text(entry.find(f"{ATOM}summary")),
                    "date": _text(entry.find(f"{ATOM}published"))
                    or _text(entry.find(f"{ATOM}updated")),
                    "deadline": "",
                    "id": _text(entry.find(f"{ATOM}id")),
                    "feed": feed_title,
                }
            )
    else:
        raise SourceError(f"{source}: the document is neither RSS nor Atom (root <{root.tag}>)")
    listings = []
    for item in items:
        title, employer = split_title(item["title"], item["feed"] or source)
        try:
            listings.append(
                Listing(
                    source="rss",
                    source_job_id=item["id"][:200] or None,
                    title=title,
                    employer=employer,
                    job_url=item["link"],
                    date_posted=iso_date(item["date"])[:100] or None,
                    deadline=iso_date(item["deadline"])[:100] or None,
                    job_description=strip_html(item["body"]) or None,
                )
            )
        except ValidationError:
            continue  # an item without a usable link or title is skipped
    return listings


def rss(url: str, settings: SourcesSettings) -> list[Listing]:
    source = f"rss:{url}"
    response = fetch(
        url,
        source=source,
        timeout=settings.timeout_seconds,
        min_interval=settings.min_interval_seconds,
    )
    return parse_feed(response.content, source=source)
