"""JSON lines for files, one line of text where only the message is shown."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobops import context
from jobops.logs import JsonFormatter, TextFormatter, configure_logging, ensure_file_logging


def _record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("jobops.tasks", logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_the_text_line_carries_the_ids_and_fields_in_the_message() -> None:
    record = _record("scored %s: %d", "'Senior Backend Engineer' at Northwind Analytics", 78)
    record.__dict__.update(score=78, apiKey="sk-secret", note="two words")
    with context.bind(flow_run_id="f1", pipeline_run_id="p1", job_id="j1"):
        line = TextFormatter(omit={"flowRunId"}).format(record)
        as_json = json.loads(JsonFormatter().format(record))
    assert line == (
        "scored 'Senior Backend Engineer' at Northwind Analytics: 78 · pipelineRunId=p1 "
        'jobId=j1 score=78 apiKey=[REDACTED] note="two words"'
    )
    assert as_json["msg"] == "scored 'Senior Backend Engineer' at Northwind Analytics: 78"
    assert as_json["flowRunId"] == "f1" and as_json["score"] == 78
    assert as_json["apiKey"] == "[REDACTED]"
    assert TextFormatter().format(_record("plain")) == "plain"


def _json_handlers(logger: logging.Logger) -> list[logging.Handler]:
    return [h for h in logger.handlers if isinstance(h.formatter, JsonFormatter)]


@pytest.fixture
def jobops_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("jobops")
    saved = (list(logger.handlers), logger.level)
    yield logger
    configure_logging()
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])


def test_ensure_file_logging_keeps_a_handler_on_that_file(
    tmp_path: Path, jobops_logger: logging.Logger
) -> None:
    log_file = tmp_path / "logs" / "jobops.jsonl"
    configure_logging(log_file=log_file)
    [handler] = _json_handlers(jobops_logger)
    ensure_file_logging(log_file)
    assert _json_handlers(jobops_logger) == [handler]

    other = tmp_path / "elsewhere" / "jobops.jsonl"
    ensure_file_logging(other)  # e.g. the next flow run in this process has another data folder
    [moved] = _json_handlers(jobops_logger)
    assert isinstance(moved, logging.FileHandler)
    assert moved.baseFilename == str(other.resolve())
    logging.getLogger("jobops.tasks").info("hello")
    assert json.loads(other.read_text())["msg"] == "hello"
