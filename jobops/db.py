"""Database engines and short-lived sessions.

SQLite (the default, a file under the data folder) runs in WAL mode with a busy timeout, and every
transaction starts with ``BEGIN IMMEDIATE``: a transaction that reads a job and then writes it
holds the write lock from its first statement, so two racing writers queue on the busy timeout
instead of failing with "database is locked" half-way. PostgreSQL (``JOBOPS_DATABASE_URL``) relies
on its row locks: the compare-and-set ``UPDATE ... WHERE status = ?`` is re-checked after a
concurrent commit. Sessions are kept short: nothing holds one across an LLM call or a render.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session

from jobops.errors import Conflict, InvalidInput

SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file and its folder are created on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.drivername == "postgresql":  # prefer psycopg 3, which jobops installs
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return create_engine(url, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        # Writers take the write lock up front; read-only sessions (Database.read) do not, so
        # they never queue behind a writer (WAL lets them read alongside it).
        read_only = conn.get_execution_options().get("jobops_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


@contextmanager
def _translated_errors() -> Iterator[None]:
    """What the database refuses is the caller's problem, not a server error; the transaction
    is rolled back. A value it cannot store (PostgreSQL takes no NUL byte) or a reference to
    something that does not exist is InvalidInput (422); a duplicate of a unique value (two
    racing writers, which only PostgreSQL lets both get this far) is a Conflict (409)."""
    try:
        yield
    except DataError as exc:
        raise InvalidInput(
            "The input holds a value the database cannot store (for example a NUL byte)."
        ) from exc
    except IntegrityError as exc:
        text = str(exc.orig).casefold()
        if "foreign key" in text:
            raise InvalidInput("The input refers to something that does not exist.") from exc
        if "unique" in text or "duplicate" in text:
            raise Conflict(
                "Another request stored the same value first (it must be unique); reload and "
                "try again."
            ) from exc
        raise InvalidInput(f"The database refused the change: {exc.orig}") from exc


class Database:
    """An engine plus the migrations applied to it, and a session scope."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self.read_engine = self.engine.execution_options(jobops_read_only=True)
        if migrate:
            from jobops.migrate import upgrade_to_head

            upgrade_to_head(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session, _translated_errors():
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction: it takes no write lock and commits nothing."""
        with Session(self.read_engine, expire_on_commit=False) as session, _translated_errors():
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


_lock = threading.Lock()
_databases: dict[str, Database] = {}


def get_database(url: str | None = None) -> Database:
    """The process-wide :class:`Database` for ``url`` (default: from settings), migrated once."""
    if url is None:
        from jobops.settings import get_settings

        url = get_settings().resolved_database_url
    with _lock:
        if url not in _databases:
            _databases[url] = Database(url)
        return _databases[url]
