"""Migrations upgrade a database that already holds jobs (not only an empty one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from jobops.db import create_db_engine
from jobops.migrate import alembic_config, upgrade_to_head
from tests.conftest import POSTGRES_URL


@pytest.mark.skipif(bool(POSTGRES_URL), reason="uses its own SQLite file")
def test_upgrade_with_data_keeps_rows_and_fills_new_columns(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO job (id, source, title, employer, job_url, status, edited_fields, "
                "discovered_at, updated_at, version) "
                "VALUES ('j1', 'file', 'Engineer', 'Acme Inc.', "
                "'https://www.Example.test/jobs/1/?utm_source=x', 'discovered', '[]', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO job_event (job_id, to_status, actor, at) "
                "VALUES ('j1', 'discovered', 'test', '2026-01-01 00:00:00')"
            )
        )
    upgrade_to_head(engine)
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT canonical_url, employer_key, alternate_urls FROM job")
        ).one()
        events = conn.execute(text("SELECT count(*) FROM job_event")).scalar_one()
        problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    assert row == ("https://example.test/jobs/1", "acme", "[]")
    assert events == 1 and problems == []
    engine.dispose()


@pytest.mark.skipif(bool(POSTGRES_URL), reason="uses its own SQLite file")
def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """A model change without its migration shows up here, not in a user's database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = create_db_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade_to_head(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert differences == []


@pytest.mark.skipif(bool(POSTGRES_URL), reason="uses its own SQLite file")
def test_expired_jobs_get_the_reason_of_the_event_that_expired_them(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0008")
    reasons = {
        "j1": "no longer listed by its source",
        "j2": "deadline passed (2026-10-01)",
        "j3": "expired (bulk)",
    }
    with engine.begin() as conn:
        for n, (job_id, reason) in enumerate(reasons.items()):
            conn.execute(
                text(
                    "INSERT INTO job (id, source, title, employer, job_url, status, "
                    "edited_fields, alternate_urls, discovered_at, updated_at, version) "
                    f"VALUES ('{job_id}', 'file', 'Engineer', 'Acme', 'https://x.test/{n}', "
                    "'expired', '[]', '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 2)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO job_event (job_id, to_status, actor, reason, at) VALUES "
                    f"('{job_id}', 'discovered', 'test', NULL, '2026-01-01 00:00:00'), "
                    f"('{job_id}', 'expired', 'expiry', :reason, '2026-01-02 00:00:00')"
                ),
                {"reason": reason},
            )
    upgrade_to_head(engine)
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT id, expiry_reason FROM job")).all())
    engine.dispose()
    assert got == {"j1": "unlisted", "j2": "deadline", "j3": "user"}
