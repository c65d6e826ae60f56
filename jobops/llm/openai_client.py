"""Any OpenAI-compatible endpoint (OpenAI, OpenRouter, Ollama, LM Studio, vLLM, llama.cpp) through
the ``openai`` SDK. The only module importing ``openai``.

Structured output is asked for as ``json_schema``, then ``json_object``, then plain text with the
JSON parsed out of it; the first mode an endpoint accepts is remembered per (base URL, model).
Output that does not validate is :class:`LLMBadOutput`, never a guess. The SDK retries 429 and
5xx itself (honouring Retry-After); what still fails becomes :class:`LLMUnavailable`, which Prefect
tasks retry, or :class:`LLMConfigError` when retrying cannot help.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError

from jobops.errors import LLMBadOutput, LLMConfigError, LLMUnavailable
from jobops.llm import prompts
from jobops.llm.base import (
    GhostwriterPrompt,
    JobBrief,
    LLMCall,
    Profile,
    ScoreResult,
    TailorRequest,
    TailorResult,
)
from jobops.redaction import minimise_profile

T = TypeVar("T", bound=BaseModel)
MODES = ("json_schema", "json_object", "text")
UsageSink = Callable[[LLMCall], None]


@dataclass(frozen=True)
class Endpoint:
    base_url: str | None
    api_key: str | None
    model: str
    timeout_seconds: float = 60.0
    max_retries: int = 2
    max_concurrency: int = 4
    structured_output: str = "auto"

    @property
    def key(self) -> tuple[str, str]:
        return (self.base_url or "https://api.openai.com/v1", self.model)

    @property
    def provider(self) -> str:
        if not self.base_url:
            return "openai"
        return f"openai-compatible@{urlsplit(self.base_url).netloc or self.base_url}"


_lock = threading.Lock()
_working_mode: dict[tuple[str, str], str] = {}
_slots: dict[str, threading.BoundedSemaphore] = {}


def _slot(endpoint: Endpoint) -> threading.BoundedSemaphore:
    with _lock:
        return _slots.setdefault(
            endpoint.key[0], threading.BoundedSemaphore(endpoint.max_concurrency)
        )


def forget_modes() -> None:
    """Forget which structured-output mode each endpoint accepts (for tests)."""
    with _lock:
        _working_mode.clear()


def extract_json(text: str) -> Any:
    """The first JSON object in ``text`` (which may wrap it in prose or a code fence)."""
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object in the reply")
    value, _ = json.JSONDecoder().raw_decode(text[start:])
    return value


def _short(exc: Exception, limit: int = 300) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return message if len(message) <= limit else message[:limit] + "…"


class OpenAICompatibleLLM:
    """An :class:`~jobops.llm.base.LLMClient` backed by an OpenAI-compatible chat endpoint."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        purpose: str,
        scoring_template: str | None = None,
        tailoring_template: str | None = None,
        scoring_instructions: str = "",
        usage_sink: UsageSink | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.purpose = purpose
        self.provider = endpoint.provider
        self.model = endpoint.model
        self._scoring_template = scoring_template or prompts.SCORING_TEMPLATE
        self._tailoring_template = tailoring_template or prompts.TAILORING_TEMPLATE
        self._instructions = scoring_instructions
        self._sink = usage_sink
        self._client = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or "no-key",  # local servers take any key
            timeout=endpoint.timeout_seconds,
            max_retries=endpoint.max_retries,
        )

    # ---------------------------------------------------------------------------- the two jobs

    def score(self, profile: Profile, job: JobBrief) -> ScoreResult:
        user = prompts.fill(
            self._scoring_template,
            instructions=self._instructions or "(none)",
            profile=profile.model_dump_json(indent=1),
            job=job.model_dump_json(indent=1),
        )
        return self.complete_json("scoring", prompts.SCORING_SYSTEM, user, ScoreResult)

    def tailor(self, request: TailorRequest) -> TailorResult:
        profile = minimise_profile(request.resume)
        catalog = "\n".join(
            f"{p.id}: {p.name} - {', '.join(p.keywords)}" for p in request.resume.projects
        )
        user = prompts.fill(
            self._tailoring_template,
            summary_max_words=str(request.summary_max_words),
            max_projects=str(request.max_projects),
            always_include=", ".join(request.always_include_projects) or "(none)",
            resume=profile.model_dump_json(indent=1),
            catalog=catalog or "(no projects)",
            job=request.job.model_dump_json(indent=1),
        )
        return self.complete_json("tailoring", prompts.TAILORING_SYSTEM, user, TailorResult)

    # ------------------------------------------------------------------------- structured output

    def _modes(self) -> list[str]:
        if self.endpoint.structured_output != "auto":
            return [self.endpoint.structured_output]
        with _lock:
            known = _working_mode.get(self.endpoint.key)
        return list(MODES[MODES.index(known) :]) if known else list(MODES)

    def complete_json(self, purpose: str, system: str, user: str, schema: type[T]) -> T:
        """One chat completion whose reply must validate as ``schema``."""
        modes = self._modes()
        for index, mode in enumerate(modes):
            try:
                content = self._complete(purpose, system, user, schema, mode)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if index + 1 < len(modes):
                    continue  # this endpoint does not take this response_format: try the next
                raise LLMConfigError(
                    f"The LLM endpoint rejected the request: {_short(exc)}"
                ) from exc
            with _lock:
                _working_mode[self.endpoint.key] = mode
            return self._parse(content, schema, mode)
        raise LLMConfigError("No structured-output mode is configured.")  # pragma: no cover

    def _parse(self, content: str, schema: type[T], mode: str) -> T:
        try:
            data = json.loads(content) if mode != "text" else extract_json(content)
        except ValueError as exc:
            raise LLMBadOutput(
                f"The LLM reply is not valid JSON ({mode} mode): {_short(exc, 120)}"
            ) from exc
        try:
            return schema.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'reply'}: {e['msg']}"
                for e in exc.errors()[:5]
            )
            raise LLMBadOutput(
                f"The LLM reply does not match {schema.__name__}: {problems}"
            ) from exc

    def _response_format(self, schema: type[BaseModel], mode: str) -> dict[str, Any] | None:
        if mode == "json_schema":
            return {
                "type": "json_schema",
                "json_schema": {
                    "name": schema.__name__,
                    "schema": schema.model_json_schema(),
                    "strict": False,
                },
            }
        if mode == "json_object":
            return {"type": "json_object"}
        return None

    def _complete(
        self, purpose: str, system: str, user: str, schema: type[BaseModel], mode: str
    ) -> str:
        if mode == "text":
            user += "\n\nReply with the JSON object only."
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": 0.2,
        }
        response_format = self._response_format(schema, mode)
        if response_format is not None:
            kwargs["response_format"] = response_format

        call = LLMCall(purpose=purpose, provider=self.provider, model=self.model, mode=mode)
        started = time.perf_counter()
        with _slot(self.endpoint), self._translated(call, started):
            response = self._client.chat.completions.create(**kwargs)
        usage = response.usage
        call.prompt_tokens = usage.prompt_tokens if usage else 0
        call.completion_tokens = usage.completion_tokens if usage else 0
        choice = response.choices[0] if response.choices else None
        content: str | None = choice.message.content if choice else None
        if choice is not None and choice.finish_reason == "length":
            self._record(call, started, error="truncated")
            raise LLMBadOutput("The LLM reply was cut off (max tokens reached).")
        if not content:
            self._record(call, started, error="empty reply")
            raise LLMBadOutput("The LLM returned an empty reply.")
        self._record(call, started)
        return content

    @contextmanager
    def _translated(self, call: LLMCall, started: float) -> Iterator[None]:
        """Map the SDK's errors to jobops errors once, recording the failed call."""
        try:
            yield
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            self._record(call, started, error=f"rejected: {_short(exc, 200)}")
            raise
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            self._record(call, started, error="authentication failed")
            raise LLMConfigError("The LLM endpoint rejected the API key.") from exc
        except openai.NotFoundError as exc:
            self._record(call, started, error="not found")
            raise LLMConfigError(
                f"Model {self.model!r} or the endpoint was not found: {_short(exc, 200)}"
            ) from exc
        except (openai.APITimeoutError, openai.APIConnectionError) as exc:
            self._record(call, started, error=type(exc).__name__)
            raise LLMUnavailable(f"The LLM endpoint did not answer: {_short(exc, 200)}") from exc
        except openai.APIStatusError as exc:  # 429 and 5xx after the SDK's own retries
            self._record(call, started, error=f"HTTP {exc.status_code}")
            raise LLMUnavailable(
                f"The LLM endpoint failed with HTTP {exc.status_code} after retries: "
                f"{_short(exc, 200)}"
            ) from exc
        except openai.APIError as exc:  # e.g. a stream that broke off
            self._record(call, started, error=type(exc).__name__)
            raise LLMUnavailable(f"The LLM endpoint failed: {_short(exc, 200)}") from exc

    # ------------------------------------------------------------------------------ ghostwriter

    def ghostwrite(self, prompt: GhostwriterPrompt) -> Iterator[str]:
        """Stream the reply as the endpoint produces it."""
        context = prompt.model_dump(exclude={"history"})
        messages: list[ChatCompletionMessageParam] = [
            {
                "role": "system",
                "content": prompts.fill(
                    prompts.GHOSTWRITER_SYSTEM, context=json.dumps(context, indent=1)
                ),
            },
            *(
                cast(ChatCompletionMessageParam, {"role": t.role, "content": t.content})
                for t in prompt.history
            ),
        ]
        call = LLMCall(
            purpose="ghostwriter", provider=self.provider, model=self.model, mode="stream"
        )
        started = time.perf_counter()
        with _slot(self.endpoint), self._translated(call, started):
            stream = self._client.chat.completions.create(
                model=self.model,
                messages=messages,
                temperature=0.5,
                stream=True,
                stream_options={"include_usage": True},
            )
            produced = 0
            for chunk in stream:
                if chunk.usage is not None:
                    call.prompt_tokens = chunk.usage.prompt_tokens
                    call.completion_tokens = chunk.usage.completion_tokens
                delta = chunk.choices[0].delta.content if chunk.choices else None
                if delta:
                    produced += len(delta)
                    yield delta
            if not produced:
                self._record(call, started, error="empty reply")
                raise LLMBadOutput("The LLM returned an empty reply.")
            self._record(call, started)

    def _record(self, call: LLMCall, started: float, *, error: str | None = None) -> None:
        call.duration_ms = round((time.perf_counter() - started) * 1000)
        call.ok = error is None
        call.error = error
        if self._sink is not None:
            self._sink(call)
