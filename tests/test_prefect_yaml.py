"""Every deployment in prefect.yaml points at a flow that imports, with parameters it accepts."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect import Flow

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENTS: list[dict[str, Any]] = yaml.safe_load((ROOT / "prefect.yaml").read_text())[
    "deployments"
]


def load_entrypoint(entrypoint: str) -> Flow[Any, Any]:
    file, _, name = entrypoint.partition(":")
    spec = importlib.util.spec_from_file_location(f"entry_{name}", ROOT / file)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    flow = getattr(module, name)
    assert isinstance(flow, Flow)
    return flow


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=[d["name"] for d in DEPLOYMENTS])
def test_deployment_entrypoint_and_parameters(deployment: dict[str, Any]) -> None:
    flow = load_entrypoint(deployment["entrypoint"])
    flow.validate_parameters(deployment.get("parameters") or {})
    assert deployment["work_pool"]["name"] == "jobops"


def test_the_daily_pipeline_is_scheduled() -> None:
    names = {d["name"]: d for d in DEPLOYMENTS}
    assert names["daily-pipeline"]["schedules"][0]["cron"]


def test_bad_parameters_are_caught() -> None:
    flow = load_entrypoint("flows/pipeline.py:pipeline_flow")
    with pytest.raises(Exception, match="top_n"):
        flow.validate_parameters({"top_n": "lots"})
