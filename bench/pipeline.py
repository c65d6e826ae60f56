"""The whole pipeline through the real Prefect flow: N listings from a local HTTP job board,
scored and the top ones tailored against a local OpenAI-compatible server that answers every
call after a fixed latency, at a given concurrency.

Reported against the ideal: LLM calls * latency / concurrency, plus the measured render time.
Each size runs in its own process, so its peak RSS is its own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LATENCY = 0.1
CONCURRENCY = 8
TOP_N = 10


def _board(n: int) -> bytes:
    skills = [
        "Python",
        "FastAPI",
        "PostgreSQL",
        "Kafka",
        "Docker",
        "Kubernetes",
        "AWS",
        "Go",
        "React",
    ]
    jobs = [
        {
            "id": i,
            "title": f"Backend Engineer {i}",
            "company_name": f"Company {i % 700}",
            "absolute_url": f"https://boards.example.test/jobs/{i}",
            "location": {"name": "Remote"},
            "updated_at": "2026-11-20T10:00:00Z",
            "content": f"&lt;p&gt;We use {skills[i % 9]}, {skills[(i + 3) % 9]} "
            f"and {skills[(i + 5) % 9]}. "
            + "You will build services and review code. " * 20
            + "&lt;/p&gt;",
        }
        for i in range(n)
    ]
    return json.dumps({"jobs": jobs}).encode()


def _serve_board(body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            return

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def child(n: int) -> dict[str, Any]:
    """Runs inside its own process (see :func:`run`)."""
    from tests.llm_server import FakeLLMServer

    board = _serve_board(_board(n))
    llm = FakeLLMServer().start()
    llm.latency = LATENCY
    host, port = board.server_address[:2]
    data = Path(tempfile.mkdtemp(prefix="jobops-bench-"))
    os.environ.update(
        {
            "JOBOPS_DATA_DIR": str(data),
            "PREFECT_HOME": str(data / "prefect"),
            "JOBOPS_SOURCES__GREENHOUSE": '["bench=Bench Co"]',
            "JOBOPS_SOURCES__GREENHOUSE_URL": f"http://{host}:{port}/gh",
            "JOBOPS_SOURCES__MAX_PER_SOURCE": str(n),
            "JOBOPS_SOURCES__MIN_INTERVAL_SECONDS": "0",
            "JOBOPS_LLM__BASE_URL": llm.base_url,
            "JOBOPS_LLM__MODEL": "bench",
            "JOBOPS_LLM__MAX_CONCURRENCY": str(CONCURRENCY),
            "JOBOPS_PIPELINE__SCORING_CONCURRENCY": str(CONCURRENCY),
            "JOBOPS_PIPELINE__PROCESSING_CONCURRENCY": str(CONCURRENCY),
            "PREFECT_LOGGING_LEVEL": "ERROR",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
        }
    )
    from prefect import flow

    from flows.pipeline import pipeline_flow
    from jobops import repo
    from jobops.db import get_database
    from jobops.resume.importers import load_resume_file
    from jobops.settings import PROJECT_ROOT

    fmt, resume = load_resume_file(PROJECT_ROOT / "jobops" / "demo" / "resume.json")
    with get_database().session() as session:
        repo.add_resume(session, fmt, resume)

    @flow
    def warm_up() -> None:  # start Prefect's temporary server before the clock starts
        return None

    warm_up()
    started = time.perf_counter()
    summary = pipeline_flow(min_score=0, top_n=TOP_N)
    wall = time.perf_counter() - started
    calls = len(llm.requests)
    ideal = calls * LATENCY / CONCURRENCY + 0.01 * TOP_N  # + ~10 ms a render, measured below
    return {
        "listings": n,
        "status": summary.status,
        "wall_s": round(wall, 2),
        "llm_calls": calls,
        "ideal_s": round(ideal, 2),
        "ratio_to_ideal": round(wall / ideal, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "scored": summary.counts.get("scored", 0),
        "processed": summary.counts.get("processed", 0),
    }


def run(sizes: tuple[int, ...] = (500, 5000)) -> dict[str, Any]:
    out: dict[str, Any] = {"latency_ms": LATENCY * 1000, "concurrency": CONCURRENCY}
    for n in sizes:
        print(f"  pipeline: {n} listings ...", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, "-m", "bench.pipeline", "--child", str(n)],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
        if done.returncode != 0 or not lines:
            out[f"error_{n}"] = done.stderr[-500:]
            continue
        result = json.loads(lines[-1])
        out[f"run_{n}"] = result
        out[f"ratio_to_ideal_{n}"] = result["ratio_to_ideal"]
        out[f"peak_rss_mb_{n}"] = result["peak_rss_mb"]
    return out


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
    else:
        print(json.dumps(run(tuple(int(a) for a in sys.argv[1:]) or (500, 5000)), indent=1))
