"""``prefect deploy --all`` and ``jobops schedule`` on one Prefect server (the session's test
server, a real one in a subprocess): serving never rewrites the work-pool deployments."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from flows.deployments import PREFECT_YAML, SERVED_SUFFIX, deployment_specs, served_deployments

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]

ROOT = PREFECT_YAML.parent


def _deployments() -> dict[str, Any]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        flows = {f.id: f.name for f in client.read_flows()}
        return {f"{flows[d.flow_id]}/{d.name}": d for d in client.read_deployments()}


def _load_flow_of_a_run(deployment_id: Any, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What a worker or a runner does with a new flow run: load its flow, from elsewhere."""
    from prefect.client.orchestration import get_client
    from prefect.flows import load_flow_from_flow_run

    with get_client(sync_client=True) as client:
        flow_run = client.create_flow_run_from_deployment(
            deployment_id, parameters={"job_id": "j1"}
        )
    monkeypatch.chdir(cwd)  # a pull step may chdir; monkeypatch puts the cwd back
    return asyncio.run(load_flow_from_flow_run(flow_run)).name


def test_schedule_and_deploy_coexist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.testing.cli import invoke_and_assert

    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="jobops", type="process"))
    invoke_and_assert(["--no-prompt", "deploy", "--all"], temp_dir=str(ROOT), echo=False)
    pooled = _deployments()
    names = {spec["name"] for spec in deployment_specs()}
    assert {name.split("/")[1] for name in pooled} == names

    deployments, notes = served_deployments()  # what jobops schedule serves...
    for deployment in deployments:
        deployment.apply()  # ...and registers first

    after = _deployments()
    for full_name, before in pooled.items():
        now = after[full_name]
        assert (now.work_pool_name, now.pull_steps, now.path, now.entrypoint, now.paused) == (
            "jobops",
            before.pull_steps,
            before.path,
            before.entrypoint,
            False,
        ), full_name
        served = after[f"{full_name}{SERVED_SUFFIX}"]
        assert served.work_pool_name is None
        assert not served.schedules  # the work-pool deployment runs this schedule already
    scheduled = {spec["name"] for spec in deployment_specs() if spec.get("schedules")}
    assert len(notes) == len(scheduled) and all("work pool 'jobops'" in n for n in notes)

    # A worker's run loads its flow through the pull step (this crashed with …/None), and so
    # does a run of the served copy, from the folder jobops schedule runs in.
    pool_run = pooled["process-job/process-job"].id
    assert _load_flow_of_a_run(pool_run, tmp_path, monkeypatch) == "process-job"
    served_run = after[f"process-job/process-job{SERVED_SUFFIX}"].id
    assert _load_flow_of_a_run(served_run, ROOT, monkeypatch) == "process-job"
