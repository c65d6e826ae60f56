"""The real openai SDK against the test server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from sqlmodel import select

from jobops import repo, scoring, tailoring
from jobops.db import Database
from jobops.errors import LLMBadOutput, LLMConfigError, LLMUnavailable
from jobops.llm import make_llm, resolve_endpoint
from jobops.llm.offline import OfflineLLM
from jobops.llm.openai_client import OpenAICompatibleLLM, extract_json
from jobops.models import LlmCallLog
from jobops.resume.model import Resume
from jobops.settings import LLMSettings, Settings
from tests.factories import add_job
from tests.llm_server import FakeLLMServer, Step

FAST_RETRY = {"retry-after-ms": "10"}


def _job_after(db: Database, job_id: str) -> tuple[int | None, str | None]:
    with db.session() as session:
        job = repo.get_job(session, job_id)
        return job.suitability_score, job.score_error


def test_json_schema_path_scores_and_records_usage(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    job = add_job(db)
    llm = make_llm("scoring")
    assert isinstance(llm, OpenAICompatibleLLM)
    outcome = scoring.score_job(db, job.id, llm)
    assert outcome.score == 82
    assert llm_server.formats_seen() == ["json_schema"]
    schema = llm_server.requests[0]["response_format"]["json_schema"]["schema"]
    assert "score" in schema["properties"]
    assert llm_server.headers[0]["authorization"] == "Bearer sk-test-secret-key"
    with db.session() as session:
        stored = repo.get_job(session, job.id)
        assert stored.scored_by == f"{llm.provider}/test-model"
        assert stored.scored_by.startswith("openai-compatible@127.0.0.1")
        assert stored.score_details
        assert stored.score_details["missingSkills"] == ["Go"]
        calls = session.exec(select(LlmCallLog)).all()
    assert [(c.purpose, c.ok, c.prompt_tokens, c.completion_tokens, c.mode) for c in calls] == [
        ("scoring", True, 100, 20, "json_schema")
    ]


def test_falls_back_to_json_object_and_remembers(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.reject_formats = {"json_schema"}
    first, second = add_job(db), add_job(db)
    scoring.score_job(db, first.id, make_llm("scoring"))
    scoring.score_job(db, second.id, make_llm("scoring"))
    assert llm_server.formats_seen() == ["json_schema", "json_object", "json_object"]
    assert _job_after(db, second.id) == (82, None)


def test_falls_back_to_json_in_plain_text(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.reject_formats = {"json_schema", "json_object"}
    llm_server.wrap_in_prose = True
    job = add_job(db)
    assert scoring.score_job(db, job.id, make_llm("scoring")).score == 82
    assert llm_server.formats_seen() == ["json_schema", "json_object", "text"]


def test_rate_limit_with_retry_after_then_success(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.script(Step(status=429, headers={"Retry-After": "1"}))
    job = add_job(db)
    started = time.monotonic()
    assert scoring.score_job(db, job.id, make_llm("scoring")).score == 82
    assert time.monotonic() - started >= 0.9  # the SDK waited as the server asked
    assert len(llm_server.requests) == 2


def test_server_errors_until_retries_run_out_leave_the_job_unscored(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.script(*[Step(status=500, headers=FAST_RETRY)] * 3)
    job = add_job(db)
    with pytest.raises(LLMUnavailable, match="HTTP 500"):
        scoring.score_job(db, job.id, make_llm("scoring"))
    assert len(llm_server.requests) == 3  # one call + the SDK's two retries
    score, error = _job_after(db, job.id)
    assert score is None
    assert error
    assert error.startswith("llm_unavailable")
    with db.session() as session:
        assert repo.unscored_job_ids(session) == [job.id]
        failed = session.exec(select(LlmCallLog)).one()
    assert not failed.ok
    assert failed.error == "HTTP 500"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("{not json", "not valid JSON"),
        ('{"score": 150, "reason": "x"}', "does not match ScoreResult"),
        ('{"reason": "no score"}', "score"),
        ("", "empty reply"),
    ],
)
def test_bad_output_is_an_error_not_a_guess(
    db: Database,
    remote_llm: Settings,
    stored_resume: Resume,
    llm_server: FakeLLMServer,
    content: str,
    match: str,
) -> None:
    llm_server.script(Step(content=content))
    job = add_job(db)
    with pytest.raises(LLMBadOutput, match=match):
        scoring.score_job(db, job.id, make_llm("scoring"))
    score, error = _job_after(db, job.id)
    assert score is None
    assert error
    assert error.startswith("llm_bad_output")


def test_a_truncated_reply_is_bad_output(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.script(Step(content='{"score": 5', finish_reason="length"))
    job = add_job(db)
    with pytest.raises(LLMBadOutput, match="cut off"):
        scoring.score_job(db, job.id, make_llm("scoring"))


def test_timeout_is_transient(
    db: Database,
    remote_llm: Settings,
    stored_resume: Resume,
    llm_server: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = remote_llm.model_copy(deep=True)
    settings.llm.timeout_seconds = 0.3
    settings.llm.max_retries = 0
    llm_server.script(Step(delay=1.5))
    job = add_job(db)
    with pytest.raises(LLMUnavailable, match="did not answer"):
        scoring.score_job(db, job.id, make_llm("scoring", settings))
    assert _job_after(db, job.id)[0] is None


def test_a_rejected_key_is_a_config_error(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.script(Step(status=401))
    job = add_job(db)
    with pytest.raises(LLMConfigError, match="API key"):
        scoring.score_job(db, job.id, make_llm("scoring"))
    assert len(llm_server.requests) == 1  # never retried


def test_scoring_requests_never_carry_identity(
    db: Database, remote_llm: Settings, demo_resume: Resume, llm_server: FakeLLMServer
) -> None:
    resume = demo_resume.model_copy(deep=True)
    resume.basics.name = "Zebedee Quoxwell"
    resume.basics.email = "canary-7f3a@mailbox.test"
    resume.basics.phone = "+44 7000 135791"
    resume.summary += " Contact: canary-7f3a@mailbox.test, +44 7000 135791. Zebedee builds APIs."
    with db.session() as session:
        repo.add_resume(session, "reactive_resume", resume)
    job = add_job(db)
    scoring.score_job(db, job.id, make_llm("scoring"))
    tailoring.tailor_job(db, job.id, make_llm("tailoring"), remote_llm.tailoring)
    assert len(llm_server.requests) == 2
    for body in map(str, llm_server.requests):
        for canary in ("Zebedee", "Quoxwell", "canary-7f3a", "7000 135791", "sk-test-secret-key"):
            assert canary not in body


def test_provider_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_endpoint(LLMSettings(), "scoring")[0] == "offline"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    provider, base_url, _, model = resolve_endpoint(LLMSettings(), "scoring")
    assert (provider, base_url, model) == ("openai", "http://127.0.0.1:9/v1", "gpt-4o-mini")
    assert resolve_endpoint(LLMSettings(provider="offline"), "scoring")[0] == "offline"
    per_purpose = LLMSettings.model_validate({"model": "big", "tailoring": {"model": "small"}})
    assert resolve_endpoint(per_purpose, "tailoring")[3] == "small"
    assert resolve_endpoint(per_purpose, "scoring")[3] == "big"


def test_offline_is_the_default(settings: Settings) -> None:
    assert isinstance(make_llm("scoring"), OfflineLLM)


def test_extract_json_from_prose() -> None:
    assert extract_json('Here you go:\n```json\n{"a": {"b": 1}}\n```') == {"a": {"b": 1}}
    with pytest.raises(ValueError, match="no JSON"):
        extract_json("nothing here")


def test_fabrications_from_the_llm_are_repaired_and_recorded(
    db: Database, remote_llm: Settings, stored_resume: Resume, llm_server: FakeLLMServer
) -> None:
    llm_server.tailor_reply = {
        "headline": "Backend Engineer",
        "summary": "Built Python services. Also ran the platform team at Globex Corporation.",
        "skills": [{"name": "Backend", "keywords": ["Python", "Elixir"]}],
        "selected_project_ids": ["p2", "p42"],
    }
    job = add_job(db)
    tailored = tailoring.tailor_job(db, job.id, make_llm("tailoring"), remote_llm.tailoring)
    assert tailored.tailored_summary == "Built Python services."
    assert tailored.tailored_skills == [{"name": "Backend", "keywords": ["Python"]}]
    assert tailored.selected_project_ids == "p2"
    with db.session() as session:
        note = repo.job_events(session, job.id)[-1]
    assert note.actor == "guard"
    assert note.from_status == note.to_status == "discovered"
    assert note.reason
    assert "Elixir" in note.reason
    assert "Globex" in note.reason
    assert "p42" in note.reason


def test_calls_to_one_endpoint_respect_the_concurrency_limit(
    remote_llm: Settings, demo_resume: Resume, llm_server: FakeLLMServer
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from jobops.llm.openai_client import Endpoint
    from jobops.redaction import job_brief, minimise_profile

    llm_server.script(*[Step(delay=0.15)] * 6)
    endpoint = Endpoint(base_url=llm_server.base_url, api_key="k", model="m", max_concurrency=2)
    llm = OpenAICompatibleLLM(endpoint, purpose="scoring")
    profile, brief = minimise_profile(demo_resume), job_brief("T", "E", "Python", None, None)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: llm.score(profile, brief), range(6)))
    assert [r.score for r in results] == [82] * 6
    assert llm_server.max_in_flight == 2
