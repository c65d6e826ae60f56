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


#: Words that do not make two titles different jobs.
TITLE_NOISE = frozenset(
    "m f d w x mfd mwd all genders gender remote hybrid onsite on site full time fulltime part "
    "parttime contract permanent temporary the a an and of for in at".split()
)


_LEVEL = re.compile(r"^(?:[ivx]{1,4}|\d+)$")


def title_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", _ascii(title)))


def _title_tokens(title: str) -> list[str]:
    return [t for t in title_key(title).split() if t not in TITLE_NOISE]


def same_title(a: str, b: str, *, threshold: float = TITLE_SIMILARITY) -> bool:
    """The same job title: the same words (case, punctuation, order and noise such as "(m/f/d)"
    or "Remote" aside), or a near-identical spelling (a typo). "Backend Engineer, Payments" and
    "Backend Engineer, Platform" stay two jobs."""
    ta, tb = _title_tokens(a), _title_tokens(b)
    if sorted(ta) == sorted(tb):
        return True
    if {t for t in ta if _LEVEL.match(t)} != {t for t in tb if _LEVEL.match(t)}:
        return False  # "Engineer II" and "Engineer III" are different jobs
    ka, kb = " ".join(ta), " ".join(tb)
    if abs(len(ka) - len(kb)) > 2:
        return False
    return SequenceMatcher(None, ka, kb).ratio() >= max(threshold, 0.95)


def close_title(a: str, b: str) -> bool:
    """Looser than :func:`same_title`: also one word more or less ("Data Engineer II" is close
    to "Data Engineer"), for warning about a job like one already applied to."""
    if same_title(a, b):
        return True
    ta, tb = set(_title_tokens(a)), set(_title_tokens(b))
    small, big = sorted((ta, tb), key=len)
    return bool(small) and small <= big and len(big - small) <= 1
