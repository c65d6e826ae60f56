from __future__ import annotations

import pytest

from jobops.errors import LLMBadOutput, LLMConfigError, LLMUnavailable
from tasks.runtime import retry_on_transient


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
