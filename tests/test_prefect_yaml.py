"""Every deployment in prefect.yaml points at a flow that imports, with parameters it accepts."""

from __future__ import annotations

from typing import Any

import pytest

from flows.deployments import SERVED_SUFFIX, deployment_specs, load_flow, runner_deployments

SPECS: list[dict[str, Any]] = deployment_specs()
EXPECTED = {
    "daily-pipeline",
    "process-job",
    "regenerate-pdf",
    "regenerate-stale",
    "expire-jobs",
    "recover-stuck-jobs",
}


def test_the_expected_deployments() -> None:
    assert {s["name"] for s in SPECS} == EXPECTED
    scheduled = {s["name"] for s in SPECS if s.get("schedules")}
    assert scheduled == EXPECTED - {"process-job", "regenerate-pdf"}  # those two are triggers


@pytest.mark.parametrize("spec", SPECS, ids=[s["name"] for s in SPECS])
def test_entrypoint_imports_and_parameters_validate(spec: dict[str, Any]) -> None:
    flow = load_flow(spec["entrypoint"])
    flow.validate_parameters(spec.get("parameters") or {})
    assert spec["work_pool"]["name"] == "jobops"


def test_bad_parameters_are_caught() -> None:
    with pytest.raises(Exception, match="top_n"):
        load_flow("flows/pipeline.py:pipeline_flow").validate_parameters({"top_n": "lots"})
    with pytest.raises(Exception, match="job_id"):
        load_flow("flows/jobs.py:process_job_flow").validate_parameters({})


def test_jobops_schedule_builds_every_deployment_under_its_own_name() -> None:
    built = runner_deployments()
    assert {d.name for d in built} == {f"{name}{SERVED_SUFFIX}" for name in EXPECTED}
    daily = next(d for d in built if d.name == "daily-pipeline-served")
    assert daily.schedules and daily.schedules[0].schedule.cron == "0 7 * * *"  # type: ignore[union-attr]
    assert all(d.work_pool_name is None for d in built)

    left_to_a_pool = runner_deployments(unscheduled={"daily-pipeline"})
    assert not next(d for d in left_to_a_pool if d.name == "daily-pipeline-served").schedules
    assert next(d for d in left_to_a_pool if d.name == "expire-jobs-served").schedules
