"""The API application: ``uvicorn api.main:app`` or ``jobops serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.middleware import RequestEnvelope
from api.routes import health, jobs, pipeline, resumes, settings, stats
from jobops import __version__
from jobops.db import get_database
from jobops.logs import configure_logging
from jobops.recovery import recover_stuck_jobs
from jobops.settings import get_settings


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

    app.add_middleware(RequestEnvelope)
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
