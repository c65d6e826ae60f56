"""Finding skill terms in free text, with aliases (``Postgres`` is ``PostgreSQL``).

Used by the offline provider and by the truthfulness checks; plain functions over strings.

A skill is found as a whole word, ignoring case, except where its name is also an everyday word
(:data:`EVERYDAY_NAMES`, and every one-letter name such as R or C): "go above and beyond", "you
excel at", "the rest of the team", "R&D", "C-level". Such a name counts only where it is used as
the name, by one rule:

- it is written with the name's own capitals (``Go``, ``Excel``, ``REST``), and not joined into a
  hyphenated or ``&`` compound (``Go-To-Market``, ``R&D``);
- where it opens a sentence, a line or a bullet (the place of an imperative: "Go above and
  beyond", "Excel at…", "Make an impact"), the next word must not be a lowercase word, unless it
  is one that confirms a skill (:data:`CONFIRMING_WORDS`: "Go services", "Excel spreadsheets",
  "Go and Rust").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: canonical -> other spellings that mean the same skill.
ALIASES: dict[str, tuple[str, ...]] = {
    "PostgreSQL": ("Postgres",),
    "Kubernetes": ("k8s",),
    "JavaScript": ("JS", "ECMAScript"),
    "TypeScript": (),
    "CI/CD": ("continuous integration", "continuous delivery", "CI pipelines"),
    "AWS": ("Amazon Web Services",),
    "GCP": ("Google Cloud",),
    "REST APIs": ("REST", "RESTful", "REST API"),
    "Node.js": ("NodeJS", "Node"),
    "Go": ("Golang",),
    "Excel": ("Microsoft Excel", "MS Excel"),
    "Machine learning": ("ML",),
    "Code review": ("code reviews", "reviewing code"),
    "Mentoring": ("mentor", "mentorship"),
    "GitHub Actions": (),
    "Airflow": ("Apache Airflow",),
    "Kafka": ("Apache Kafka",),
    "Spark": ("Apache Spark", "PySpark"),
}

#: Skills the offline scorer recognises in postings, to name what a resume is missing.
VOCABULARY: tuple[str, ...] = (
    "Python",
    "Java",
    "Kotlin",
    "Scala",
    "Go",
    "Rust",
    "C++",
    "C#",
    ".NET",
    "Ruby",
    "PHP",
    "JavaScript",
    "TypeScript",
    "Node.js",
    "React",
    "Vue",
    "Angular",
    "Svelte",
    "Next.js",
    "HTML",
    "CSS",
    "GraphQL",
    "gRPC",
    "REST APIs",
    "FastAPI",
    "Django",
    "Flask",
    "Spring Boot",
    "Rails",
    "SQL",
    "PostgreSQL",
    "MySQL",
    "SQLite",
    "MongoDB",
    "Redis",
    "Elasticsearch",
    "Cassandra",
    "DynamoDB",
    "Snowflake",
    "BigQuery",
    "dbt",
    "Kafka",
    "RabbitMQ",
    "Airflow",
    "Prefect",
    "Spark",
    "Hadoop",
    "DuckDB",
    "Pandas",
    "NumPy",
    "scikit-learn",
    "PyTorch",
    "TensorFlow",
    "Machine learning",
    "MLOps",
    "Docker",
    "Kubernetes",
    "Helm",
    "Terraform",
    "Ansible",
    "AWS",
    "GCP",
    "Azure",
    "Linux",
    "Bash",
    "CI/CD",
    "GitHub Actions",
    "Jenkins",
    "GitLab",
    "Prometheus",
    "Grafana",
    "Datadog",
    "OpenTelemetry",
    "pytest",
    "Selenium",
    "Figma",
    "Excel",
    "SAP",
    "Salesforce",
    "HubSpot",
    "Tableau",
    "Power BI",
    "Looker",
    "SQLAlchemy",
    "Celery",
    "Microservices",
    "Agile",
    "Scrum",
    "Swift",
    "SwiftUI",
    "Objective-C",
    "Unity",
    "WordPress",
    "Jest",
    "Playwright",
    "Cypress",
)


#: Skill names (and aliases) that are also everyday words, written with their own capitals.
EVERYDAY_NAMES: tuple[str, ...] = (
    "Go",
    "Excel",
    "Make",
    "Rust",
    "Swift",
    "Spring",
    "Rails",
    "Express",
    "REST",
    "Node",
    "React",
    "Spark",
    "Helm",
    "Agile",
    "Bash",
    "Airflow",
    "Snowflake",
    "Celery",
    "Flask",
    "Chef",
    "Puppet",
    "Jest",
    "Hive",
    "Storm",
    "Beam",
)

#: Lowercase words that, right after an everyday name opening a sentence, show it is the skill.
CONFIRMING_WORDS = frozenset(
    "and or plus developer developers engineer engineers engineering development programming"
    " language languages code codebase services microservices backend apis api endpoints"
    " modules libraries framework frameworks applications apps tooling experience skills"
    " knowledge expertise proficiency spreadsheets spreadsheet workbooks formulas macros pivot"
    " charts dags jobs pipelines clusters".split()
)

_EVERYDAY = {name.casefold(): name for name in EVERYDAY_NAMES}
_OPENS_SENTENCE = (".", "!", "?", ":", ";")
_BULLET = " \t\"'(*\u2022\u00b7\u2013\u2014\u201c\u2018-"  # spaces, quotes, bullets, dashes


def _as_written(spelling: str) -> str | None:
    """The capitals an everyday name must be written with, or None for an ordinary name."""
    if len(spelling) == 1:
        return spelling.upper()
    return _EVERYDAY.get(spelling.casefold())


def _alternatives(spellings: list[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))


@lru_cache(maxsize=4096)
def _patterns(term: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(ordinary spellings, any case; everyday names, as written) for a term and its aliases."""
    spellings = (term, *ALIASES.get(canonical(term), ()))
    ordinary = [s for s in spellings if _as_written(s) is None]
    everyday = [w for s in spellings if (w := _as_written(s)) is not None]
    return (
        re.compile(rf"(?<![\w+#.])(?:{_alternatives(ordinary)})(?![\w+#]|\.\w)", re.IGNORECASE)
        if ordinary
        else None,
        re.compile(rf"(?<![\w+#.&-])(?:{_alternatives(everyday)})(?![\w+#&]|[.-]\w)")
        if everyday
        else None,
    )


