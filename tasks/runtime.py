"""What every task needs: the database, the settings, and the retry condition."""

from __future__ import annotations

import threading
from typing import Any

from jobops.app_settings import effective_settings
from jobops.db import Database, get_database
from jobops.errors import TransientError
from jobops.llm import LLMClient, make_llm
from jobops.settings import Settings


def database() -> Database:
    return get_database()


def settings() -> Settings:
    """The environment's settings with the overrides made through the API."""
    return effective_settings(database())


def retry_on_transient(_task: Any, _task_run: Any, state: Any) -> bool:
    """Retry only errors a retry may fix (rate limits, timeouts); not bad input or bad output."""
    try:
        state.result()
    except TransientError:
        return True
    except Exception:
        return False
    return False


_llms: dict[tuple[str, str], LLMClient] = {}
_llms_lock = threading.Lock()


def llm(purpose: str) -> LLMClient:
    """The LLM client for ``purpose``, reused across tasks while its settings stay the same
    (a client holds an HTTP connection pool; building one per task costs more than the call)."""
    current = settings()
    secret = current.llm.api_key.get_secret_value() if current.llm.api_key else ""
    key = (
        purpose,
        current.llm.model_dump_json() + secret + str(current.pipeline.scoring_concurrency),
    )
    with _llms_lock:
        if key not in _llms:
            _llms[key] = make_llm(purpose, current)
        return _llms[key]
