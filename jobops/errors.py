"""The jobops error tree.

Each error is named for the condition, carries a stable ``code`` for API bodies and an
``http_status`` the API maps it to. Edge modules translate third-party errors into these once
(``raise ... from exc``); nothing above them catches library exceptions.
"""

from __future__ import annotations

from typing import ClassVar


class JobOpsError(Exception):
    """Unexpected jobops error."""

    code: ClassVar[str] = "internal_error"
    http_status: ClassVar[int] = 500

    def __init__(self, message: str | None = None) -> None:
        self.message = message or " ".join((self.__doc__ or self.__class__.__name__).split())
        super().__init__(self.message)


class TransientError(JobOpsError):
    """A later retry may succeed."""

    code = "transient_error"
    http_status = 503


class InvalidInput(JobOpsError):
    """The input is not valid."""

    code = "invalid_input"
    http_status = 422


class NotFound(JobOpsError):
    """The requested item does not exist."""

    code = "not_found"
    http_status = 404


class JobNotFound(NotFound):
    """No job with this id."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(f"No job with id {job_id!r}.")


class ResumeNotFound(NotFound):
    """No stored resume with this id."""


class PdfNotFound(NotFound):
    """This job has no PDF yet."""


class Conflict(JobOpsError):
    """The request conflicts with the current state."""

    code = "conflict"
    http_status = 409


class InvalidTransition(Conflict):
    """This status change is not allowed from the job's current status."""

    code = "invalid_transition"

    def __init__(self, job_id: str, current: str, target: str, detail: str = "") -> None:
        self.job_id, self.current, self.target = job_id, str(current), str(target)
        if self.current == self.target == "processing":  # lost a race for the same job
            message = (
                f"Job {job_id} is already being processed (another request or run took it "
                "first); try again once it is done."
            )
            detail = ""
        elif self.current == self.target:
            message = f"Job {job_id} is already {self.current}."
        else:
            message = f"Job {job_id} cannot move from '{current}' to '{target}'."
        super().__init__(f"{message} {detail}".strip())


class ClaimLost(Conflict):
    """The job's processing claim was released (or taken over) before this work finished."""

    code = "claim_lost"


class RunAlreadyActive(Conflict):
    """A pipeline run is already starting or running; one runs at a time."""

    code = "run_active"


class JobBeingProcessed(InvalidTransition):
    """The job is being processed; it belongs to its processor until that is done."""

    code = "job_processing"

    def __init__(self, job_id: str, claimed_by: str | None, since: str | None = None) -> None:
        self.job_id, self.current, self.target = job_id, "processing", "processing"
        by = f" by {claimed_by}" if claimed_by else ""
        when = f" since {since}" if since else ""
        Conflict.__init__(
            self, f"Job {job_id} is being processed{by}{when}; try again once it is done."
        )


class DuplicateJob(Conflict):
    """A job with this URL already exists."""

    code = "duplicate_job"


class NoBaseResume(Conflict):
    """No base resume is stored yet: import one with `jobops import-resume FILE`."""

    code = "no_base_resume"


class NoSources(InvalidInput):
    """no sources: pass --feed FILE (a deployment run: its feeds parameter), or configure feeds or
    boards (JOBOPS_SOURCES__FEEDS, __GREENHOUSE, __LEVER, __ASHBY, __RSS or PATCH /api/settings)."""

    code = "no_sources"


class ResumeFormatError(InvalidInput):
    """The resume file is neither a Reactive Resume export nor a JSON Resume document."""

    code = "resume_format"


class SourceError(JobOpsError):
    """A job source could not be read."""

    code = "source_error"
    http_status = 502


class ResumeSourceUnavailable(TransientError):
    """The configured Reactive Resume instance could not be reached, and no copy is stored."""

    code = "resume_source_unavailable"
    http_status = 502


class LLMUnavailable(TransientError):
    """The LLM endpoint failed after its retries."""

    code = "llm_unavailable"


class LLMConfigError(JobOpsError):
    """The LLM endpoint refused the request: check the base URL, API key and model."""

    code = "llm_config_error"
    http_status = 502


class LLMBadOutput(JobOpsError):
    """The LLM answered with output that does not validate."""

    code = "llm_bad_output"
    http_status = 502


class StorageFailed(JobOpsError):
    """The data folder could not be written (the disk is full or read-only)."""

    code = "storage_failed"
    http_status = 507


class RenderFailed(JobOpsError):
    """The resume PDF could not be rendered."""

    code = "render_failed"
