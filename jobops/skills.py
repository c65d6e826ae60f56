"""Finding skill terms in free text, with aliases (``Postgres`` is ``PostgreSQL``).

Used by the offline provider and by the truthfulness checks; plain functions over strings.
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
)


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    spellings = (term, *ALIASES.get(canonical(term), ()))
    alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<![\w+#.])(?:{alternatives})(?![\w+#]|\.\w)", re.IGNORECASE)


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
    """Whether ``text`` mentions ``term`` (or an alias) as a whole word, ignoring case."""
    return bool(term.strip()) and _pattern(term.strip()).search(text) is not None


def terms_in(text: str, terms: Iterable[str]) -> list[str]:
    """The terms mentioned in ``text``, in the order given, without duplicates."""
    found: dict[str, str] = {}
    for term in terms:
        key = canonical(term).casefold()
        if key not in found and mentions(text, term):
            found[key] = term
    return list(found.values())
