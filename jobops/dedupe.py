"""Recognising the same job twice: canonical URLs, board ids, and fuzzy title + employer.

Pure functions; the repository applies them when listings are imported.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "gclid",
        "fbclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "ref",
        "refid",
        "referrer",
        "source",
        "src",
        "trk",
        "trkinfo",
        "trackingid",
        "gh_src",
        "gh_jid_src",
        "lever-source",
        "lever-origin",
        "ashby_jid_src",
        "campaign",
        "_hsenc",
        "_hsmi",
        "igshid",
        "si",
        "share",
        "sharing",
    }
)
COMPANY_SUFFIXES = (
    "incorporated",
    "inc",
    "llc",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "bv",
    "nv",
    "corp",
    "corporation",
    "co",
    "company",
    "group",
    "holdings",
    "technologies",
    "labs",
    "oy",
    "ab",
)
TITLE_SIMILARITY = 0.9


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, ``www.`` and default ports dropped, tracking parameters and
    fragments removed, remaining parameters sorted, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/") or "/"
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme,
            host,
            path,
            urlencode(query),
            "",
        )
    )


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def employer_key(name: str) -> str:
    """``"Acme Corp., Inc."`` -> ``"acme"``: punctuation, legal suffixes and spaces removed."""
    words = re.findall(r"[a-z0-9]+", _ascii(name).replace("&", " and "))
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    return "".join(words)


def title_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", _ascii(title)))


def same_title(a: str, b: str, *, threshold: float = TITLE_SIMILARITY) -> bool:
    ka, kb = title_key(a), title_key(b)
    return ka == kb or SequenceMatcher(None, ka, kb).ratio() >= threshold
