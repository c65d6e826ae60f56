"""Server-Sent Events framing for streamed replies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jobops import context, ghostwriter
from jobops.db import Database
from jobops.errors import JobOpsError
from jobops.llm.base import LLMClient


def event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


def ghostwriter_events(
    db: Database, turn: ghostwriter.Turn, llm: LLMClient, user: ghostwriter.MessagePublic
) -> Iterator[str]:
    request_id = context.request_id.get()
    yield event(
        "ready",
        {"userMessage": user.model_dump(mode="json", by_alias=True), "requestId": request_id},
    )
    try:
        for chunk in ghostwriter.reply(db, turn, llm):
            yield event("delta", {"delta": chunk})
    except JobOpsError as exc:
        yield event("error", {"code": exc.code, "detail": exc.message, "requestId": request_id})
        return
    reply = ghostwriter.MessagePublic.model_validate(ghostwriter.last_reply(db, turn.job_id))
    yield event("completed", {"message": reply.model_dump(mode="json", by_alias=True)})
