from __future__ import annotations

from fastapi import APIRouter

from api.deps import DbDep
from jobops.analytics import Stats, compute_stats

router = APIRouter(prefix="/api/stats", tags=["stats"])


@router.get("", response_model=Stats)
def stats(db: DbDep) -> Stats:
    """Funnel (discovered → ready → applied → interview → offer), conversion per source, score
    histogram and per-run yield."""
    with db.session() as session:
        return compute_stats(session)
