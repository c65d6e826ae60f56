"""The request envelope as plain ASGI (no per-request task group, unlike ``@app.middleware``):
a request id accepted or made, echoed and bound for logs and events; the bearer token when
JOBOPS_API_TOKEN is set; one JSON access log line per request."""

from __future__ import annotations

import hmac
import json
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body
from jobops import context
from jobops.logs import get_logger
from jobops.settings import get_settings

log = get_logger("api")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestEnvelope:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("x-request-id", "")
        rid = given if _REQUEST_ID.match(given) else str(uuid.uuid4())
        started = time.perf_counter()
        status: dict[str, int] = {}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", rid.encode("latin-1")),
                ]
            await send(message)

        with context.bind(request_id=rid):
            if self._unauthorized(scope["path"], headers):
                await self._deny(send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status.get("code"),
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )

    @staticmethod
    def _unauthorized(path: str, headers: dict[str, str]) -> bool:
        token = get_settings().api_token
        if token is None or not path.startswith("/api"):
            return False
        expected = f"Bearer {token.get_secret_value()}"
        return not hmac.compare_digest(headers.get("authorization", "").encode(), expected.encode())

    @staticmethod
    async def _deny(send: Send) -> None:
        body = json.dumps(error_body("Missing or wrong bearer token.", "unauthorized")).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", b"Bearer"),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})
