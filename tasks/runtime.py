"""What every task needs: the database, the settings, the retry condition, and the names of
the jobs it works on (for task-run names and log lines)."""

from __future__ import annotations

import threading
from typing import Any

from prefect.tasks import TaskRunNameCallbackWithParameters

from jobops.app_settings import effective_settings
from jobops.db import Database, get_database
from jobops.errors import TransientError
from jobops.llm import LLMClient, make_llm
from jobops.pipeline import job_heading
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


class JobRunName(TaskRunNameCallbackWithParameters):
    """A ``task_run_name`` for a task with a ``job_id`` parameter: ``JobRunName("score")`` calls
    the run ``score Senior Backend Engineer @ Northwind Analytics`` (the job id if it is not
    stored). A class rather than a closure: Prefect's protocol for it has a classmethod."""

    def __init__(self, verb: str) -> None:
        self.verb = verb

    def __call__(self, parameters: dict[str, Any]) -> str:
        job_id = str(parameters["job_id"])
        heading = job_heading(database(), job_id)
        return f"{self.verb} {heading[0]} @ {heading[1]}" if heading else f"{self.verb} {job_id}"


def job_words(job_id: str) -> str:
    """``'Senior Backend Engineer' at Northwind Analytics``: how log lines name a job."""
    heading = job_heading(database(), job_id)
    return said(*heading) if heading else f"job {job_id}"


def said(title: str, employer: str) -> str:
    return f"'{title}' at {employer}"


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