def _used_as_name(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start()].rsplit("\n", 1)[-1].rstrip(_BULLET)
    if before and not before.endswith(_OPENS_SENTENCE):
        return True  # inside a sentence, with its capitals
    following = re.match(r"[ \t]*([a-z][\w'-]*)", text[match.end() :])
    return following is None or following[1] in CONFIRMING_WORDS


@lru_cache(maxsize=4096)
def canonical(term: str) -> str:
    """The canonical spelling of a skill (``postgres`` -> ``PostgreSQL``), or the term itself."""
    folded = term.strip().casefold()
    for name, others in ALIASES.items():
        if folded == name.casefold() or folded in (o.casefold() for o in others):
            return name
    return term.strip()


def same_skill(a: str, b: str) -> bool:
    return canonical(a).casefold() == canonical(b).casefold()


def mentions(text: str, term: str) -> bool:
    """Whether ``text`` mentions ``term`` (or an alias) as a whole word, ignoring case; a name
    that is also an everyday word only where it is used as the name (see the module docstring)."""
    if not term.strip():
        return False
    ordinary, everyday = _patterns(term.strip())
    if ordinary is not None and ordinary.search(text):
        return True
    return everyday is not None and any(_used_as_name(text, m) for m in everyday.finditer(text))


def terms_in(text: str, terms: Iterable[str]) -> list[str]:
    """The terms mentioned in ``text``, in the order given, without duplicates."""
    found: dict[str, str] = {}
    for term in terms:
        key = canonical(term).casefold()
        if key not in found and mentions(text, term):
            found[key] = term
    return list(found.values())
