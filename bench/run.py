"""``make bench``: every benchmark, a table on stdout, bench/results.json and docs/benchmarks.md.

Not part of ``make test``: these are measurements on a shared machine, reported as figures and
ratios, never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "render.typst_warm_median_ms": ("<=", 5.0),
    "render.warm_chromium_speedup": (">=", 10.0),
    "render.cold_chromium_speedup": (">=", 20.0),
    "pipeline.ratio_to_ideal_500": ("<=", 1.15),
    "api.list_rps": (">=", 400.0),
    "api.list_p99_ms": ("<=", 100.0),
    "relevance.new_ndcg5_mean": (">=", 0.85),
    "relevance.new_strong_at_or_above_share": (">=", 0.9),
    "relevance.new_unrelated_below_share": (">=", 0.95),
}


def _machine() -> str:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("model name")),
        "unknown CPU",
    )
    meminfo = Path("/proc/meminfo").read_text().split() if Path("/proc/meminfo").exists() else []
    mem = f", {int(meminfo[1]) / 1024 / 1024:.0f} GiB RAM" if len(meminfo) > 1 else ""
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){mem}, "
        f"Python {platform.python_version()}"
    )


def _flat(results: dict[str, Any]) -> dict[str, Any]:
    return {
        f"{section}.{key}": value
        for section, values in results.items()
        if isinstance(values, dict)
        for key, value in values.items()
        if not isinstance(value, dict)
    }


def _verdict(key: str, value: Any) -> str:
    if key not in TARGETS:
        return ""
    op, target = TARGETS[key]
    if not isinstance(value, int | float):
        return f"not measured (target {op} {target:g})"
    met = value <= target if op == "<=" else value >= target
    return f"{'met' if met else 'NOT met'} (target {op} {target:g})"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured with `make bench` on {results['machine']}, "
        f"{results['date']}. Figures from one run on a shared machine; ratios matter more "
        "than the absolute numbers.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
    ]
    for key, value in _flat(results).items():
        if key.startswith(("machine", "date")):
            continue
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        lines.append(f"| `{key}` | {shown} | {_verdict(key, value)} |")
    if isinstance(results.get("relevance"), dict) and "per_resume" in results["relevance"]:
        from bench import relevance

        lines += relevance.markdown(results["relevance"])
    lines += [
        "",
        "How each is measured: see the docstrings in `bench/`. Reading the figures:",
        "",
        "- `render.typst_warm_*` compiles the same tailored resume again and again; Typst caches",
        "  inside a process, so `typst_warm_varied_*` (a different job each time) is what a",
        "  long-running jobops sees, and `warm_chromium_speedup_varied` the fairer warm ratio.",
        "- `pipeline.ratio_to_ideal_*` compares the real Prefect flow with LLM calls x latency /",
        "  concurrency: the gap is Prefect's per-task-run bookkeeping and SQLite's single writer.",
        "- `api.*` is one uvicorn process on the same 2 cores as the load generator.",
        "- `relevance.*`: `old_*` is the keyword scorer before the relevance model, `new_*` the",
        "  model; both on the same labelled set, which its authors wrote and labelled.",
    ]
    return "\n".join(lines) + "\n"


def main(quick: bool = False, only: list[str] | None = None) -> dict[str, Any]:
    """Run every benchmark, or ``only`` the named ones (the others' last figures are kept)."""
    from bench import api, dedupe, pipeline, relevance, render

    results: dict[str, Any] = {}
    saved = ROOT / "bench" / "results.json"
    if only and saved.exists():
        results = json.loads(saved.read_text())
    results.update({"machine": _machine(), "date": time.strftime("%Y-%m-%d")})
    steps = [
        ("relevance", relevance.run),
        ("render", lambda: render.run(quick=quick)),
        ("dedupe", lambda: dedupe.run(total=10_000 if quick else 100_000)),
        ("api", lambda: api.run(5_000 if quick else 50_000)),
        ("pipeline", lambda: pipeline.run((500,) if quick else (500, 5000))),
    ]
    for name, step in steps:
        if only and name not in only:
            continue
        print(f"== {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            results[name] = step()
        except Exception as exc:  # one failed benchmark is reported, the others still run
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        results[name]["bench_seconds"] = round(time.perf_counter() - started, 1)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "benchmarks.md").write_text(markdown(results))
    for key, value in _flat(results).items():
        print(f"{key:45} {value}  {_verdict(key, value)}")
    return results


if __name__ == "__main__":
    main(quick="--quick" in sys.argv, only=[a for a in sys.argv[1:] if not a.startswith("-")])
