"""Job routes: each parses, calls one jobops function, and returns a public model."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import FileResponse, StreamingResponse

from api import sse
from api.deps import DbDep, LLMFactoryDep, ScoringLLMDep, SettingsDep, TailoringLLMDep
from jobops import (
    actions,
    ghostwriter,
    notes,
    pdfs,
    processing,
    repo,
    scoring,
    tailoring,
    tracking,
    webhooks,
)
from jobops.actions import BulkRequest, BulkResult
from jobops.errors import InvalidInput, NoBaseResume, PdfNotFound
from jobops.lifecycle import JobStatus
from jobops.models import (
    CamelModel,
    JobEventPublic,
    JobList,
    JobPublic,
    JobQuery,
    JobUpdate,
)
from jobops.sources.base import Listing


class GhostwriterExchange(CamelModel):
    user_message: ghostwriter.MessagePublic
    assistant_message: ghostwriter.MessagePublic


router = APIRouter(prefix="/api/jobs", tags=["jobs"])
ACTOR = "api"


@router.get("", response_model=JobList)
def list_jobs(db: DbDep, settings: SettingsDep, query: Annotated[JobQuery, Query()]) -> JobList:
    """Jobs with filters (statuses, sources, text, minimum score, date ranges), a sort and a page;
    ``byStatus`` counts the jobs per status under the same filters."""
    try:
        statuses = query.statuses()
    except ValueError as exc:
        raise InvalidInput(f"{exc}; choose from {[s.value for s in JobStatus]}.") from exc
    with db.read() as session:
        jobs, total, by_status = repo.search_jobs(session, query, statuses=statuses)
        items = pdfs.present_list(session, jobs, settings)
        return JobList(jobs=items, total=total, by_status=by_status)


@router.post("", response_model=JobPublic, status_code=201)
def create_job(listing: Listing, db: DbDep, settings: SettingsDep) -> JobPublic:
    """Import one job by hand (title, employer, jobUrl, jobDescription ...): it starts discovered.
    A job with the same URL already stored is a 409."""
    with db.session() as session:
        job = repo.create_job(session, listing.model_copy(update={"source": "manual"}), actor=ACTOR)
    return pdfs.present_one(db, job, settings)


@router.post("/actions", response_model=BulkResult)
def bulk_action(
    request: BulkRequest, db: DbDep, settings: SettingsDep, llm_for: LLMFactoryDep
) -> BulkResult:
    """One action (skip, process, rescore, expire, reopen) on up to 500 jobs; every job gets its
    own result, and one failure never stops the rest."""
    return actions.run_bulk(db, request, settings, llm_for, actor=ACTOR)


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    with db.read() as session:
        return pdfs.present(session, [repo.get_job(session, job_id)], settings)[0]


@router.patch("/{job_id}", response_model=JobPublic)
def update_job(
    job_id: str, update: JobUpdate, db: DbDep, settings: SettingsDep, background: BackgroundTasks
) -> JobPublic:
    """Edit the JD, tailored fields, project picks, theme, base resume or other listing fields;
    or set a status (discovered, skipped, applied, expired) through the transition table.
    ``applied`` does what POST /apply does (the first stage, the job.applied webhook)."""
    edited = actions.update_job(db, job_id, update, actor=ACTOR, settings=settings)
    for event in edited.events:
        background.add_task(
            webhooks.deliver, settings.webhooks, webhooks.job_payload(event, edited.job)
        )
    return pdfs.present_one(db, edited.job, settings)


@router.post("/{job_id}/process", response_model=JobPublic)
def process_job(
    job_id: str,
    db: DbDep,
    settings: SettingsDep,
    llm: TailoringLLMDep,
    force: Annotated[bool, Query(description="Re-tailor every field; allows a ready job")] = False,
) -> JobPublic:
    """Finalize & Move to Ready: tailor the missing fields, render the PDF, move to ready."""
    job = processing.process_job(db, job_id, llm, settings, actor=ACTOR, force=force)
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/summarize", response_model=JobPublic)
def summarize_job(
    job_id: str,
    db: DbDep,
    settings: SettingsDep,
    llm: TailoringLLMDep,
    force: Annotated[bool, Query(description="Regenerate fields the user edited too")] = False,
    fields: Annotated[
        str | None, Query(description="Subset: summary,headline,skills,projects")
    ] = None,
) -> JobPublic:
    """Regenerate the tailored fields from the current job description (no status change)."""
    job = tailoring.summarize_job(
        db,
        job_id,
        llm,
        settings.tailoring,
        fields=tailoring.parse_fields(fields),
        force=force,
        max_description_chars=settings.llm.max_description_chars,
    )
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/rescore", response_model=JobPublic)
def rescore_job(job_id: str, db: DbDep, settings: SettingsDep, llm: ScoringLLMDep) -> JobPublic:
    """Score the job again against its base resume. A failure is recorded as scoreError (the
    previous score, if any, is kept) and answered with the error."""
    scoring.rescore_job(db, job_id, llm, max_description_chars=settings.llm.max_description_chars)
    with db.session() as session:
        return pdfs.present(session, [repo.get_job(session, job_id)], settings)[0]


@router.post("/{job_id}/generate-pdf", response_model=JobPublic)
def generate_pdf(job_id: str, db: DbDep, settings: SettingsDep, llm: TailoringLLMDep) -> JobPublic:
    """Render (or re-render) the tailored resume PDF for a discovered or ready job; tailored
    fields written for another resume (or an earlier revision) are tailored again first."""
    job = processing.generate_pdf(db, job_id, llm, settings, actor=ACTOR)
    return pdfs.present_one(db, job, settings)


@router.get(
    "/{job_id}/pdf",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}},
)
def download_pdf(job_id: str, db: DbDep, settings: SettingsDep) -> FileResponse:
    """The job's current PDF (never a file outside the PDF folder), named like
    ``Jane_Doe_Acme_Backend_Engineer.pdf``."""
    with db.session() as session:
        job = repo.get_job(session, job_id)
        try:
            resume = repo.get_job_resume(session, job)[1]
        except NoBaseResume:
            resume = None
    if not job.pdf_path:
        raise PdfNotFound(f"Job {job_id} has no PDF yet; POST /api/jobs/{job_id}/generate-pdf.")
    path = pdfs.pdf_file(job, settings)
    if path is None or not path.is_file():
        raise PdfNotFound(f"The PDF of job {job_id} is missing; regenerate it.")
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=pdfs.download_name(resume, job),
        headers={"Cache-Control": "no-store"},
    )


@router.post(
    "/{job_id}/pdf",
    response_model=JobPublic,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def upload_pdf(job_id: str, request: Request, db: DbDep, settings: SettingsDep) -> JobPublic:
    """Use your own PDF for a discovered or ready job (body: the PDF bytes,
    ``content-type: application/pdf``, at most 10 MB). The job becomes ready."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/pdf":
        raise InvalidInput("Send the PDF as the request body with content-type: application/pdf.")
    content = bytearray()
    async for chunk in request.stream():
        content += chunk
        if len(content) > processing.MAX_UPLOAD_BYTES:
            raise InvalidInput("The PDF is larger than 10 MB.")
    job = processing.upload_pdf(db, job_id, bytes(content), settings, actor=ACTOR)
    return pdfs.present_one(db, job, settings)


