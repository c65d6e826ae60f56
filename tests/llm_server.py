"""A small OpenAI-compatible server for tests: ``POST /v1/chat/completions`` on 127.0.0.1.

By default it answers scoring and tailoring prompts with valid JSON. Tests script failures by
queueing :class:`Step` objects (an HTTP status with headers, a delay, or a raw reply), and may
make it reject some ``response_format`` types with 400. Every request body is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content: str | None = None  # the assistant message, verbatim
    finish_reason: str = "stop"


SCORE_REPLY = {
    "score": 82,
    "reason": "Strong Python and PostgreSQL match; no Go experience.",
    "matched_skills": ["Python", "PostgreSQL"],
    "missing_skills": ["Go"],
    "brief": {
        "role_summary": "Backend role",
        "they_want": ["Python"],
        "practical_details": ["Remote"],
    },
}
TAILOR_REPLY = {
    "headline": "Backend Engineer",
    "summary": "Backend engineer who builds Python services on PostgreSQL and Kafka.",
    "skills": [{"name": "Backend", "keywords": ["Python", "FastAPI"]}],
    "selected_project_ids": ["p1", "p2"],
}


class FakeLLMServer:
    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.reject_formats: set[str] = set()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.score_reply: dict[str, Any] = dict(SCORE_REPLY)
        self.tailor_reply: dict[str, Any] = dict(TAILOR_REPLY)
        self.wrap_in_prose = False
        self.in_flight = 0
        self.max_in_flight = 0
        #: (probability, seed): answer that share of calls with a random fault (429, 500, a
        #: timeout-length delay or invalid JSON), reproducibly.
        self.fault_rate: float = 0.0
        self.fault_delay: float = 3.0
        self.latency: float = 0.0  # added to every answer (benchmarks)
        self._random = __import__("random").Random(7)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def script(self, *steps: Step) -> None:
        with self._lock:
            self.steps.extend(steps)

    def formats_seen(self) -> list[str]:
        return [(r.get("response_format") or {}).get("type", "text") for r in self.requests]

    # -------------------------------------------------------------------------------- handling

    def _next_step(self) -> Step:
        with self._lock:
            if self.steps:
                return self.steps.popleft()
            if self.fault_rate and self._random.random() < self.fault_rate:
                return self._random.choice(
                    [
                        Step(status=429, headers={"retry-after-ms": "5"}),
                        Step(status=500, headers={"retry-after-ms": "5"}),
                        Step(delay=self.fault_delay),
                        Step(content="{this is not json"),
                    ]
                )
            return Step()

    def _reply_for(self, body: dict[str, Any]) -> str:
        prompt = " ".join(str(m.get("content", "")) for m in body.get("messages", []))
        reply = self.score_reply if "Score from 0 to 100" in prompt else self.tailor_reply
        text = json.dumps(reply)
        return f"Sure! Here it is:\n```json\n{text}\n```" if self.wrap_in_prose else text

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                return

            def _send(
                self, status: int, payload: Any, headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                fmt = (body.get("response_format") or {}).get("type", "text")
                if fmt in server.reject_formats:
                    self._send(
                        400, {"error": {"message": f"response_format {fmt} is not supported"}}
                    )
                    return
                step = server._next_step()
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    if step.delay or server.latency:
                        time.sleep(step.delay + server.latency)
                finally:
                    with server._lock:
                        server.in_flight -= 1
                if step.status != 200:
                    self._send(
                        step.status, {"error": {"message": f"scripted {step.status}"}}, step.headers
                    )
                    return
                content = step.content if step.content is not None else server._reply_for(body)
                if body.get("stream"):
                    self._stream(content)
                    return
                self._send(
                    200,
                    {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "test-model"),
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": step.finish_reason,
                                "message": {"role": "assistant", "content": content},
                            }
                        ],
                        "usage": {
                            "prompt_tokens": 100,
                            "completion_tokens": 20,
                            "total_tokens": 120,
                        },
                    },
                )

            def _stream(self, content: str) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                for i in range(0, len(content), 16):
                    chunk = {
                        "id": "c",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": "m",
                        "choices": [
                            {
                                "index": 0,
                                "delta": {"content": content[i : i + 16]},
                                "finish_reason": None,
                            }
                        ],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

        return Handler
