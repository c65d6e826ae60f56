"""One real server: uvicorn on 127.0.0.1, a streamed Ghostwriter reply read as it arrives."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api.main import create_app
from jobops.db import Database
from jobops.resume.model import Resume
from tests.factories import add_job


@pytest.fixture
def server(db: Database, stored_resume: Resume) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert instance.started
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(5)


def test_sse_stream_over_a_real_socket(server: str, db: Database) -> None:
    job = add_job(db)
    received: list[str] = []
    with httpx.stream(
        "POST",
        f"{server}/api/jobs/{job.id}/ghostwriter/messages",
        json={"content": "Draft a cover letter", "stream": True},
        timeout=10,
        headers={"X-Request-ID": "sse-1"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-request-id"] == "sse-1"
        for line in response.iter_lines():
            if line.startswith("event: "):
                received.append(line.removeprefix("event: "))
    assert received[0] == "ready"
    assert received[-1] == "completed"
    assert received.count("delta") > 3
