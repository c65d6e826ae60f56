from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from jobops.analytics import last_seen, record_crawl, source_yields, unlisted_urls

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _run(ledger: Path, n: int, listed: dict[str, list[str]], failed: tuple[str, ...] = ()) -> None:
    crawls = [
        (
            src,
            src not in failed,
            len(urls),
            "boom" if src in failed else None,
            [] if src in failed else [(u, "T", "E") for u in urls],
        )
        for src, urls in listed.items()
    ]
    record_crawl(ledger, f"run-{n}", T0 + timedelta(days=n), crawls)


def test_unlisted_after_k_successful_crawls(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    assert unlisted_urls(ledger, 2) == set()
    _run(ledger, 1, {"gh:a": ["u1", "u2"], "rss:b": ["u9"]})
    _run(ledger, 2, {"gh:a": ["u1"], "rss:b": []}, failed=("rss:b",))
    assert unlisted_urls(ledger, 2) == set()  # u2 was still listed in one of the last two
    _run(ledger, 3, {"gh:a": ["u1"], "rss:b": []}, failed=("rss:b",))
    assert unlisted_urls(ledger, 2) == {"u2"}  # two good crawls of gh:a without it
    # and u9 stays: rss:b's failed crawls do not count
    assert unlisted_urls(ledger, 5) == set()  # not enough crawls yet


def test_last_seen_and_yields(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    _run(ledger, 1, {"gh:a": ["u1", "u2"]})
    _run(ledger, 2, {"gh:a": ["u1"]})
    assert last_seen(ledger, "u1") == T0 + timedelta(days=2)
    assert last_seen(ledger, "u2") == T0 + timedelta(days=1)
    assert last_seen(ledger, "nope") is None
    yields = source_yields(ledger)
    assert [(y.run_id, y.source, y.listed, y.ok) for y in yields] == [
        ("run-2", "gh:a", 1, True),
        ("run-1", "gh:a", 2, True),
    ]
    assert not list(ledger.glob(".*.tmp"))
