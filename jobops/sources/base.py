"""The listing every source produces, validated before anything is stored."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from jobops.models import MAX_JD_CHARS


class Listing(BaseModel):
    """A job posting as crawled: camelCase (``jobUrl``) or snake_case keys are both accepted."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", str_strip_whitespace=True
    )

    source: str = Field("file", min_length=1, max_length=100)
    source_job_id: str | None = Field(None, max_length=200)
    title: str = Field(min_length=1, max_length=500)
    employer: str = Field(min_length=1, max_length=500)
    job_url: str = Field(min_length=1, max_length=2000)
    application_link: str | None = Field(None, max_length=2000)
    location: str | None = Field(None, max_length=200)
    salary: str | None = Field(None, max_length=200)
    deadline: str | None = Field(None, max_length=100)
    date_posted: str | None = Field(None, max_length=100)
    job_description: str | None = Field(None, max_length=MAX_JD_CHARS)

    @field_validator("*", mode="before")
    @classmethod
    def _drop_nul(cls, value: Any) -> Any:
        """Boards sometimes send NUL bytes; no database column can hold them."""
        return value.replace("\x00", "") if isinstance(value, str) else value

    @field_validator("job_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an absolute http(s) URL")
        return value

    @field_validator("source_job_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    def job_fields(self) -> dict[str, Any]:
        return self.model_dump()
