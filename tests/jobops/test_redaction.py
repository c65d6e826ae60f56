from __future__ import annotations

import json

from jobops.redaction import job_brief, minimise_profile, redact, strip_html
from jobops.resume.model import Resume


def test_minimised_profile_has_no_identity_or_contacts(demo_resume: Resume) -> None:
    resume = demo_resume.model_copy(deep=True)
    resume.summary += (
        " Reach me at alex.morgan@example.com or +44 7700 900123, https://alexmorgan.dev."
    )
    dumped = json.dumps(minimise_profile(resume).model_dump())
    for secret in (
        "Alex",
        "Morgan",
        "alex.morgan@example.com",
        "7700 900123",
        "alexmorgan.dev",
        "Manchester",
        "Larchfield",
    ):
        assert secret not in dumped, secret
    assert "Python" in dumped


def test_job_brief_strips_markup_and_caps_length() -> None:
    brief = job_brief("T", "E", "<p>Hello&nbsp;<b>world</b></p>" + "x" * 20_000, None, None)
    assert brief.description.startswith("Hello world\n")
    assert "<" not in brief.description
    assert len(brief.description) <= 12_002
    assert strip_html("<ul><li>a</li><li>b &amp; c</li></ul>") == "a\n\nb & c"


def test_redact_hides_secret_keys_and_truncates() -> None:
    out = redact(
        {"Authorization": "Bearer x", "nested": {"api_key": "k", "ok": "v"}, "long": "y" * 900}
    )
    assert out["Authorization"] == "[REDACTED]"
    assert out["nested"] == {"api_key": "[REDACTED]", "ok": "v"}
    assert len(out["long"]) < 600
    assert "truncated" in out["long"]
