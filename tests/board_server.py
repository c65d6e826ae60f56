"""Job boards on 127.0.0.1, replaying response files recorded from the documented formats."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "boards"

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/gh/northwind/jobs": (
        200,
        "application/json",
        (FIXTURES / "greenhouse_northwind.json").read_bytes(),
    ),
    "/lever/northwind": (200, "application/json", (FIXTURES / "lever_northwind.json").read_bytes()),
    "/ashby/meridian": (200, "application/json", (FIXTURES / "ashby_meridian.json").read_bytes()),
    "/gh/quayside/jobs": (
        200,
        "application/json",
        (FIXTURES / "greenhouse_quayside.json").read_bytes(),
    ),
    "/lever/quayside": (200, "application/json", (FIXTURES / "lever_quayside.json").read_bytes()),
    "/ashby/quayside": (200, "application/json", (FIXTURES / "ashby_quayside.json").read_bytes()),
    "/feeds/remote.rss": (200, "application/rss+xml", (FIXTURES / "remote_jobs.rss").read_bytes()),
    "/feeds/careers.atom": (200, "application/atom+xml", (FIXTURES / "careers.atom").read_bytes()),
    "/feeds/remote-board.rss": (
        200,
        "application/rss+xml",
        (FIXTURES / "remote_board.rss").read_bytes(),
    ),
    "/feeds/harbourlight.atom": (
        200,
        "application/atom+xml",
        (FIXTURES / "harbourlight.atom").read_bytes(),
    ),
    "/gh/changed/jobs": (
        200,
        "application/json",
        b'{"jobs": [{"id": 1, "name": "renamed title field"}]}',
    ),
    "/gh/down/jobs": (503, "application/json", b'{"error": "maintenance"}'),
    "/feeds/not-xml": (200, "text/html", b"<html><body>nope"),
}


class BoardServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.requests.append(self.path)
                status, kind, body = ROUTES.get(path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
