"""Alembic environment: jobops passes its own engine in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import jobops.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - only when alembic is called from its own CLI
    from jobops.db import create_db_engine
    from jobops.settings import get_settings

    engine = create_db_engine(get_settings().resolved_database_url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
