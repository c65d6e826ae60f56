from __future__ import annotations

import pytest
from prefect.tasks import TaskRunNameCallbackWithParameters

from jobops.db import Database
from jobops.errors import LLMBadOutput, LLMConfigError, LLMUnavailable
from tasks.runtime import JobRunName, job_words, retry_on_transient
from tests.factories import add_job


class FakeState:
    def __init__(self, error: Exception | None) -> None:
        self.error = error

    def result(self) -> None:
        if self.error:
            raise self.error


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (LLMUnavailable("HTTP 503"), True),
        (LLMBadOutput("bad JSON"), False),
        (LLMConfigError("bad key"), False),
        (ValueError("bug"), False),
        (None, False),
    ],
)
def test_only_transient_errors_are_retried(error: Exception | None, retry: bool) -> None:
    assert retry_on_transient(None, None, FakeState(error)) is retry


def test_task_runs_are_named_after_their_job(db: Database) -> None:
    job = add_job(db, title="Senior Backend Engineer", employer="Northwind Analytics")
    name = JobRunName("score")
    assert TaskRunNameCallbackWithParameters.is_callback_with_parameters(name)
    assert name(parameters={"job_id": job.id, "run_id": "r1"}) == (
        "score Senior Backend Engineer @ Northwind Analytics"
    )
    assert name(parameters={"job_id": "gone"}) == "score gone"  # never fails the task run
    assert job_words(job.id) == "'Senior Backend Engineer' at Northwind Analytics"