@router.post("/{job_id}/skip", response_model=JobPublic)
def skip_job(job_id: str, db: DbDep, settings: SettingsDep) -> JobPublic:
    return pdfs.present_one(db, actions.skip_job(db, job_id, actor=ACTOR), settings)


@router.post("/{job_id}/apply", response_model=JobPublic)
def apply_job(
    job_id: str, db: DbDep, settings: SettingsDep, background: BackgroundTasks
) -> JobPublic:
    """Mark applied: the first stage of post-application tracking, and the job.applied webhook."""
    job = tracking.apply_job(db, job_id, actor=ACTOR)
    background.add_task(
        webhooks.deliver, settings.webhooks, webhooks.job_payload(tracking.APPLIED_EVENT, job)
    )
    return pdfs.present_one(db, job, settings)


@router.delete("/{job_id}", status_code=204)
def delete_job(job_id: str, db: DbDep, settings: SettingsDep) -> None:
    """Delete a job with its events, notes, stages, conversation and PDF."""
    actions.delete_job(db, job_id, settings)


@router.get("/{job_id}/events", response_model=list[JobEventPublic])
def job_events(job_id: str, db: DbDep) -> list[JobEventPublic]:
    """The job's timeline: every status change and recorded action, oldest first."""
    with db.session() as session:
        repo.get_job(session, job_id)
        return [JobEventPublic.model_validate(e) for e in repo.job_events(session, job_id)]


