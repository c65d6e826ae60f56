"""Benchmark: tailored-resume PDF rendering with Typst (jobops) versus headless Chromium (peers).

What is measured, all wall-clock milliseconds on this machine:

* ``typst_warm_*`` - in this process, N fresh compiles of the demo resume tailored for a job,
  exactly as jobops renders: ``compile_pdf(render_model(resume, tailoring), template)`` (a new
  Typst compiler per call). One untimed warm-up render first. Typst memoizes compilation work
  process-wide, so re-rendering an identical model is cheaper than rendering a new one:
  ``typst_warm_varied_*`` therefore also times N models that each differ slightly (employer and
  summary, as for N different jobs), which is what a long-running jobops worker sees.
* ``typst_cold_*`` - a fresh Python process per resume that imports jobops and writes one PDF:
  the whole process wall time, and the single compile timed inside the child.
* ``chromium_cold_*`` - one ``chromium --headless --print-to-pdf`` process per resume, each with
  a fresh profile directory (what CLI-driven peer tools pay per PDF).
* ``chromium_warm_*`` - one long-lived headless Chromium driven over the DevTools protocol, as
  Reactive Resume's printer does: per resume ``Page.navigate`` to the HTML file, wait for
  ``Page.loadEventFired``, ``Page.printToPDF``, base64-decode. One untimed warm-up page first.

Chromium prints an HTML resume built from the same template data (``model``) Typst gets: same
sections and text, simple one-column A4 CSS with a system serif font, every value HTML-escaped.
If Chromium is missing it is installed with apt (as root) once; if that fails, or the browser
does not work, the Chromium figures are ``None`` and ``note`` says why - this module never raises
for Chromium problems.

Run ``python -m bench.render [--quick]`` for a table, or ``bench.render.run(quick=...)``.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from pathlib import Path
from pprint import pprint
from typing import Any

from jobops.resume.importers import load_resume_file
from jobops.resume.model import SkillGroup
from jobops.resume.render import Tailoring, compile_pdf, render_model, template_path
from jobops.settings import PROJECT_ROOT

Results = dict[str, float | str | None]

RESUME_FILE = PROJECT_ROOT / "jobops/demo/resume.json"
TEMPLATES_DIR = PROJECT_ROOT / "resume_templates"
THEME = "classic"

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_PRINT_TIMEOUT_S = 60
CDP_TIMEOUT_S = 30
BROWSER_START_TIMEOUT_S = 30
APT_TIMEOUT_S = 900

#: Every key ``run`` returns, in the order it reports them.
RESULT_KEYS = (
    "typst_warm_median_ms",
    "typst_warm_p95_ms",
    "typst_warm_varied_median_ms",
    "typst_warm_varied_p95_ms",
    "typst_cold_median_ms",
    "typst_cold_render_only_median_ms",
    "chromium_warm_median_ms",
    "chromium_warm_p95_ms",
    "chromium_cold_median_ms",
    "chromium_cold_p95_ms",
    "warm_chromium_speedup",
    "cold_chromium_speedup",
    "warm_chromium_speedup_varied",
    "chromium_version",
    "typst_pdf_pages",
    "chromium_pdf_pages",
    "machine",
    "note",
)


@dataclass(frozen=True)
class Sizes:
    typst_warm: int
    typst_cold: int
    chromium_cold: int
    chromium_warm: int


FULL = Sizes(typst_warm=200, typst_cold=10, chromium_cold=10, chromium_warm=100)
QUICK = Sizes(typst_warm=30, typst_cold=3, chromium_cold=3, chromium_warm=20)


class ChromiumError(RuntimeError):
    """Chromium is missing or misbehaved; the message goes into ``note``."""


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench.render] {message}", file=sys.stderr, flush=True)


def median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 3)


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def pdf_pages(data: bytes) -> float | None:
    """Page count of a PDF, as a float to fit ``Results`` (a sanity check that both renderers
    lay out a similar document). None without pypdf, a development dependency."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return float(len(PdfReader(BytesIO(data)).pages))


