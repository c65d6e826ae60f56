"""PDF helpers for tests."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from jobops.settings import get_settings


def stored_file(path: Path | str) -> Path:
    """A PDF path as jobops records it (relative to the data folder) as a file of this test."""
    return get_settings().data_path(str(path))


def pdf_text(path: Path | str) -> str:
    """All text of a PDF, whitespace folded (lines wrap anywhere); ``path`` may be relative to
    the test's data folder, as jobops records it."""
    reader = PdfReader(str(stored_file(path)))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