@router.get("/{job_id}/tailoring", response_model=tailoring.TailoringDraft)
def get_tailoring(job_id: str, db: DbDep) -> tailoring.TailoringDraft:
    """The draft the Tailor view edits, with the base resume's project catalog."""
    return tailoring.tailoring_draft(db, job_id)


@router.patch("/{job_id}/tailoring", response_model=tailoring.TailoringDraft)
def edit_tailoring(
    job_id: str, change: tailoring.TailoringUpdate, db: DbDep, settings: SettingsDep
) -> tailoring.TailoringDraft:
    """Edit the JD, tailored fields and project picks; edited fields are kept by later tailoring."""
    actions.update_job(db, job_id, change.as_job_update(), actor=ACTOR, settings=settings)
    return tailoring.tailoring_draft(db, job_id)


@router.get("/{job_id}/notes", response_model=list[notes.NotePublic])
def list_notes(job_id: str, db: DbDep) -> list[notes.NotePublic]:
    return [notes.NotePublic.model_validate(n) for n in notes.list_notes(db, job_id)]


@router.post("/{job_id}/notes", response_model=notes.NotePublic, status_code=201)
def create_note(job_id: str, note: notes.NoteCreate, db: DbDep) -> notes.NotePublic:
    return notes.NotePublic.model_validate(notes.create_note(db, job_id, note))


@router.patch("/{job_id}/notes/{note_id}", response_model=notes.NotePublic)
def update_note(job_id: str, note_id: str, change: notes.NoteUpdate, db: DbDep) -> notes.NotePublic:
    return notes.NotePublic.model_validate(notes.update_note(db, job_id, note_id, change))


@router.delete("/{job_id}/notes/{note_id}", status_code=204)
def delete_note(job_id: str, note_id: str, db: DbDep) -> None:
    notes.delete_note(db, job_id, note_id)


@router.get("/{job_id}/stages", response_model=list[tracking.StagePublic])
def list_stages(job_id: str, db: DbDep) -> list[tracking.StagePublic]:
    """The application's stages after applying, oldest first."""
    return [tracking.StagePublic.model_validate(s) for s in tracking.list_stages(db, job_id)]


@router.post("/{job_id}/stages", response_model=tracking.StagePublic, status_code=201)
def record_stage(job_id: str, stage: tracking.StageCreate, db: DbDep) -> tracking.StagePublic:
    """Record a later stage (recruiter_screen, assessment, interview, onsite, offer, closed) with
    an optional outcome; the job's currentStage and outcome follow."""
    return tracking.StagePublic.model_validate(
        tracking.record_stage(db, job_id, stage, actor=ACTOR)
    )


@router.get("/{job_id}/ghostwriter/messages", response_model=list[ghostwriter.MessagePublic])
def ghostwriter_history(job_id: str, db: DbDep) -> list[ghostwriter.MessagePublic]:
    return [ghostwriter.MessagePublic.model_validate(m) for m in ghostwriter.history(db, job_id)]


@router.delete("/{job_id}/ghostwriter/messages", status_code=204)
def ghostwriter_reset(job_id: str, db: DbDep) -> None:
    """Start the conversation over."""
    ghostwriter.reset(db, job_id)


@router.post(
    "/{job_id}/ghostwriter/messages",
    response_model=GhostwriterExchange,
    responses={200: {"content": {"text/event-stream": {}}, "description": "with stream=true"}},
)
def ghostwriter_message(
    job_id: str,
    message: ghostwriter.MessageCreate,
    db: DbDep,
    settings: SettingsDep,
    llm_for: LLMFactoryDep,
) -> Any:
    """Ask Ghostwriter (cover letters, application answers). With ``stream: true`` the reply
    streams as Server-Sent Events: ``ready``, then ``delta`` chunks, then ``completed`` (or
    ``error``). Only for discovered and ready jobs."""
    llm = llm_for("ghostwriter")
    turn = ghostwriter.start_turn(
        db, job_id, message, max_description_chars=settings.llm.max_description_chars
    )
    user = ghostwriter.MessagePublic.model_validate(turn.user_message)
    if not message.stream:
        "".join(ghostwriter.reply(db, turn, llm))
        reply = ghostwriter.MessagePublic.model_validate(ghostwriter.last_reply(db, job_id))
        return GhostwriterExchange(user_message=user, assistant_message=reply)
    return StreamingResponse(
        sse.ghostwriter_events(db, turn, llm, user),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
