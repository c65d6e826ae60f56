"""What every task needs: the database, the settings, and the retry condition."""

from __future__ import annotations

from typing import Any

from jobops.app_settings import effective_settings
from jobops.db import Database, get_database
from jobops.errors import TransientError
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
