from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from api.deps import DbDep
from jobops import __version__

router = APIRouter(tags=["health"])


@router.get("/health")
def health(db: DbDep) -> dict[str, str]:
    """Liveness plus a database round trip."""
    with db.session() as session:
        session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
