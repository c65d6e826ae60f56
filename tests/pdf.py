"""PDF helpers for tests."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path | str) -> str:
    """All text of a PDF, whitespace folded (lines wrap anywhere)."""
    reader = PdfReader(str(path))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