def check_pdf(data: bytes, what: str) -> None:
    if not data.startswith(b"%PDF"):
        raise ChromiumError(f"{what} did not produce a PDF")


# --------------------------------------------------------------------------------------------
# The document: demo resume tailored for a job, as Typst data and as equivalent HTML
# --------------------------------------------------------------------------------------------


#: A realistic tailoring (new headline, summary and skills, a subset of projects), as the plain
#: data jobops stores per job; the cold-start child processes receive it as JSON.
DEMO_TAILORING: dict[str, Any] = {
    "headline": "Senior Backend Engineer — streaming data platforms",
    "summary": (
        "Backend engineer with 8+ years building Python services and event-driven data "
        "pipelines. At Larchfield Logistics I moved order ingestion from nightly batches to "
        "Kafka streaming, cutting latency from hours to seconds for 1.2M orders a day.\n\n"
        "I would bring the same focus on reliable, observable systems to Acme Freight's "
        "shipment-tracking platform."
    ),
    "skills": [
        {"name": "Streaming", "keywords": ["Kafka", "Airflow", "Python", "PostgreSQL"]},
        {"name": "Services", "keywords": ["FastAPI", "Django", "Redis", "REST APIs"]},
        {"name": "Platform", "keywords": ["Docker", "Kubernetes", "AWS", "Terraform"]},
    ],
    "project_ids": ["p1", "p3", "p2"],
    "employer": "Acme Freight",
    "job_title": "Senior Backend Engineer (Data Platform)",
}


def tailoring_from(data: dict[str, Any]) -> Tailoring:
    skills = [SkillGroup.model_validate(g) for g in data["skills"]]
    return Tailoring(**{**data, "skills": skills})


def load_model(job: int | None = None) -> dict[str, Any]:
    """The demo resume tailored with ``DEMO_TAILORING``; with ``job``, a variant that differs in
    employer and summary (as the tailorings of different jobs do)."""
    data = DEMO_TAILORING
    if job is not None:
        data = {**data, "employer": f"Employer {job}", "summary": f"{data['summary']} ({job})"}
    _, resume = load_resume_file(RESUME_FILE)
    return render_model(resume, tailoring_from(data))


def _e(value: object) -> str:
    return html.escape(str(value or ""))


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{_e(p)}</p>" for p in parts if p)


def _entry(title: str, date: str, sub: str = "", body: str = "") -> str:
    head = f'<div class="row"><b>{_e(title)}</b><span class="muted">{_e(date)}</span></div>'
    if sub:
        head += f'<div class="sub">{_e(sub)}</div>'
    return f'<div class="entry">{head}{body}</div>'


def _section(title: str, body: str) -> str:
    return f"<section><h2>{_e(title)}</h2>{body}</section>" if body else ""


def _bullets(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items if i) + "</ul>" if items else ""


def _experience(model: dict[str, Any]) -> str:
    return "".join(
        _entry(
            " — ".join(x for x in (e.get("position"), e.get("company")) if x),
            e.get("date", ""),
            e.get("location", ""),
            _paragraphs(e.get("summary") or "") + _bullets(e.get("highlights") or []),
        )
        for e in model["experience"]
    )


def _projects(model: dict[str, Any]) -> str:
    out = []
    for p in model["projects"]:
        body = _paragraphs(p.get("summary") or "")
        if p.get("keywords"):
            body += f'<p class="muted">{_e(", ".join(p["keywords"]))}</p>'
        if p.get("url"):
            body += f'<p><a href="{_e(p["url"])}">{_e(p["url"])}</a></p>'
        out.append(_entry(p["name"], p.get("date", ""), p.get("description", ""), body))
    return "".join(out)


def _education(model: dict[str, Any]) -> str:
    return "".join(
        _entry(
            ", ".join(x for x in (e.get("studyType"), e.get("area")) if x),
            e.get("date") or "",
            " — ".join(x for x in (e.get("institution"), e.get("score")) if x),
        )
        for e in model["education"]
    )


