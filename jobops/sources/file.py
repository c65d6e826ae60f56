"""The ``file`` source: listings from a JSON array or a JSONL file (UTF-8, a BOM allowed).

One bad line of a JSONL file (malformed JSON, not an object, a listing that does not validate) is
reported with its line number and reason and skipped, so it never loses the rest of the feed. A
JSON array that does not parse as a whole is a :class:`SourceError` naming the file and position.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jobops.errors import SourceError
from jobops.sources.base import Listing


@dataclass
class FeedReadResult:
    listings: list[Listing] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "file:line: reason"


@dataclass(frozen=True)
class _BadLine:
    reason: str


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    """(line or item number, parsed record or :class:`_BadLine`) for every record."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Windows editors write one) is dropped
    except FileNotFoundError as exc:
        raise SourceError(f"Feed file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"Cannot read feed file {path}: {exc}") from exc
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{path}: not valid JSON ({exc})") from exc
        yield from enumerate(data, start=1)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, _BadLine(f"not valid JSON: {exc.msg} (column {exc.colno})")


def read_feed(path: Path, *, source: str = "file") -> FeedReadResult:
    """Read every listing in ``path``; listings that fail validation are listed in ``rejected``."""
    result = FeedReadResult()
    for number, record in _records(path):
        if isinstance(record, _BadLine):
            result.rejected.append(f"{path.name}:{number}: {record.reason}")
            continue
        if not isinstance(record, dict):
            result.rejected.append(f"{path.name}:{number}: not a JSON object")
            continue
        try:
            result.listings.append(Listing.model_validate({"source": source, **record}))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            result.rejected.append(f"{path.name}:{number}: {problems}")
    return result
