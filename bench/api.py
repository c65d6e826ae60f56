"""The API under load: a 50,000-job database, 20 concurrent connections on loopback.

``GET /api/jobs`` (a page of 50 with a status filter) and ``GET /api/jobs/{id}`` are loaded with
wrk when it is installed (Debian's package; installed on the fly when possible) or with a small
threaded HTTP client otherwise, for a bounded time each. The PATCH -> generate-pdf round trip is
timed sequentially.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

JOBS = 50_000
CONNECTIONS = 20
SECONDS = 10


def _fill(url: str, n: int) -> str:
    from jobops import repo
    from jobops.db import Database
    from jobops.resume.importers import load_resume_file
    from jobops.settings import PROJECT_ROOT
    from jobops.sources.base import Listing

    db = Database(url)
    with db.session() as session:
        fmt, resume = load_resume_file(PROJECT_ROOT / "jobops" / "demo" / "resume.json")
        repo.add_resume(session, fmt, resume)
    for start in range(0, n, 2000):
        batch = [
            Listing(
                source="bench",
                title=f"Backend Engineer {i}",
                employer=f"Company {i % 997}",
                job_url=f"https://bench.test/jobs/{i}",
                location="Remote",
                job_description="Python, FastAPI and PostgreSQL. " * 30,
            )
            for i in range(start, min(start + 2000, n))
        ]
        with db.session() as session:
            repo.insert_listings(session, batch)
    with db.session() as session:
        job_id = repo.list_jobs(session, limit=1)[0][0].id
    db.dispose()
    return job_id


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wrk() -> str | None:
    if shutil.which("wrk") is None and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, timeout=300, check=False
        )
    return shutil.which("wrk")


def _load_wrk(wrk: str, url: str) -> dict[str, float]:
    out = subprocess.run(
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": round(rps, 1),
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def _load_python(url: str) -> dict[str, float]:
    latencies: list[float] = []
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                client.get(url)
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(latencies, n=100)
    return {
        "rps": round(len(latencies) / SECONDS, 1),
        "p50_ms": round(q[49], 2),
        "p99_ms": round(q[98], 2),
        "non_2xx": 0.0,
    }


def run(jobs: int = JOBS) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="jobops-bench-api-"))
    url = f"sqlite:///{tmp / 'jobops.db'}"
    print(f"  api: filling {jobs} jobs ...", file=sys.stderr)
    job_id = _fill(url, jobs)
    port = _free_port()
    env = {**os.environ, "JOBOPS_DATA_DIR": str(tmp), "JOBOPS_DATABASE_URL": url}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        wrk = _wrk()
        tool = "wrk" if wrk else "python threads"
        print(f"  api: load with {tool} ...", file=sys.stderr)
        load = (lambda u: _load_wrk(wrk, u)) if wrk else _load_python
        listing = load(f"{base}/api/jobs?status=discovered&limit=50&sort=discoveredAt")
        detail = load(f"{base}/api/jobs/{job_id}")
        round_trips = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for i in range(20):
                started = time.perf_counter()
                client.patch(f"/api/jobs/{job_id}", json={"tailoredSummary": f"Round trip {i}."})
                response = client.post(f"/api/jobs/{job_id}/generate-pdf")
                round_trips.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "jobs": jobs,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "tool": tool,
        "list_rps": listing["rps"],
        "list_p50_ms": listing["p50_ms"],
        "list_p99_ms": listing["p99_ms"],
        "detail_rps": detail["rps"],
        "detail_p50_ms": detail["p50_ms"],
        "detail_p99_ms": detail["p99_ms"],
        "patch_generate_pdf_median_ms": round(statistics.median(round_trips), 1),
        "non_2xx": listing["non_2xx"] + detail["non_2xx"],
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else JOBS), indent=1))
