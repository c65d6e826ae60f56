from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobops.errors import SourceError
from jobops.sources.file import read_feed
from tests.conftest import DEMO_FEED


def test_demo_feed_reads_30_valid_listings() -> None:
    result = read_feed(DEMO_FEED)
    assert len(result.listings) == 30
    assert result.rejected == []
    assert len({listing.job_url for listing in result.listings}) == 30


def test_json_array_and_bad_rows(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {"title": "A", "employer": "E", "jobUrl": "https://x.test/1", "sourceJobId": 7},
                {"title": "", "employer": "E", "jobUrl": "https://x.test/2"},
                {"title": "B", "employer": "E", "jobUrl": "javascript:alert(1)"},
                "not an object",
            ]
        )
    )
    result = read_feed(feed)
    assert [listing.title for listing in result.listings] == ["A"]
    assert result.listings[0].source_job_id == "7"
    assert len(result.rejected) == 3
    assert "feed.json:3: job_url" in result.rejected[1] or "jobUrl" in result.rejected[1]


def test_malformed_jsonl_names_the_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "employer": "E", "jobUrl": "https://x.test/1"}\n{oops\n')
    with pytest.raises(SourceError, match=r"feed.jsonl:2"):
        read_feed(feed)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        read_feed(tmp_path / "nope.jsonl")
