"""Words as the relevance model compares them: folded, stemmed, stop words out, phrases kept.

The same functions build the bundled data (``scripts/build_relevance_data.py``) and read resumes
and postings, so a word is normalised one way everywhere. Plain functions over strings.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

#: English function words, and the words every posting or resume uses whatever the job is
#: ("experience", "team", "role"): they say nothing about which occupation a text is about.
STOP_WORDS = frozenset(
    """
    a about above across after again against all almost along already also although always am
    among an and another any anyone anything are around as at be became because become been
    before being below between both but by can cannot could did do does doing done down during
    each either else etc even ever every few for from further get gets getting give given go
    goes going got had has have having he her here hers him his how however i if in including
    into is it its itself just least less like made make makes making many may me might more
    most much must my near need needs neither never no nor not now of off often on once one only
    onto or other others otherwise our ours out over own per perhaps please plus put quite
    rather really same see seem seen several shall she should since so some something such
    than that the their theirs them then there these they this those though through throughout
    thus to together too toward towards under until up upon us use used uses using very via
    want was we well were what whatever when where whether which while who whom whose why will
    with within without would yet you your yours yourself
    able ability across ideally including e.g i.e new per strong good great excellent
    role roles job jobs position positions candidate candidates opportunity opportunities
    experience experienced years year month months week weeks day days time full part
    looking join joining apply applying application applications hire hiring team teams
    company companies work working works responsibilities responsible requirements required
    require requires preferred plus bonus benefits benefit salary pay competitive package
    offer offers offering equal employer inclusive diverse diversity status regardless
    including please within across based remote hybrid onsite office location locations
    uk us usa eu london
    """.split()
)

_STEMMER = snowballstemmer.stemmer("english")
#: A Snowball stemmer keeps its working state on itself: one word at a time (tasks run in threads)
_STEMMER_LOCK = threading.Lock()
#: Spelling variants folded before tokenising, so "full-stack", "full stack" and "fullstack" meet.
_COMPOUNDS = (
    (re.compile(r"\bfull[\s-]+stack\b"), "fullstack"),
    (re.compile(r"\bfront[\s-]+end\b"), "frontend"),
    (re.compile(r"\bback[\s-]+end\b"), "backend"),
    (re.compile(r"\be[\s-]+commerce\b"), "ecommerce"),
    (re.compile(r"\bon[\s-]+call\b"), "oncall"),
    (re.compile(r"\bdev[\s-]*ops\b"), "devops"),
    (re.compile(r"\bmachine[\s-]+learning\b"), "machine learning"),
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.(?:js|net|io)\b)?|\.net\b|[&]")
_BREAK = re.compile(r"[;:!?()\[\]\n\r\u2022\u00b7|/,]|\.(?=\s|$)|\s[-\u2013\u2014]\s")
#: A phrase boundary inside the token stream.
BREAK = "|"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """One word as compared: words with digits or symbols (c++, node.js, 3d) stay as written."""
    if not word.isalpha():
        return word
    with _STEMMER_LOCK:
        return str(_STEMMER.stemWord(word))


def fold(text: str) -> str:
    text = text.casefold().replace("\u2019", "'")
    for pattern, replacement in _COMPOUNDS:
        text = pattern.sub(replacement, text)
    return text


def _raw_words(text: str) -> Iterator[str]:
    for chunk in _BREAK.split(fold(text)):
        words = [w for w in _TOKEN.findall(chunk) if w != "&"]
        yield from words
        yield BREAK


def _is_content(word: str) -> bool:
    if word in STOP_WORDS or not any(ch.isalpha() for ch in word):
        return False
    return len(word) > 1 or word in {"c", "r"}


def stems(text: str) -> list[str]:
    """The text's content words, stemmed, with :data:`BREAK` where a phrase cannot go on
    (punctuation, a line break, a bullet)."""
    return [s for s, _ in stems_and_words(text)]


def stems_and_words(text: str) -> list[tuple[str, str]]:
    """:func:`stems`, each with the (folded) word it came from."""
    out: list[tuple[str, str]] = []
    for word in _raw_words(text):
        if word == BREAK:
            if out and out[-1][0] != BREAK:
                out.append((BREAK, BREAK))
        elif _is_content(word):
            out.append((stem(word), word))
    return out


def title_words(text: str) -> list[str]:
    """A job title's content words, folded and singular but not stemmed: a title's agent nouns
    carry the occupation ("accountant" is not "account", "marketing" is not "market")."""
    out = []
    for word in _raw_words(text):
        if word != BREAK and _is_content(word):
            plural = len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            out.append(word[:-1] if plural else word)
    return out


def content_stems(text: str) -> list[str]:
    """:func:`stems` without the breaks."""
    return [s for s in stems(text) if s != BREAK]


def phrase_key(words: list[str] | tuple[str, ...]) -> str:
    """The key a multi-word term is known by: its stems, sorted, so word order does not matter
    ("administer medication" and "medication administration" meet; "financial statements
    preparation" and "prepare financial statements" too)."""
    return " ".join(sorted(words))


def ngram_keys(tokens: list[str], sizes: tuple[int, ...] = (2, 3)) -> Iterator[str]:
    """The phrase keys of every run of ``sizes`` consecutive stems that no break interrupts."""
    for size in sizes:
        for start in range(len(tokens) - size + 1):
            window = tokens[start : start + size]
            if BREAK not in window and len(set(window)) == size:
                yield phrase_key(window)
