"""Shared fixtures: a real database per test (a SQLite file, or PostgreSQL when
``JOBOPS_TEST_DATABASE_URL`` is set), settings pointing at a temporary data folder, the demo
resume, and one Prefect test harness for the whole session (started only by flow tests)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

# Quiet, local Prefect for the whole test session, set before anything imports prefect; its home
# is a throwaway folder, never the user's (or the repository's data folder).
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="jobops-prefect-home-")
# Nothing in the tests may touch the user's data folder, not even code run at import time.
os.environ["JOBOPS_DATA_DIR"] = tempfile.mkdtemp(prefix="jobops-test-data-")
os.environ.pop("JOBOPS_DATABASE_URL", None)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
# The clock is pinned for the whole session (and for every process a test starts, through the
# environment): no test depends on the day it runs. ``faketime -f '+200d' pytest`` proves it.
os.environ["JOBOPS_NOW"] = "2026-11-20T09:00:00Z"

from jobops import clock, demo, repo
from jobops import db as db_module
from jobops.db import Database
from jobops.resume.importers import load_resume_file
from jobops.resume.model import Resume
from jobops.settings import DEMO_DIR, Settings, get_settings
from tests.board_server import BoardServer
from tests.llm_server import FakeLLMServer
from tests.receiver import Receiver

clock.set_clock(None)  # read JOBOPS_NOW
TODAY = clock.today()
DEMO_RESUME = DEMO_DIR / "resume.json"
#: The demo feed dated as of the pinned day (its dates are relative to the day it is written).
DEMO_FEED = demo.write_feed(
    Path(tempfile.mkdtemp(prefix="jobops-demo-")) / "feed.jsonl", today=TODAY
)
POSTGRES_URL = os.environ.get("JOBOPS_TEST_DATABASE_URL")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def database_url(data_dir: Path) -> str:
    if POSTGRES_URL:
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{data_dir / 'jobops.db'}"


@pytest.fixture
def settings(
    data_dir: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Settings for a temporary data folder; also what ``get_settings()`` returns in this test."""
    monkeypatch.setenv("JOBOPS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("JOBOPS_DATABASE_URL", database_url)
    for key in list(os.environ):
        if key.startswith(("JOBOPS_", "OPENAI_")) and key not in (
            "JOBOPS_DATA_DIR",
            "JOBOPS_DATABASE_URL",
            clock.ENV_VAR,
        ):
            monkeypatch.delenv(key)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    """A migrated database, registered as the process-wide one for its URL."""
    database = Database(settings.resolved_database_url)
    db_module._databases[database.url] = database
    yield database
    db_module._databases.pop(database.url, None)
    database.dispose()


@pytest.fixture
def demo_resume() -> Resume:
    return load_resume_file(DEMO_RESUME)[1]


@pytest.fixture
def stored_resume(db: Database, demo_resume: Resume) -> Resume:
    with db.session() as session:
        repo.add_resume(session, "reactive_resume", demo_resume)
    return demo_resume


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for every flow test in the session, heartbeat off."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), prefect_test_harness():
        yield


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer().start()
    yield server
    server.stop()


@pytest.fixture
def remote_llm(
    settings: Settings, llm_server: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Settings pointing every LLM purpose at the test server (fast retries, short timeout)."""
    from jobops.llm.openai_client import forget_modes

    monkeypatch.setenv("JOBOPS_LLM__BASE_URL", llm_server.base_url)
    monkeypatch.setenv("JOBOPS_LLM__API_KEY", "sk-test-secret-key")
    monkeypatch.setenv("JOBOPS_LLM__MODEL", "test-model")
    monkeypatch.setenv("JOBOPS_LLM__MAX_RETRIES", "2")
    monkeypatch.setenv("JOBOPS_LLM__TIMEOUT_SECONDS", "5")
    get_settings.cache_clear()
    forget_modes()
    yield get_settings()
    forget_modes()
    get_settings.cache_clear()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    yield hook
    hook.close()


@pytest.fixture
def boards() -> Iterator[BoardServer]:
    server = BoardServer()
    yield server
    server.close()


@pytest.fixture
def board_settings(
    boards: BoardServer, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> Settings:
    """Settings crawling every board of the test server (and nothing else)."""
    values = {
        "GREENHOUSE_URL": f"{boards.base}/gh",
        "LEVER_URL": f"{boards.base}/lever",
        "ASHBY_URL": f"{boards.base}/ashby",
        "MIN_INTERVAL_SECONDS": "0",
        "GREENHOUSE": '["northwind"]',
        "LEVER": '["northwind=Northwind Analytics"]',
        "ASHBY": '["meridian=Meridian Ledger"]',
        "RSS": f'["{boards.base}/feeds/remote.rss", "{boards.base}/feeds/careers.atom"]',
    }
    for key, value in values.items():
        monkeypatch.setenv(f"JOBOPS_SOURCES__{key}", value)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def client(db: Database, stored_resume: Resume) -> Iterator[TestClient]:
    """The API on a temporary database with the demo resume stored."""
    from api.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client