HTML_CSS = """
@page { size: %(paper)s; margin: 1.6cm 1.7cm 1.7cm 1.7cm; }
body { font-family: serif; font-size: 10.5pt; line-height: 1.3; color: #111; margin: 0; }
header { text-align: center; margin-bottom: 1.2em; }
h1 { font-size: 24pt; color: #1f3a5f; margin: 0 0 6pt; }
.headline { font-size: 12.5pt; color: #4a4a4a; margin: 0 0 6pt; }
.contacts { font-size: 9.5pt; }
h2 { font-size: 12pt; font-variant: small-caps; letter-spacing: .04em; color: #1f3a5f;
     border-bottom: .5pt solid #9aa5b1; margin: 1.1em 0 .5em; break-after: avoid; }
p { margin: 0 0 .5em; }
.entry { margin: 0 0 .9em; }
.row { display: flex; justify-content: space-between; gap: 1em; }
.sub { font-style: italic; color: #4a4a4a; margin: .2em 0 .4em; }
.muted { color: #4a4a4a; }
ul { margin: .2em 0 0; padding-left: 1.2em; }
li { margin-bottom: .3em; }
a { color: inherit; text-decoration: none; }
"""


def build_html(model: dict[str, Any]) -> str:
    """The same resume as the Typst template prints, as a self-contained HTML page."""
    paper = "letter" if model["meta"].get("paper") == "us-letter" else "A4"
    contacts = " · ".join(_e(c) for c in model["contacts"])
    skills = "".join(
        f"<p><b>{_e(g['name'])}:</b> {_e(', '.join(g['keywords']))}</p>" for g in model["skills"]
    )
    certifications = "".join(
        _entry(c["name"], c.get("date", ""), c.get("issuer", "")) for c in model["certifications"]
    )
    languages = "".join(
        f"<p><b>{_e(x['name'])}</b> — {_e(x.get('level'))}</p>" for x in model["languages"]
    )
    body = "".join(
        (
            f"<header><h1>{_e(model['name'])}</h1>"
            f'<p class="headline">{_e(model["headline"])}</p>'
            f'<p class="contacts">{contacts}</p></header>',
            _section("Summary", _paragraphs(model["summary"] or "")),
            _section("Skills", skills),
            _section("Experience", _experience(model)),
            _section("Projects", _projects(model)),
            _section("Education", _education(model)),
            _section("Certifications", certifications),
            _section("Languages", languages),
        )
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(model['meta']['title'])}</title>"
        f"<style>{HTML_CSS % {'paper': paper}}</style></head><body>{body}</body></html>"
    )


# --------------------------------------------------------------------------------------------
# Typst
# --------------------------------------------------------------------------------------------

#: The cold-start child: import jobops, build the tailored model, compile once, write the PDF,
#: print the compile time. Deliberately does not import this module (keeps the child minimal).
COLD_CHILD = """
import json, sys, time
from pathlib import Path
from jobops.resume.importers import load_resume_file
from jobops.resume.model import SkillGroup
from jobops.resume.render import Tailoring, compile_pdf, render_model, template_path
from jobops.settings import PROJECT_ROOT
data = json.loads(sys.argv[2])
tailoring = Tailoring(**{**data, "skills": [SkillGroup.model_validate(g) for g in data["skills"]]})
_, resume = load_resume_file(PROJECT_ROOT / "jobops/demo/resume.json")
model = render_model(resume, tailoring)
template = template_path(PROJECT_ROOT / "resume_templates", "classic")
start = time.perf_counter()
pdf = compile_pdf(model, template)
elapsed = (time.perf_counter() - start) * 1000
Path(sys.argv[1]).write_bytes(pdf)
print(f"{elapsed:.3f}")
"""


def bench_typst_warm(model: dict[str, Any], n: int) -> tuple[list[float], bytes]:
    template = template_path(TEMPLATES_DIR, THEME)
    pdf = compile_pdf(model, template)  # warm-up
    samples = [timed_ms(lambda: compile_pdf(model, template)) for _ in range(n)]
    return samples, pdf


