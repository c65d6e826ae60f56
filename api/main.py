"""The API application: ``uvicorn api.main:app`` or ``jobops serve``."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from api.errors import install_error_handlers
from api.routes import health, jobs
from jobops import __version__, context
from jobops.db import get_database
from jobops.logs import configure_logging, get_logger

log = get_logger("api")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    configure_logging()
    get_database()  # open the database and apply migrations before the first request
    yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="jobops",
        version=__version__,
        description="Manual actions and PDF regeneration for the jobops job-search orchestrator.",
        lifespan=lifespan,
    )

    @app.middleware("http")
    async def request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Accept a sane ``X-Request-ID`` or make one; echo it and bind it for logs and events."""
        given = request.headers.get("x-request-id", "")
        rid = given if _REQUEST_ID.match(given) else str(uuid.uuid4())
        started = time.perf_counter()
        with context.bind(request_id=rid):
            response = await call_next(request)
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.url.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        response.headers["X-Request-ID"] = rid
        return response

    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(jobs.router)
    return app


app = create_app()
