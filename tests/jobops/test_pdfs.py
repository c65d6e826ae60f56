"""One person per PDF: tailored fields know the resume they were written for, and a PDF never
combines two resumes. And the PDF's freshness."""

from __future__ import annotations

from jobops import actions, pdfs, processing, repo
from jobops.db import Database
from jobops.llm.offline import OfflineLLM
from jobops.models import JobUpdate
from jobops.resume.importers import parse_resume
from jobops.resume.model import Resume
from jobops.settings import Settings
from tests.factories import add_job
from tests.jobops.resume.test_importers import JSON_RESUME_DOC
from tests.pdf import pdf_text, stored_file

SAM = {**JSON_RESUME_DOC, "basics": {**JSON_RESUME_DOC["basics"], "summary": "Sam's own words."}}


def _store_sam(db: Database, *, default: bool = True) -> str:
    fmt, resume = parse_resume(SAM)
    with db.session() as session:
        row, _ = repo.add_resume(session, fmt, resume, make_default=default)
        return row.id


def _ready_job_for_alex(db: Database, settings: Settings) -> str:
    job = add_job(db, title="Data Engineer", employer="Northwind")
    done = processing.process_job(db, job.id, OfflineLLM(), settings, actor="test")
    assert done.tailored_summary and "Alex" in pdf_text(done.pdf_path or "")
    return job.id


def test_tailored_fields_remember_their_resume(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job_id = _ready_job_for_alex(db, settings)
    with db.session() as session:
        job = repo.get_job(session, job_id)
        alex, _ = repo.get_default_resume(session)
        assert (job.tailored_resume_id, job.tailored_resume_revision) == (alex.id, alex.revision)
        assert pdfs.tailoring_freshness(job, alex) == "current"
    _store_sam(db)
    with db.session() as session:
        job = repo.get_job(session, job_id)
        sam, _ = repo.get_default_resume(session)
        assert pdfs.tailoring_freshness(job, sam) == "other_resume"
        [public] = pdfs.present(session, [job], settings)
    assert public.tailoring_freshness == "other_resume"
    assert public.pdf_freshness == "stale"


def test_a_new_default_resume_is_re_tailored_before_rendering(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job_id = _ready_job_for_alex(db, settings)
    with db.session() as session:
        alex_summary = repo.get_job(session, job_id).tailored_summary or ""
        repo.update_job_fields(
            session,
            repo.get_job(session, job_id),
            {"tailored_headline": "Alex's edited headline", "edited_fields": ["tailored_headline"]},
        )
    sam_id = _store_sam(db)

    done = processing.generate_pdf(db, job_id, OfflineLLM(), settings, actor="test")

    text = pdf_text(done.pdf_path or "")
    assert "Sam Rivera" in text and "Alex Morgan" not in text
    assert alex_summary[:40] not in text and "Alex's edited headline" not in text
    assert done.tailored_resume_id == sam_id and done.edited_fields == []
    with db.session() as session:
        notes = [e.reason or "" for e in repo.job_events(session, job_id)]
    assert any("re-tailored for 'Sam Rivera'" in n and "tailoredHeadline" in n for n in notes)


def test_a_render_never_prints_fields_written_for_another_resume(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job_id = _ready_job_for_alex(db, settings)
    _store_sam(db)
    claimed = processing.claim_job(db, job_id, actor="test")
    done = processing.render_claimed_job(  # no re-tailoring first
        db, job_id, repo.claim_of(claimed), settings, actor="test"
    )
    text = pdf_text(done.pdf_path or "")
    assert "Sam's own words." in text  # the base summary, not Alex's tailored one
    assert "Alex" not in text


def test_editing_tailored_fields_for_another_resume_clears_the_rest(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job_id = _ready_job_for_alex(db, settings)
    sam_id = _store_sam(db, default=False)
    job = actions.update_job(
        db,
        job_id,
        JobUpdate.model_validate({"resumeId": sam_id, "tailoredSummary": "Sam, for this job."}),
        actor="test",
        settings=settings,
    ).job
    assert job.tailored_summary == "Sam, for this job."
    assert job.tailored_headline is None and job.tailored_skills is None
    assert job.tailored_resume_id == sam_id and job.edited_fields == ["tailored_summary"]


def test_a_missing_file_is_missing(db: Database, settings: Settings, stored_resume: Resume) -> None:
    job_id = _ready_job_for_alex(db, settings)
    with db.session() as session:
        job = repo.get_job(session, job_id)
        stored_file(job.pdf_path or "").unlink()
        [public] = pdfs.present(session, [job], settings)
    assert public.pdf_freshness == "missing"


def test_every_stale_ready_pdf_is_found_past_a_page(
    db: Database, settings: Settings, stored_resume: Resume
) -> None:
    job_id = _ready_job_for_alex(db, settings)
    with db.session() as session:
        template = repo.get_job(session, job_id)
        fields = template.model_dump(exclude={"id", "job_url", "canonical_url"})
        for n in range(520):
            copy = {**fields, "id": f"copy-{n}", "job_url": f"https://x.test/{n}"}
            session.add(template.model_validate({**copy, "job_description": f"Role {n}."}))
    # the copies' description differs from what their (shared) fingerprint was made with
    assert len(pdfs.stale_ready_jobs(db, settings)) == 520  # past the old 500-job page
