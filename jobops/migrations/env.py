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
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it; foreign keys must be off while it does (the
        # pragma only takes effect outside a transaction, hence the raw connection).
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=sqlite,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
