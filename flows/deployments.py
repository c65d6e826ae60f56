"""The deployments of prefect.yaml as Prefect objects, for ``jobops schedule`` (one process that
serves every schedule and trigger, no work pool needed) and for the test that checks them.

``jobops schedule`` and ``prefect deploy --all`` can share one Prefect server. A deployment is
identified by flow name and deployment name, and serving a deployment upserts it: a served
``pipeline/daily-pipeline`` used to overwrite the work-pool one, dropping its pull step (its
``set_working_directory``) but keeping its empty storage path, so every run crashed with
``FileNotFoundError: …/None``, and after ``jobops schedule`` stopped it was left paused with no
pull step (``ScriptError`` on a worker) until the next ``prefect deploy --all``. Served
deployments are therefore named ``<name>-served``; and a served copy leaves out its schedule
when the work-pool deployment of that name already runs it, so no schedule fires twice.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from prefect import Flow
from prefect.client.orchestration import get_client
from prefect.deployments.runner import RunnerDeployment
from prefect.exceptions import ObjectNotFound

PREFECT_YAML = Path(__file__).resolve().parent.parent / "prefect.yaml"
#: ``daily-pipeline`` is served as ``daily-pipeline-served``: never the work-pool deployment.
SERVED_SUFFIX = "-served"


def deployment_specs(path: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = yaml.safe_load(path.read_text())["deployments"]
    return specs


def load_flow(entrypoint: str) -> Flow[Any, Any]:
    """``flows/pipeline.py:pipeline_flow`` -> the flow object (imported as a module)."""
    file, _, name = entrypoint.partition(":")
    module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
    flow = getattr(module, name)
    if not isinstance(flow, Flow):
        raise TypeError(f"{entrypoint} is not a Prefect flow")
    return flow


def runner_deployments(
    path: Path = PREFECT_YAML, *, unscheduled: Collection[str] = ()
) -> list[RunnerDeployment]:
    """Every deployment of prefect.yaml, named ``<name>-served``; those in ``unscheduled``
    without their schedule (triggers only)."""
    deployments = []
    for spec in deployment_specs(path):
        flow = load_flow(spec["entrypoint"])
        crons = [s["cron"] for s in spec.get("schedules") or [] if "cron" in s]
        deployment = flow.to_deployment(
            name=spec["name"] + SERVED_SUFFIX,
            description=spec.get("description"),
            parameters=spec.get("parameters") or {},
            cron=crons[0] if crons and spec["name"] not in unscheduled else None,
        )
        if not isinstance(deployment, RunnerDeployment):  # the sync API returns it directly
            raise TypeError(f"{spec['name']}: to_deployment returned {type(deployment).__name__}")
        deployments.append(deployment)
    return deployments


def scheduled_on_work_pools(path: Path = PREFECT_YAML) -> dict[str, str]:
    """The deployments of prefect.yaml whose work-pool copy on the server (``prefect deploy``)
    has an active schedule, each with its pool: the served copy must not run it a second time."""
    found = {}
    with get_client(sync_client=True) as client:
        for spec in deployment_specs(path):
            full_name = f"{load_flow(spec['entrypoint']).name}/{spec['name']}"
            try:
                deployed = client.read_deployment_by_name(full_name)
            except ObjectNotFound:
                continue
            active = not deployed.paused and any(s.active for s in deployed.schedules)
            if deployed.work_pool_name and active:
                found[spec["name"]] = deployed.work_pool_name
    return found


def served_deployments(path: Path = PREFECT_YAML) -> tuple[list[RunnerDeployment], list[str]]:
    """What ``jobops schedule`` serves, and a note for each schedule it leaves to a work pool."""
    on_pools = scheduled_on_work_pools(path)
    notes = [
        f"{name}: its schedule runs on work pool {pool!r} (prefect deploy); served here as "
        f"{name}{SERVED_SUFFIX} for triggers only. Pause or delete that deployment to schedule "
        "it here."
        for name, pool in on_pools.items()
    ]
    return runner_deployments(path, unscheduled=on_pools), notes
