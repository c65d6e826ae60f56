"""Route dependencies as ``Annotated`` aliases; tests swap them with ``dependency_overrides``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from jobops.app_settings import effective_settings
from jobops.db import Database, get_database
from jobops.llm import LLMClient, make_llm
from jobops.settings import Settings


def get_db() -> Database:
    return get_database()


def get_app_settings(db: Annotated[Database, Depends(get_db)]) -> Settings:
    """The environment's settings with the overrides made through the API."""
    return effective_settings(db)


def get_tailoring_llm(settings: Annotated[Settings, Depends(get_app_settings)]) -> LLMClient:
    return make_llm("tailoring", settings)


def get_scoring_llm(settings: Annotated[Settings, Depends(get_app_settings)]) -> LLMClient:
    return make_llm("scoring", settings)


def get_llm_factory(
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Callable[[str], LLMClient]:
    return lambda purpose: make_llm(purpose, settings)


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
TailoringLLMDep = Annotated[LLMClient, Depends(get_tailoring_llm)]
ScoringLLMDep = Annotated[LLMClient, Depends(get_scoring_llm)]
LLMFactoryDep = Annotated[Callable[[str], LLMClient], Depends(get_llm_factory)]
