from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from jobops.db import Database
from jobops.resume.model import Resume


@pytest.fixture
def client(db: Database, stored_resume: Resume) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client
