"""Log lines carrying the correlation ids (requestId, flowRunId, pipelineRunId, jobId) in context:
JSON lines for files and stderr, or one line of text where only the message is shown (the
Prefect UI).

Extra fields pass through :func:`jobops.redaction.redact`, so a secret-looking key never reaches
a log, and long strings are truncated.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jobops import context
from jobops.redaction import redact

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def _extra(record: logging.LogRecord) -> dict[str, Any]:
    """The fields passed with ``extra=``, redacted."""
    extra = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
    redacted: dict[str, Any] = redact(extra) if extra else {}
    return redacted


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
            **context.current(),
        }
        line.update(_extra(record))
        if record.exc_info:
            line["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``scored 'Senior Backend Engineer' at Northwind Analytics: 78 · pipelineRunId=… jobId=…
    score=78``: the message, then the bound ids and the extra fields as ``key=value``."""

    def __init__(self, *, omit: Collection[str] = ()) -> None:
        super().__init__()
        self.omit = set(omit)

    def format(self, record: logging.LogRecord) -> str:
        fields = {**context.current(), **_extra(record)}
        pairs = " ".join(
            f"{key}={_text(value)}" for key, value in fields.items() if key not in self.omit
        )
        text = str(redact(record.getMessage())) + (f" · {pairs}" if pairs else "")
        if record.exc_info:
            text += "\n" + str(redact(self.formatException(record.exc_info)))
        return text


def _text(value: Any) -> str:
    if isinstance(value, str) and value and not any(c.isspace() for c in value):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO", *, log_file: Path | None = None) -> None:
    """Send the ``jobops`` loggers to stderr, or to ``log_file``, as JSON lines (idempotent)."""
    logger = logging.getLogger("jobops")
    logger.setLevel(level.upper())
    for old in [h for h in logger.handlers if isinstance(h.formatter, JsonFormatter)]:
        logger.removeHandler(old)
        old.close()
    handler: logging.Handler
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.propagate = False


def ensure_file_logging(log_file: Path) -> None:
    """JSON lines to ``log_file`` unless they already go there: for code that may run in a fresh
    process that nobody set logging up for (a flow run started by a Prefect worker)."""
    logger = logging.getLogger("jobops")
    target = str(log_file.resolve())
    for handler in logger.handlers:
        json_file = isinstance(handler, logging.FileHandler) and isinstance(
            handler.formatter, JsonFormatter
        )
        if json_file and getattr(handler, "baseFilename", None) == target:
            return
    configure_logging(logging.getLevelName(logger.level or logging.INFO), log_file=log_file)


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(name if name.startswith("jobops") else f"jobops.{name}")
