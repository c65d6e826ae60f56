"""A bounded schemathesis run over the OpenAPI schema: no input may cause a 5xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.main import create_app
from jobops.db import Database
from jobops.resume.model import Resume
from tests.factories import add_job


@schemathesis.serializer("application/pdf")
def _pdf_bytes(_ctx: object, value: object) -> bytes:
    """Uploads are raw bytes: send what was generated, PDF or not."""
    return value if isinstance(value, bytes) else str(value).encode()


app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _database(db: Database, stored_resume: Resume) -> Iterator[None]:
    add_job(db)
    return


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_causes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
