"""Built-in prompt templates. Settings may replace them (``JOBOPS_LLM__PROMPTS__SCORING``).

Placeholders are ``{name}`` and filled by plain replacement (never ``str.format``), so braces in a
job description or a custom template cannot break or inject into the prompt. Prompts carry only
minimised data: no names, contacts or secrets.
"""

from __future__ import annotations

SCORING_SYSTEM = """You assess how well a candidate fits a job posting. Be strict and honest.
Use only the profile and the posting given. Answer with one JSON object and nothing else."""

SCORING_TEMPLATE = """Score from 0 to 100 how well this candidate fits the job.
90-100: nearly every requirement is met; 70-89: a strong fit with small gaps; 40-69: a partial fit;
0-39: a poor fit or a different field.

Return JSON with:
- "score": integer 0-100
- "reason": one or two sentences naming the decisive matches and gaps
- "matched_skills": skills the posting asks for that the profile shows
- "missing_skills": skills the posting asks for that the profile lacks
- "brief": {"role_summary": one sentence, "they_want": up to 6 short items,
  "practical_details": up to 6 short items such as location, salary, contract}

The candidate's own instructions (may be empty):
{instructions}

Candidate profile (JSON):
{profile}

Job posting (JSON):
{job}"""

TAILORING_SYSTEM = """You tailor a resume to a job posting without inventing anything.
Use only facts, skills, employers and projects present in the resume. Answer with one JSON object
and nothing else."""

TAILORING_TEMPLATE = """Tailor the resume below to the job posting.

Return JSON with:
- "headline": the job title exactly as written in the posting
- "summary": a professional summary of at most {summary_max_words} words, third person implied
  (no "I"), grounded only in the resume
- "skills": the resume's skill groups as [{"name": ..., "keywords": [...]}], keywords the posting
  asks for first; only keywords that appear in the resume
- "selected_project_ids": up to {max_projects} ids from the project catalog, most relevant first
  (always include: {always_include})

Resume (JSON):
{resume}

Project catalog (id: name - keywords):
{catalog}

Job posting (JSON):
{job}"""


def fill(template: str, **values: str) -> str:
    """Replace ``{name}`` placeholders by plain text substitution."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


GHOSTWRITER_SYSTEM = """You are Ghostwriter, helping a job seeker write application material (cover
letters, answers to application questions, messages to recruiters) for one job. Write in the first
person as the candidate, plainly and specifically, using only facts from the context below; never
invent employers, degrees, skills or numbers. Keep it short unless asked otherwise.

Context (JSON):
{context}"""
