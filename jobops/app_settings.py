"""Settings changed through the API, stored in the database, overriding the environment.

Only the keys in :data:`EDITABLE` can be changed this way. Secrets are write-only: reading them
gives a hint (the first characters), never the value. Setting a key to ``null`` removes the
override, so the environment (or the default) applies again.
"""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr, ValidationError
from sqlmodel import select

from jobops.db import Database
from jobops.errors import InvalidInput
from jobops.models import AppSetting, utcnow
from jobops.settings import Settings, get_settings

#: API name -> dotted path in :class:`Settings`.
EDITABLE: dict[str, str] = {
    "minScore": "pipeline.min_score",
    "topN": "pipeline.top_n",
    "prefilter": "pipeline.prefilter",
    "prefilterLocalCut": "pipeline.prefilter_local_cut",
    "prefilterMaxLlm": "pipeline.prefilter_max_llm",
    "feeds": "sources.feeds",
    "greenhouse": "sources.greenhouse",
    "lever": "sources.lever",
    "ashby": "sources.ashby",
    "rss": "sources.rss",
    "jobspyEnabled": "sources.jobspy.enabled",
    "jobspySearchTerms": "sources.jobspy.search_terms",
    "jobspyLocation": "sources.jobspy.location",
    "scoringInstructions": "llm.scoring_instructions",
    "theme": "theme",
    "paper": "paper",
    "maxProjects": "tailoring.max_projects",
    "summaryMaxWords": "tailoring.summary_max_words",
    "alwaysIncludeProjects": "tailoring.always_include_projects",
    "llmProvider": "llm.provider",
    "llmBaseUrl": "llm.base_url",
    "llmModel": "llm.model",
    "llmScoringModel": "llm.scoring.model",
    "llmTailoringModel": "llm.tailoring.model",
    "llmGhostwriterModel": "llm.ghostwriter.model",
    "llmApiKey": "llm.api_key",
    "webhookUrls": "webhooks.urls",
    "webhookSecret": "webhooks.secret",
    "rxresumeUrl": "rxresume.url",
    "rxresumeResumeId": "rxresume.resume_id",
    "rxresumeApiKey": "rxresume.api_key",
}
SECRETS = frozenset({"llmApiKey", "webhookSecret", "rxresumeApiKey"})


def _get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data[part]
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[part]
    data[last] = value


def _overrides(db: Database) -> dict[str, Any]:
    with db.read() as session:
        return {row.key: row.value for row in session.exec(select(AppSetting)).all()}


def _merge(base: Settings, overrides: dict[str, Any]) -> Settings:
    data = base.model_dump()
    for key, value in overrides.items():
        if key in EDITABLE:
            _set(data, EDITABLE[key], value)
    return Settings.model_validate(data)


def effective_settings(db: Database, base: Settings | None = None) -> Settings:
    """The environment's settings with the API's overrides applied."""
    return _merge(base or get_settings(), _overrides(db))


def _hint(value: Any) -> str | None:
    if value is None:
        return None
    secret = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
    return f"{secret[:4]}…" if secret else None


def settings_view(settings: Settings, db: Database) -> dict[str, Any]:
    """Every editable setting's effective value (secrets as hints) and which are overridden."""
    data = settings.model_dump()
    view: dict[str, Any] = {}
    for key, path in EDITABLE.items():
        value = _get(data, path)
        if key in SECRETS:
            view[f"{key}Hint"] = _hint(value)
        else:
            view[key] = [str(v) for v in value] if key == "feeds" else value
    view["overridden"] = sorted(_overrides(db))
    return view


def update_settings(db: Database, changes: dict[str, Any]) -> Settings:
    """Validate and store overrides; nothing is stored unless all of them are valid."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"Unknown setting(s) {unknown}; editable: {sorted(EDITABLE)}.")
    merged = {**_overrides(db), **changes}
    merged = {k: v for k, v in merged.items() if v is not None}
    try:
        settings = _merge(get_settings(), merged)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise InvalidInput(f"Invalid setting: {problems}") from exc
    with db.session() as session:
        for key, value in changes.items():
            row = session.get(AppSetting, key)
            if value is None:
                if row is not None:
                    session.delete(row)
                continue
            row = row or AppSetting(key=key, value=value)
            row.value = value
            row.updated_at = utcnow()
            session.add(row)
    return settings
