"""JSON log lines carrying the correlation ids (requestId, pipelineRunId, jobId) in context.

Extra fields pass through :func:`jobops.redaction.redact`, so a secret-looking key never reaches
a log, and long strings are truncated.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jobops import context
from jobops.redaction import redact

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
            **context.current(),
        }
        extra = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if extra:
            line.update(redact(extra))
        if record.exc_info:
            line["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, default=str, ensure_ascii=False)


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


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(name if name.startswith("jobops") else f"jobops.{name}")
