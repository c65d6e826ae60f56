"""Route dependencies as ``Annotated`` aliases; tests swap them with ``dependency_overrides``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from jobops.db import Database, get_database
from jobops.llm import LLMClient, make_llm
from jobops.settings import Settings, get_settings


def get_db() -> Database:
    return get_database()


def get_app_settings() -> Settings:
    return get_settings()


def get_tailoring_llm() -> LLMClient:
    return make_llm("tailoring")


def get_scoring_llm() -> LLMClient:
    return make_llm("scoring")


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
TailoringLLMDep = Annotated[LLMClient, Depends(get_tailoring_llm)]
ScoringLLMDep = Annotated[LLMClient, Depends(get_scoring_llm)]
