"""The deployments of prefect.yaml as Prefect objects, for ``jobops schedule`` (one process that
serves every schedule and trigger, no work pool needed) and for the test that checks them."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from prefect import Flow
from prefect.deployments.runner import RunnerDeployment

PREFECT_YAML = Path(__file__).resolve().parent.parent / "prefect.yaml"


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


def runner_deployments(path: Path = PREFECT_YAML) -> list[RunnerDeployment]:
    deployments = []
    for spec in deployment_specs(path):
        flow = load_flow(spec["entrypoint"])
        crons = [s["cron"] for s in spec.get("schedules") or [] if "cron" in s]
        deployment = flow.to_deployment(
            name=spec["name"],
            description=spec.get("description"),
            parameters=spec.get("parameters") or {},
            cron=crons[0] if crons else None,
        )
        if not isinstance(deployment, RunnerDeployment):  # the sync API returns it directly
            raise TypeError(f"{spec['name']}: to_deployment returned {type(deployment).__name__}")
        deployments.append(deployment)
    return deployments
