"""Settings: read the effective values, change the editable ones."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from api.deps import DbDep, SettingsDep
from jobops import app_settings

router = APIRouter(prefix="/api/settings", tags=["settings"])

EXAMPLE = {"minScore": 60, "topN": 3, "theme": "modern", "scoringInstructions": "Remote only."}


@router.get("")
def get_settings(db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    """Effective settings (environment + API overrides). Secrets appear only as ``...Hint``."""
    return app_settings.settings_view(settings, db)


@router.patch("")
def update_settings(
    db: DbDep,
    changes: dict[str, Any] = Body(examples=[EXAMPLE]),
) -> dict[str, Any]:
    """Change editable settings (``null`` returns a key to its environment/default value).
    Invalid values are a 422 and change nothing."""
    settings = app_settings.update_settings(db, changes)
    return app_settings.settings_view(settings, db)
