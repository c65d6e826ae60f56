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


def test_a_malformed_jsonl_line_is_reported_and_the_rest_imports(tmp_path: Path) -> None:
    good = [
        json.dumps({"title": f"Job {n}", "employer": "E", "jobUrl": f"https://x.test/{n}"})
        for n in range(49)
    ]
    lines = [*good[:20], '{"title": "broken", "employer": ', *good[20:]]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_feed(feed)
    assert len(result.listings) == 49
    assert result.rejected == ["feed.jsonl:21: not valid JSON: Expecting value (column 33)"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    row = {"title": "A", "employer": "E", "jobUrl": "https://x.test/1"}
    feed.write_bytes(b"\xef\xbb\xbf" + json.dumps(row).encode() + b"\n")
    result = read_feed(feed)
    assert [li.title for li in result.listings] == ["A"] and not result.rejected
    feed.write_bytes(b"\xef\xbb\xbf" + json.dumps([row]).encode())
    assert [li.title for li in read_feed(feed).listings] == ["A"]


def test_a_broken_json_array_names_the_file(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text('[{"title": "A"},', encoding="utf-8")
    with pytest.raises(SourceError, match=r"feed.json: not valid JSON"):
        read_feed(feed)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        read_feed(tmp_path / "nope.jsonl")
