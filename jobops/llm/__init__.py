"""LLM clients. ``make_llm`` picks the provider from settings; the offline one is the default."""

from __future__ import annotations

from jobops.llm.base import LLMClient, ScoreResult, TailorRequest, TailorResult
from jobops.llm.offline import OfflineLLM
from jobops.settings import Settings, get_settings

__all__ = ["LLMClient", "OfflineLLM", "ScoreResult", "TailorRequest", "TailorResult", "make_llm"]


def make_llm(purpose: str = "default", settings: Settings | None = None) -> LLMClient:
    """The client for ``purpose`` (scoring, tailoring, ...) as configured."""
    settings = settings or get_settings()
    del purpose  # one provider for every purpose until per-purpose models exist
    return OfflineLLM(model=settings.llm.model)
