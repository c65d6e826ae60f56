"""``jobops run | serve | import-resume``.

Prefect is imported lazily (only ``run`` needs it) after its home and quiet defaults are set, so
``jobops serve`` and ``jobops import-resume`` start fast and Prefect keeps its state in the data
folder rather than in the user's home.
"""

from __future__ import annotations

import ipaddress
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from jobops import clock, repo
from jobops.app_settings import effective_settings
from jobops.db import get_database
from jobops.errors import JobOpsError, NoSources
from jobops.logs import configure_logging
from jobops.resume.importers import read_resume_file
from jobops.settings import get_settings
from jobops.sources.registry import configured_sources

if TYPE_CHECKING:
    from jobops.pipeline import RunSummary

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

STAGES = {"crawl": "Crawling sources", "score": "Scoring jobs", "tailor": "Tailoring + rendering"}


def _prefect_defaults(data_dir: Path) -> None:
    os.environ.setdefault("PREFECT_HOME", str((data_dir / "prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    # the temporary API takes longer than Prefect's 20 s to start on a small or busy machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def _fail(exc: JobOpsError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc.message}")
    return typer.Exit(code=1)


@app.command()
def run(
    feed: Annotated[
        list[Path] | None,
        typer.Option(
            "--feed",
            help="Crawl this listings file (JSON array or JSONL) instead of the "
            "configured sources. Repeatable.",
        ),
    ] = None,
    min_score: Annotated[
        int | None, typer.Option(min=0, max=100, help="Override the threshold.")
    ] = None,
    top_n: Annotated[
        int | None, typer.Option(min=0, help="Override how many jobs are tailored.")
    ] = None,
    trigger_id: Annotated[str | None, typer.Option(hidden=True)] = None,
) -> None:
    """One pipeline run: crawl, score, tailor the best jobs and render their PDFs."""
    from jobops.pipeline import check_base_resume, check_sources  # duckdb: only for a run

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(log_file=settings.data_dir / "logs" / "jobops.jsonl")
    feeds = [str(f.resolve()) for f in feed] if feed else None
    try:
        check_sources(configured_sources(effective_settings(get_database()).sources, feeds))
    except NoSources as exc:
        err.print(f"[bold red]error:[/] {exc.message}")
        raise typer.Exit(code=2) from exc
    for path in feeds or []:
        if not Path(path).is_file():
            err.print(f"[bold red]error:[/] feed file not found: {path}")
            raise typer.Exit(code=2)
    if not settings.rxresume.configured:  # with Reactive Resume, the run fetches the resume
        try:
            check_base_resume(get_database())
        except JobOpsError as exc:
            raise _fail(exc) from exc
    from jobops import runs

    holder = runs.live_run(get_database(), lease_minutes=settings.pipeline.lease_minutes)
    if holder is not None and (trigger_id is None or holder.trigger_id != trigger_id):
        # one run at a time (the API's placeholder for this very run is not another run)
        err.print(
            f"[bold red]error:[/] a pipeline run is already {holder.status} ({holder.id}, started "
            f"{holder.started_at:%Y-%m-%d %H:%M} UTC); wait for it, or stop it with "
            "POST /api/pipeline/cancel."
        )
        raise typer.Exit(code=2)

    _prefect_defaults(settings.data_dir)
    from flows.pipeline import pipeline_flow
    from jobops import progress

    lock = threading.Lock()
    with Progress(
        TextColumn("{task.description:<29}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def show(stage: str, done: int, total: int) -> None:
            with lock:
                label = STAGES.get(stage, stage) + ("" if total else " (none)")
                if stage not in tasks:
                    tasks[stage] = bars.add_task(label, total=total)
                bars.update(tasks[stage], description=label, completed=done, total=total)

        err.print("[dim]Starting Prefect (a local, temporary API if no server is configured)…[/]")
        with progress.listen(show):
            try:
                summary = pipeline_flow(
                    feeds=feeds, min_score=min_score, top_n=top_n, trigger_id=trigger_id
                )
            except JobOpsError as exc:
                raise _fail(exc) from exc

    _print_summary(summary)


def _print_summary(summary: RunSummary) -> None:
    counts = summary.counts
    console.print(
        f"\n[bold]Pipeline run[/] {summary.run_id}: [bold]{summary.status}[/]  "
        f"(scores by {summary.scored_by})"
    )
    console.print("  ".join(f"{k.replace('_', ' ')}: [bold]{v}[/]" for k, v in counts.items()))
    if summary.tokens.get("llmCalls"):
        t = summary.tokens
        console.print(
            f"LLM: [bold]{t['llmCalls']}[/] calls, {t['promptTokens']} prompt + "
            f"{t['completionTokens']} completion tokens"
        )
    for note in summary.notes:
        console.print(note)
    if summary.sources:
        per_source = Table(title="Sources", title_justify="left")
        for column in ("source", "listed", "rejected", "new", "duplicates", "error"):
            per_source.add_column(
                column, justify="left" if column in ("source", "error") else "right"
            )
        for label, st in summary.sources.items():
            per_source.add_row(
                label,
                str(st.get("listed", 0)),
                str(st.get("rejected", 0)),
                str(st.get("new", 0)),
                str(st.get("duplicates", 0)),
                f"[red]{st['error']}[/]" if st.get("error") else "",
            )
        console.print(per_source)
    for problem in summary.source_errors:
        console.print(f"[red]source error:[/] {problem}")
    for problem in summary.rejected[:10]:
        console.print(f"[yellow]rejected listing:[/] {problem}")
    if len(summary.rejected) > 10:
        console.print(f"[yellow]… and {len(summary.rejected) - 10} more rejected listings[/]")

    if summary.scored:
        scored = Table(title=f"Scored ({len(summary.scored)})", title_justify="left")
        for column in ("score", "title", "employer"):
            scored.add_column(column, justify="right" if column == "score" else "left")
        for line in summary.scored[:15]:
            shown = (
                str(line.score) if line.score is not None else f"[red]failed: {line.score_error}[/]"
            )
            scored.add_row(shown, line.title, line.employer)
        if len(summary.scored) > 15:
            scored.add_row("…", f"{len(summary.scored) - 15} more", "")
        console.print(scored)

    if summary.processed:
        table = Table(title="Tailored and rendered", title_justify="left")
        for column in ("score", "title", "employer", "status"):
            table.add_column(column)
        for line in summary.processed:
            status = line.status if not line.error else f"[red]{line.status}: {line.error}[/]"
            table.add_row(str(line.score), line.title, line.employer, status)
        console.print(table)
        console.print("[bold]PDFs:[/]")
        for line in summary.processed:
            if line.pdf_path and not line.error:
                console.print(f"  {line.pdf_path}", soft_wrap=True, highlight=False)
    else:
        console.print(_nothing_tailored(summary))


def _nothing_tailored(summary: RunSummary) -> str:
    """Why a run tailored nothing, in the user's words."""
    counts = summary.counts
    if summary.scored:
        return "No newly scored job reached the threshold this run."
    if counts.get("new", 0) == 0 and counts.get("rejected", 0):
        return (
            f"No new jobs: {counts['rejected']} listing(s) could not be read "
            "(see 'rejected listing' above) and the rest were already known."
        )
    if counts.get("crawled", 0) == 0:
        return "No new jobs: the sources listed nothing this run."
    closed = sum(int(st.get("closed", 0)) for st in summary.sources.values())
    if counts.get("new", 0) and counts.get("new", 0) == closed:
        return "No new jobs to score: every new listing's deadline had already passed."
    return "No new jobs this run: every listing was already known."


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 3001).")] = None,
) -> None:
    """Serve the API (manual actions, PDF regeneration)."""
    import uvicorn

    settings = get_settings()
    host = host or settings.api.host
    if not _is_loopback(host) and settings.api_token is None:
        err.print(
            f"[bold red]error:[/] refusing to serve on {host} without a token: anyone who can "
            "reach it could change your jobs. Set JOBOPS_API_TOKEN, or use 127.0.0.1."
        )
        raise typer.Exit(code=2)
    configure_logging()
    get_database()
    uvicorn.run("api.main:app", host=host, port=port or settings.api.port, log_level="warning")


@app.command("import-resume")
def import_resume(
    file: Annotated[Path, typer.Argument(help="Reactive Resume (v4 or v5) or JSON Resume file.")],
    name: Annotated[str | None, typer.Option(help="A name to tell resumes apart.")] = None,
    default: Annotated[
        bool | None,
        typer.Option(
            "--default/--no-default",
            help="Make it the default base resume, or not. Unset: a new resume becomes the "
            "default, an identical one already stored stays as it is.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import a base resume for scoring, tailoring and PDFs. Prints what was imported per
    section and what was left out (hidden, or not printed)."""
    try:
        imported = read_resume_file(file)
        with get_database().session() as session:
            stored = repo.find_identical_resume(session, imported.resume)
            row, created = repo.add_resume(
                session,
                imported.format,
                imported.resume,
                name=name,
                # unset: a new resume is the one to use; an identical one keeps its place
                make_default=default if default is not None else (True if stored is None else None),
            )
    except JobOpsError as exc:
        raise _fail(exc) from exc
    verb = "Imported" if created else "Already stored:"
    role = " It is the default." if row.is_default else ""
    console.print(
        f"{verb} {row.name!r} ({imported.format.replace('_', ' ')}) as {row.id}: "
        f"{imported.report.describe()}.{role}",
        markup=False,
    )


@app.command("demo-feed")
def demo_feed(
    path: Annotated[Path, typer.Argument(help="Where to write the feed (JSONL).")],
) -> None:
    """Write the bundled demo feed, its dates relative to today (posted N days ago, deadline in
    M days), so the demo never ages."""
    from jobops import demo

    written = demo.write_feed(path)
    console.print(f"Wrote the demo feed as of {clock.today().isoformat()} to {written}.")


@app.command()
def resumes() -> None:
    """List the stored base resumes."""
    with get_database().session() as session:
        rows = repo.list_resumes(session)
    if not rows:
        console.print("No resume stored yet: `jobops import-resume FILE`.")
        return
    table = Table(title="Base resumes", title_justify="left")
    for column in ("id", "name", "format", "revision", "source", "default"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row.id,
            row.name,
            row.source_format,
            str(row.revision),
            row.source_ref or "file",
            "yes" if row.is_default else "",
        )
    console.print(table)


@app.command("use-resume")
def use_resume(
    resume_id: Annotated[str, typer.Argument(help="A resume id from `jobops resumes`.")],
) -> None:
    """Make a stored resume the default base resume."""
    try:
        with get_database().session() as session:
            row = repo.set_default_resume(session, resume_id)
    except JobOpsError as exc:
        raise _fail(exc) from exc
    console.print(f"{row.name!r} ({row.id}) is now the default base resume.")


@app.command("sync-resume")
def sync_resume_command() -> None:
    """Fetch the base resume from the configured Reactive Resume instance."""
    from jobops.resume.rxresume import sync_resume

    settings = get_settings()
    if not settings.rxresume.configured:
        err.print(
            "[bold red]error:[/] set JOBOPS_RXRESUME__URL and JOBOPS_RXRESUME__RESUME_ID "
            "(and JOBOPS_RXRESUME__API_KEY)."
        )
        raise typer.Exit(code=2)
    try:
        result = sync_resume(get_database(), settings.rxresume)
    except JobOpsError as exc:
        raise _fail(exc) from exc
    (err if result.status == "offline" else console).print(result.message)


@app.command()
def schedule() -> None:
    """Serve every deployment of prefect.yaml from this process (as <name>-served): the daily
    pipeline, expiry, recovery and stale-PDF schedules, and the process-job / regenerate-pdf
    triggers. Needs a Prefect server (PREFECT_API_URL); see the README."""
    settings = get_settings()
    _prefect_defaults(settings.data_dir)
    configure_logging(log_file=settings.data_dir / "logs" / "jobops.jsonl")
    if not os.environ.get("PREFECT_API_URL"):
        err.print(
            "[bold red]error:[/] `jobops schedule` needs a Prefect server: run "
            "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api."
        )
        raise typer.Exit(code=2)
    from prefect import serve

    from flows.deployments import served_deployments

    deployments, notes = served_deployments()
    for note in notes:
        err.print(f"[yellow]note:[/] {note}")
    serve(*deployments)


@app.command()
def expire() -> None:
    """Expire discovered and ready jobs whose deadline passed, whose source stopped listing them
    (JOBOPS_EXPIRY__UNSEEN_CRAWLS crawls in a row), or that are older than
    JOBOPS_EXPIRY__MAX_AGE_DAYS. Every pipeline run does this too."""
    from jobops.expiry import expire_by_settings

    settings = get_settings()
    configure_logging(log_file=settings.data_dir / "logs" / "jobops.jsonl")
    database = get_database()
    result = expire_by_settings(database, effective_settings(database), actor="cli")
    if not result.expired:
        console.print("Nothing to expire.")
        return
    with database.read() as session:
        names = {j.id: (j.title, j.employer) for j in repo.get_jobs(session, list(result.expired))}
    table = Table(title=f"Expired ({len(result.expired)})", title_justify="left")
    for column in ("title", "employer", "why"):
        table.add_column(column)
    for job_id, reason in result.expired.items():
        table.add_row(*names[job_id], reason)
    console.print(table)


@app.command("regenerate-stale")
def regenerate_stale() -> None:
    """Re-render every ready job whose PDF no longer matches its inputs."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(log_file=settings.data_dir / "logs" / "jobops.jsonl")
    _prefect_defaults(settings.data_dir)
    from flows.regenerate import regenerate_stale_flow

    result = regenerate_stale_flow()
    console.print(
        f"Stale PDFs: {result['stale']}, regenerated: {result['regenerated']}, "
        f"failed: {result['failed']}."
    )


if __name__ == "__main__":
    app()
