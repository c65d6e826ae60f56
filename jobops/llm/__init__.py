"""LLM clients. ``make_llm`` picks the provider for a purpose from settings.

The offline provider is the default when nothing is configured. An OpenAI-compatible endpoint is
used when ``JOBOPS_LLM__PROVIDER=openai``, or (``auto``) when a base URL or API key is configured
in ``JOBOPS_LLM__*`` or the SDK's own ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``.
"""

from __future__ import annotations

import os

from jobops.llm.base import LLMCall, LLMClient, ScoreResult, TailorRequest, TailorResult
from jobops.llm.offline import OfflineLLM
from jobops.relevance import MODEL_NAME, relevance_model
from jobops.settings import LLMSettings, Settings, get_settings

__all__ = [
    "LLMCall",
    "LLMClient",
    "OfflineLLM",
    "ScoreResult",
    "TailorRequest",
    "TailorResult",
    "make_llm",
    "resolve_endpoint",
]

OFFLINE_MODEL = MODEL_NAME


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return getter() if getter else None


def resolve_endpoint(llm: LLMSettings, purpose: str) -> tuple[str, str | None, str | None, str]:
    """(provider, base_url, api_key, model) for ``purpose``; provider is offline or openai."""
    override = getattr(llm, purpose, None)
    base_url = (
        (override.base_url if override else None)
        or llm.base_url
        or os.environ.get("OPENAI_BASE_URL")
    )
    api_key = (
        _secret(override.api_key if override else None)
        or _secret(llm.api_key)
        or os.environ.get("OPENAI_API_KEY")
    )
    model = (override.model if override else None) or llm.model
    provider = llm.provider
    if provider == "auto":
        provider = "openai" if (base_url or api_key) else "offline"
    if provider == "offline":
        return "offline", None, None, OFFLINE_MODEL
    return "openai", base_url, api_key, model


def make_llm(purpose: str = "scoring", settings: Settings | None = None) -> LLMClient:
    """The client for ``purpose`` (scoring, tailoring, ghostwriter) as configured. Calls to a
    remote endpoint are recorded (tokens, duration, errors) in the ``llm_call`` table."""
    settings = settings or get_settings()
    provider, base_url, api_key, model = resolve_endpoint(settings.llm, purpose)
    if provider == "offline":
        relevance = relevance_model(embeddings=settings.pipeline.relevance_embeddings)
        return OfflineLLM(model=relevance.name, relevance=relevance)

    from jobops.llm.openai_client import Endpoint, OpenAICompatibleLLM
    from jobops.llm.usage import record_call

    llm = settings.llm
    endpoint = Endpoint(
        base_url=base_url,
        api_key=api_key,
        model=model,
        timeout_seconds=llm.timeout_seconds,
        max_retries=llm.max_retries,
        # scoring fans out over many jobs: it also honours the pipeline's scoring concurrency
        max_concurrency=min(llm.max_concurrency, settings.pipeline.scoring_concurrency)
        if purpose == "scoring"
        else llm.max_concurrency,
        structured_output=llm.structured_output,
    )
    return OpenAICompatibleLLM(
        endpoint,
        purpose=purpose,
        scoring_template=llm.prompts.scoring,
        tailoring_template=llm.prompts.tailoring,
        scoring_instructions=llm.scoring_instructions,
        usage_sink=record_call,
    )
