"""The API application: ``uvicorn api.main:app`` or ``jobops serve``."""

from __future__ import annotations

import hmac
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from api.errors import error_body, install_error_handlers
from api.routes import health, jobs, pipeline, resumes, settings, stats
from jobops import __version__, context
from jobops.db import get_database
from jobops.logs import configure_logging, get_logger
from jobops.recovery import recover_stuck_jobs
from jobops.settings import get_settings

log = get_logger("api")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    configure_logging()
    settings = get_settings()
    db = get_database()  # open the database and apply migrations before the first request
    recover_stuck_jobs(db, lease_minutes=settings.pipeline.lease_minutes, pdf_dir=settings.pdf_dir)
    yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="jobops",
        version=__version__,
        description="Manual actions and PDF regeneration for the jobops job-search orchestrator.",
        lifespan=lifespan,
    )

    # Starlette runs the middleware added last first: request ids wrap everything.
    @app.middleware("http")
    async def require_token(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """With JOBOPS_API_TOKEN set, every /api route needs ``Authorization: Bearer <token>``."""
        token = get_settings().api_token
        if token is not None and request.url.path.startswith("/api"):
            given = request.headers.get("authorization", "")
            expected = f"Bearer {token.get_secret_value()}"
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return JSONResponse(
                    error_body("Missing or wrong bearer token.", "unauthorized"),
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        return await call_next(request)

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
    routers = (
        health.router,
        jobs.router,
        pipeline.router,
        resumes.router,
        settings.router,
        stats.router,
    )
    for router in routers:
        app.include_router(router)
    return app


app = create_app()
