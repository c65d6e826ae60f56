from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from jobops.db import Database
from jobops.logs import configure_logging
from tests.factories import add_job


def test_request_log_lines_carry_the_request_id(
    client: TestClient, db: Database, tmp_path: Path
) -> None:
    log_file = tmp_path / "api.jsonl"
    configure_logging(log_file=log_file)
    try:
        job = add_job(db)
        client.post(f"/api/jobs/{job.id}/skip", headers={"X-Request-ID": "trace-7"})
    finally:
        configure_logging()
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    requests = [line for line in lines if line["msg"] == "request"]
    assert requests, lines
    assert requests[-1]["requestId"] == "trace-7"
    assert requests[-1]["status"] == 200
    assert requests[-1]["path"].endswith("/skip")