def bench_typst_varied(n: int) -> list[float]:
    """N compiles of N different models (built before timing), after one warm-up render."""
    template = template_path(TEMPLATES_DIR, THEME)
    models = [load_model(job) for job in range(n + 1)]
    compile_pdf(models.pop(), template)  # warm-up
    return [timed_ms(partial(compile_pdf, model, template)) for model in models]


def bench_typst_cold(n: int, workdir: Path) -> tuple[list[float], list[float]]:
    """(whole-process wall times, compile times measured inside each child)."""
    walls, renders = [], []
    for i in range(n):
        out = workdir / f"typst-cold-{i}.pdf"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", COLD_CHILD, str(out), json.dumps(DEMO_TAILORING)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        walls.append((time.perf_counter() - start) * 1000)
        if proc.returncode != 0 or not out.read_bytes().startswith(b"%PDF"):
            raise RuntimeError(f"Typst cold render failed: {proc.stderr.strip()[-500:]}")
        renders.append(float(proc.stdout.strip().splitlines()[-1]))
    return walls, renders


# --------------------------------------------------------------------------------------------
# Chromium: discovery and installation
# --------------------------------------------------------------------------------------------


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _apt(*args: str) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        proc = subprocess.run(
            ["apt-get", *args], env=env, capture_output=True, timeout=APT_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log(f"apt-get {' '.join(args)} failed: {exc}")
        return False
    return proc.returncode == 0


def ensure_chromium() -> tuple[str, str | None]:
    """(chromium path, note about installing it). Raises ChromiumError if unavailable."""
    found = find_chromium()
    if found:
        return found, None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ChromiumError("chromium not found, and cannot apt-get install it (not root/no apt)")
    log("chromium not found: apt-get install -y chromium ...")
    if not _apt("install", "-y", "chromium"):
        log("install failed; apt-get update and retry ...")
        _apt("update")
        _apt("install", "-y", "chromium")
    found = find_chromium()
    if not found:
        raise ChromiumError("chromium still not found after trying apt-get install chromium")
    return found, "chromium was installed with apt-get during this run"


def chromium_version(chromium: str) -> str:
    try:
        proc = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChromiumError(f"chromium --version failed: {exc}") from exc
    if proc.returncode != 0:
        raise ChromiumError(f"chromium --version failed: {proc.stderr.strip()[-300:]}")
    return proc.stdout.strip()


# --------------------------------------------------------------------------------------------
# Chromium cold: one process per PDF
# --------------------------------------------------------------------------------------------


def chromium_print_once(chromium: str, page_url: str, workdir: Path, i: int) -> tuple[float, bytes]:
    """(wall time of one ``chromium --print-to-pdf`` process in ms, the PDF)."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=workdir))
    out = workdir / f"chromium-cold-{i}.pdf"
    cmd = [
        chromium,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={out}",
        "--no-pdf-header-footer",
        page_url,
    ]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=CHROMIUM_PRINT_TIMEOUT_S, check=False
        )
        elapsed = (time.perf_counter() - start) * 1000
    except subprocess.TimeoutExpired as exc:
        raise ChromiumError(f"chromium --print-to-pdf timed out after {exc.timeout}s") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0 or not out.is_file():
        raise ChromiumError(f"chromium --print-to-pdf failed: {proc.stderr.strip()[-300:]}")
    data = out.read_bytes()
    check_pdf(data, "chromium --print-to-pdf")
    return elapsed, data


def bench_chromium_cold(
    chromium: str, page_url: str, n: int, workdir: Path
) -> tuple[list[float], bytes]:
    runs = [chromium_print_once(chromium, page_url, workdir, i) for i in range(n)]
    return [elapsed for elapsed, _ in runs], runs[-1][1]


# --------------------------------------------------------------------------------------------
# Chromium warm: one browser, DevTools protocol over a websocket
# --------------------------------------------------------------------------------------------


class Cdp:
    """A minimal synchronous DevTools-protocol client (flattened sessions)."""

    def __init__(self, ws_url: str) -> None:
        from websockets.sync.client import connect

        self._ws = connect(ws_url, max_size=None, open_timeout=CDP_TIMEOUT_S)
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def close(self) -> None:
        self._ws.close()

    def _recv(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ChromiumError("DevTools protocol timeout")
        try:
            message: dict[str, Any] = json.loads(self._ws.recv(timeout=remaining))
        except TimeoutError as exc:
            raise ChromiumError("DevTools protocol timeout") from exc
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        request: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            request["sessionId"] = session
        self._ws.send(json.dumps(request))
        deadline = time.monotonic() + CDP_TIMEOUT_S
        while True:
            message = self._recv(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise ChromiumError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def clear_events(self) -> None:
        self._events.clear()

    def wait_event(self, method: str, session: str | None = None) -> dict[str, Any]:
        def matches(event: dict[str, Any]) -> bool:
            return event.get("method") == method and event.get("sessionId") == session

        deadline = time.monotonic() + CDP_TIMEOUT_S
        while True:
            for event in self._events:
                if matches(event):
                    self._events.remove(event)
                    return event
            self._events.append(self._recv(deadline))


@contextmanager
def headless_browser(chromium: str, workdir: Path) -> Iterator[str]:
    """Start one headless Chromium with a DevTools port; yield its browser websocket URL.
    The browser is terminated (then killed) on exit, whatever happened."""
    profile = Path(tempfile.mkdtemp(prefix="profile-warm-", dir=workdir))
    stderr_path = workdir / "chromium-warm.stderr"
    cmd = [
        chromium,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "about:blank",
    ]
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        yield _wait_devtools_url(proc, profile / "DevToolsActivePort", stderr_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


def _wait_devtools_url(proc: subprocess.Popen[bytes], port_file: Path, stderr: Path) -> str:
    deadline = time.monotonic() + BROWSER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = stderr.read_text(errors="replace").strip()[-300:]
            raise ChromiumError(f"headless chromium exited ({proc.returncode}): {tail}")
        lines = port_file.read_text().split() if port_file.is_file() else []
        if len(lines) >= 2:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        time.sleep(0.02)
    raise ChromiumError("headless chromium did not open its DevTools port in time")


def print_page(cdp: Cdp, session: str, url: str) -> bytes:
    cdp.clear_events()
    navigation = cdp.call("Page.navigate", session, url=url)
    if navigation.get("errorText"):
        raise ChromiumError(f"Page.navigate failed: {navigation['errorText']}")
    cdp.wait_event("Page.loadEventFired", session)
    printed = cdp.call("Page.printToPDF", session, printBackground=True, preferCSSPageSize=True)
    return base64.b64decode(printed["data"])


def bench_chromium_warm(
    chromium: str, page_url: str, n: int, workdir: Path
) -> tuple[list[float], bytes]:
    with headless_browser(chromium, workdir) as ws_url:
        cdp = Cdp(ws_url)
        try:
            target = cdp.call("Target.createTarget", url="about:blank")["targetId"]
            session = cdp.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            cdp.call("Page.enable", session)
            pdf = print_page(cdp, session, f"{page_url}?warmup")
            check_pdf(pdf, "Page.printToPDF")
            samples = [
                timed_ms(partial(print_page, cdp, session, f"{page_url}?n={i}")) for i in range(n)
            ]
        finally:
            cdp.close()
    return samples, pdf


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------


def _run_chromium(results: Results, model: dict[str, Any], sizes: Sizes, workdir: Path) -> None:
    """Fill the Chromium keys; on any failure leave them None and explain in ``note``."""
    notes: list[str] = []
    try:
        chromium, install_note = ensure_chromium()
        notes += [install_note] if install_note else []
        version = chromium_version(chromium)
        results["chromium_version"] = version
        log(version)
    except ChromiumError as exc:
        results["note"] = str(exc)
        return
    page = workdir / "resume.html"
    page.write_text(build_html(model), encoding="utf-8")
    page_url = page.as_uri()

    stages = (
        ("cold", bench_chromium_cold, sizes.chromium_cold),
        ("warm", bench_chromium_warm, sizes.chromium_warm),
    )
    for name, bench, n in stages:
        log(f"chromium {name}: {n} PDFs ...")
        try:
            samples, pdf = bench(chromium, page_url, n, workdir)
        except Exception as exc:  # never raise for Chromium problems
            notes.append(f"chromium {name} failed: {type(exc).__name__}: {exc}")
            log(notes[-1])
            continue
        results[f"chromium_{name}_median_ms"] = median(samples)
        results[f"chromium_{name}_p95_ms"] = p95(samples)
        results["chromium_pdf_pages"] = pdf_pages(pdf)
    results["note"] = "; ".join(notes) or None


def _speedup(numerator: float | str | None, denominator: float | str | None) -> float | None:
    if isinstance(numerator, float) and isinstance(denominator, float) and denominator > 0:
        return round(numerator / denominator, 2)
    return None


def run(quick: bool = False) -> Results:
    sizes = QUICK if quick else FULL
    model = load_model()
    results: Results = dict.fromkeys(RESULT_KEYS)
    results["machine"] = f"{os.cpu_count()} CPUs, 1-min load average {os.getloadavg()[0]:.2f}"

    with tempfile.TemporaryDirectory(prefix="jobops-bench-render-") as tmp:
        workdir = Path(tmp)
        log(f"typst warm: {sizes.typst_warm} compiles in-process ...")
        warm, typst_pdf = bench_typst_warm(model, sizes.typst_warm)
        results["typst_warm_median_ms"] = median(warm)
        results["typst_warm_p95_ms"] = p95(warm)
        results["typst_pdf_pages"] = pdf_pages(typst_pdf)

        log(f"typst warm, varied: {sizes.typst_warm} compiles of distinct models ...")
        varied = bench_typst_varied(sizes.typst_warm)
        results["typst_warm_varied_median_ms"] = median(varied)
        results["typst_warm_varied_p95_ms"] = p95(varied)

        log(f"typst cold: {sizes.typst_cold} fresh Python processes ...")
        walls, renders = bench_typst_cold(sizes.typst_cold, workdir)
        results["typst_cold_median_ms"] = median(walls)
        results["typst_cold_render_only_median_ms"] = median(renders)

        _run_chromium(results, model, sizes, workdir)

    results["warm_chromium_speedup"] = _speedup(
        results["chromium_warm_median_ms"], results["typst_warm_median_ms"]
    )
    results["cold_chromium_speedup"] = _speedup(
        results["chromium_cold_median_ms"], results["typst_warm_median_ms"]
    )
    results["warm_chromium_speedup_varied"] = _speedup(
        results["chromium_warm_median_ms"], results["typst_warm_varied_median_ms"]
    )
    return results


TABLE_ROWS = (  # (label, key prefix): the row shows <prefix>_median_ms and <prefix>_p95_ms
    ("Typst in-process, same model (warm)", "typst_warm"),
    ("Typst in-process, distinct models (warm)", "typst_warm_varied"),
    ("Typst, fresh Python process (cold)", "typst_cold"),
    ("  of which the compile", "typst_cold_render_only"),
    ("Chromium, one browser via CDP (warm)", "chromium_warm"),
    ("Chromium, process per PDF (cold)", "chromium_cold"),
)


def format_table(results: Results) -> str:
    def cell(key: str) -> str:
        value = results.get(key)
        return f"{value:.2f}" if isinstance(value, float) else "-"

    lines = [f"{'renderer':<42} {'median ms':>10} {'p95 ms':>10}"]
    lines += [
        f"{label:<42} {cell(f'{prefix}_median_ms'):>10} {cell(f'{prefix}_p95_ms'):>10}"
        for label, prefix in TABLE_ROWS
    ]
    lines += [
        f"Chromium/Typst: warm {results['warm_chromium_speedup'] or '-'}x "
        f"(distinct models {results['warm_chromium_speedup_varied'] or '-'}x), "
        f"cold {results['cold_chromium_speedup'] or '-'}x",
        f"chromium: {results['chromium_version'] or '-'}",
        f"machine: {results['machine']}",
    ]
    if results.get("note"):
        lines.append(f"note: {results['note']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    results = run(quick=parser.parse_args().quick)
    print(format_table(results))
    pprint(results, sort_dicts=False)


if __name__ == "__main__":
    main()
