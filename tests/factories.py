"""Small builders for test data."""

from __future__ import annotations

import itertools
from typing import Any

from jobops import repo
from jobops.db import Database
from jobops.models import Job
from jobops.sources.base import Listing

_counter = itertools.count(1)

BACKEND_JD = (
    "We build logistics APIs in Python with FastAPI and PostgreSQL, stream events through Kafka, "
    "and deploy with Docker and Kubernetes on AWS. You will write pytest suites and review code."
)


def listing(**overrides: Any) -> Listing:
    n = next(_counter)
    data: dict[str, Any] = {
        "title": "Backend Engineer",
        "employer": f"Acme {n}",
        "jobUrl": f"https://jobs.example.test/acme/{n}",
        "jobDescription": BACKEND_JD,
        "location": "Remote",
    }
    data.update(overrides)
    return Listing.model_validate(data)


def add_job(db: Database, **overrides: Any) -> Job:
    with db.session() as session:
        return repo.create_job(session, listing(**overrides), actor="test")
