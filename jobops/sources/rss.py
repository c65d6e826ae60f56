"""RSS 2.0 and Atom feeds. Parsed with defusedxml (no entity expansion, no external entities).

Feed items rarely carry the employer as a field: it is read from the item title (see
:func:`split_title`), otherwise the feed's own title is used. Job feeds' own elements are kept
where a listing has a field for them: the place (We Work Remotely's <region>, <country>, <state>,
or a <location>) and the expiry date (<expires_at>). Dates become ISO dates.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple
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
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


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


class TitleParts(NamedTuple):
    title: str
    employer: str
    location: str | None = None


#: Words that describe a role (its seniority, team, hours or place of work) and never name an
#: employer: "Senior Engineer - Backend" and "Remote: Python Developer" have no employer in them.
_ROLE_WORDS = frozenset(
    "senior junior lead staff principal head chief mid level entry graduate intern internship"
    " trainee apprentice i ii iii iv backend back-end back frontend front-end front full-stack"
    " fullstack stack end full part time full-time part-time contract contractor freelance"
    " permanent temporary temp fixed term fixed-term maternity cover remote hybrid on-site onsite"
    " office based night nights day days shift shifts weekend weekends evening urgent hiring now"
    " new immediate start and or & /".split()
)
_COMPANY_FIRST = re.compile(r"(?P<e>[^:]{1,80}):\s+(?P<t>.{2,})")  # We Work Remotely
_AT_COMPANY = re.compile(r"(?P<t>.+)\s+at\s+(?P<e>[^|:]+)")  # the last " at "
_SEPARATOR = re.compile(r"\s+[-–—|]\s+")


def _role_words_only(text: str) -> bool:
    return all(w in _ROLE_WORDS for w in re.findall(r"[\w&/+-]+", text.casefold()))


def split_title(title: str, fallback_employer: str) -> TitleParts:
    """Job title, employer and (when the title carries it) location from an item title.

    Understood, in this order: "Company: Title" (We Work Remotely; a title may contain " at "),
    "Title at Company", "Title - Company - Location" (Indeed) and "Title - Company" (or "|").
    A part made only of role words ("Backend", "Remote", "Full-time") is never the employer.
    Otherwise the title is kept whole and the employer is ``fallback_employer``.
    """
    text = re.sub(r"\s+", " ", title).strip()
    match = _COMPANY_FIRST.fullmatch(text)
    if match and not _role_words_only(match["e"]) and not _role_words_only(match["t"]):
        return TitleParts(match["t"].strip(), match["e"].strip())
    if (match := _AT_COMPANY.fullmatch(text)) and not _role_words_only(match["e"]):
        return TitleParts(match["t"].strip(), match["e"].strip())
    cuts = list(_SEPARATOR.finditer(text))
    if len(cuts) >= 2:
        company = text[cuts[-2].end() : cuts[-1].start()]
        if not _role_words_only(company):
            return TitleParts(text[: cuts[-2].start()], company, text[cuts[-1].end() :])
    if cuts and not _role_words_only(employer := text[cuts[-1].end() :]):
        return TitleParts(text[: cuts[-1].start()], employer)
    return TitleParts(text, fallback_employer)


_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]+")


def _rss_place(item: Element) -> str:
    """Where an item's job is: a <location> element; else We Work Remotely's <state> and
    <country> (flags dropped); else its <region> ("USA Only", "Anywhere in the World"), a
    remote-eligibility tag that a more specific state or country replaces."""
    if place := _text(item.find("location")):
        return place
    specific: list[str] = []
    for tag in ("state", "country"):
        value = re.sub(r"\s+", " ", _FLAG.sub(" ", _text(item.find(tag)))).strip(" ,")
        if value and value not in specific:
            specific.append(value)
    return ", ".join(specific) or _text(item.find("region"))


def _xhtml_markup(content: Element) -> str:
    """Atom ``type="xhtml"`` content (a <div> of XHTML elements) as an HTML string: reading its
    ``.text`` gives only the whitespace before the first child. Iterative, so depth is no limit."""
    out = [html.escape(content.text or "", quote=False)]
    stack: list[Element | str] = list(reversed(content))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
            continue
        tag = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else "span"
        out.append(f"<{tag}>{html.escape(node.text or '', quote=False)}")
        stack.append(f"</{tag}>{html.escape(node.tail or '', quote=False)}")
        stack.extend(reversed(node))
    return "".join(out)


def _atom_body(entry: Element) -> str:
    content = entry.find(f"{ATOM}content")
    if content is not None and content.get("type", "text").strip() == "xhtml":
        body = _xhtml_markup(content)
    else:
        body = _text(content)
    return body if body.strip() else _text(entry.find(f"{ATOM}summary"))


def _rss_items(root: Element) -> list[dict[str, str]]:
    channel = root.find("channel")
    feed_title = _text(channel.find("title")) if channel is not None else ""
    return [
        {
            "title": _text(item.find("title")),
            "link": _text(item.find("link")),
            # content:encoded carries the whole posting where description is often a summary
            "body": _text(item.find(f"{CONTENT}encoded")) or _text(item.find("description")),
            "date": _text(item.find("pubDate")) or _text(item.find(f"{DC}date")),
            "deadline": _text(item.find("expires_at")),
            "location": _rss_place(item),
            "id": _text(item.find("guid")) or _text(item.find("link")),
            "feed": feed_title,
        }
        for item in root.iter("item")
    ]


def _atom_items(root: Element) -> list[dict[str, str]]:
    feed_title = _text(root.find(f"{ATOM}title"))
    return [
        {
            "title": _text(entry.find(f"{ATOM}title")),
            "link": _atom_link(entry),
            "body": _atom_body(entry),
            "date": _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated")),
            "deadline": "",
            "location": "",
            "id": _text(entry.find(f"{ATOM}id")),
            "feed": feed_title,
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def parse_feed(xml: bytes, *, source: str) -> list[Listing]:
    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml raises several parse and security error types
        raise SourceError(
            f"{source}: not a readable RSS or Atom feed ({type(exc).__name__})"
        ) from exc
    if root.tag == "rss" or root.find("channel") is not None:
        items = _rss_items(root)
    elif root.tag == f"{ATOM}feed":
        items = _atom_items(root)
    else:
        raise SourceError(f"{source}: the document is neither RSS nor Atom (root <{root.tag}>)")
    listings = []
    for item in items:
        title, employer, title_place = split_title(item["title"], item["feed"] or source)
        try:
            listings.append(
                Listing(
                    source="rss",
                    source_job_id=item["id"][:200] or None,
                    title=title,
                    employer=employer,
                    job_url=item["link"],
                    location=(item["location"] or title_place or "")[:200] or None,
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
