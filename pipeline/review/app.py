"""The reviewers' web page: FastAPI, Jinja2 templates (autoescaped), htmx and a little plain JavaScript.

`create_app` builds the application over one ledger. Pages:

- `/`                 the queue, lowest confidence first, with filters and counts;
- `/doc/{sha256}`     a document: its pages with a box over every value, the values beside them;
- `/page/{sha}/{n}.png` a page image, rendered once from the stored file and then served from the cache;
- `/plan/{sha256}`    a plan's reconciliation: its flags, linked to their evidence boxes in both documents.

Changes (POST, each with the CSRF token) are appended as revisions; a
change to a plan or one of its reports recomputes the plan's reconciliation.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import BackgroundTasks, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from pipeline.errors import InvalidRevisionError, OcrError, RevisionConflictError, VanbanError
from pipeline.ocr.preprocess import turn_in_notes
from pipeline.reconcile.flags import LOW_CONFIDENCE
from pipeline.reconcile.labels import FLAG_LABELS
from pipeline.report.outputs import OUTPUT_NAMES, write_reconciliation
from pipeline.review import queue as review_queue
from pipeline.review.items import FAMILIES, ReviewItem, next_added_key, review_items
from pipeline.review.pages import PageCache, PageView, has_pages, text_under
from pipeline.review.recon import (
    FileIndex,
    documents_of,
    flag_key,
    latest_reconciliations,
    recompute,
    resolutions,
)
from pipeline.review.security import Security
from pipeline.run.document import write_document
from pipeline.run.ledger import Ledger, arrivals
from pipeline.run.revisions import (
    ADDABLE,
    CHOICES,
    EDITABLE,
    Change,
    Revision,
    effective,
    family_of,
    read_value,
    record,
    revisions_of,
    revisions_table,
)
from schemas.extraction import ExtractedDocument, PageInfo
from schemas.page import BBox, SourceKind
from schemas.reconciliation import Reconciliation

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
CSRF_HEADER = "X-CSRF-Token"
#: Content-Security-Policy: scripts only from this server's static files, no inline script, no eval. Even a
#: value that slipped past escaping could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@dataclass
class State:
    """What one server holds besides the ledger: caches rebuilt from it."""

    ledger: Ledger
    out_dir: Path | None
    pages: PageCache
    security: Security
    index: FileIndex
    queue: review_queue.Queue
    recs: dict[str, Reconciliation] = field(default_factory=dict)


def create_app(ledger: Ledger, security: Security, out_dir: Path | None = None,
               cache_dir: Path | None = None) -> FastAPI:
    """The review application over `ledger`; `out_dir` (the batch's output folder) gets its exports rewritten."""
    app = FastAPI(title="vanban review", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # .html: autoescaped
    templates.env.globals.update(families=FAMILIES, flag_labels=FLAG_LABELS, editable=EDITABLE, choices=CHOICES,
                                 addable=ADDABLE)
    templates.env.filters["pct"] = lambda v: f"{100 * v:.0f}%"
    templates.env.filters["num"] = _typed_number
    folder = cache_dir or _cache_dir(ledger, out_dir)
    state = State(ledger, out_dir, PageCache(folder), security, FileIndex(ledger), review_queue.Queue(ledger))
    app.state.review = state
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    state.queue.changed()
    _load(state)

    @app.middleware("http")
    async def guard(request: Request, call_next):  # noqa: ANN202
        """Host check, login, CSRF on every change; security headers on every answer."""
        if not security.host_ok(request.headers.get("host")):
            return Response("unknown host", status_code=400)
        reviewer = security.reviewer(request.headers.get("authorization"))
        if reviewer is None:
            return Response("login required", status_code=401,
                            headers={"WWW-Authenticate": 'Basic realm="vanban review", charset="UTF-8"'})
        request.state.reviewer = reviewer
        if request.method not in ("GET", "HEAD") and not security.csrf_ok(reviewer,
                                                                          request.headers.get(CSRF_HEADER)):
            return Response("missing or wrong CSRF token: reload the page", status_code=403)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        reviewer = request.state.reviewer
        context |= {"reviewer": reviewer, "csrf": security.csrf_token(reviewer)}
        return templates.TemplateResponse(request, name, context, status_code=status)

    @app.get("/", response_class=HTMLResponse)
    def queue_view(request: Request, doc_type: str = "", issuer: str = "", status: str = "", flag: str = "",
                   plan: str = "", page: int = 0) -> HTMLResponse:
        if state.queue.changed():  # documents read, revised or reconciled since the last visit
            _load(state)
        filters = review_queue.Filters(doc_type, issuer, status, flag, plan, max(page, 0))
        found = state.queue.page(filters)
        plans = [(sha, rec) for sha, rec in state.recs.items()]
        pages = max(1, math.ceil(found.total / review_queue.PAGE_SIZE))
        return render(request, "queue.html", q=found, filters=filters, plans=plans, pages=pages)

    @app.get("/doc/{sha256}", response_class=HTMLResponse)
    def document_view(request: Request, sha256: str, page: int | None = None, focus: str = "",
                      item: str = "") -> HTMLResponse:
        return render(request, "document.html", **_workspace(state, sha256, focus_page=page,
                                                             focus=_box(focus), selected=item))

    @app.get("/page/{sha256}/{number}.png")
    def page_image(sha256: str, number: int) -> FileResponse:
        document = _document(state, sha256)
        info = next((p for p in document.pages if p.number == number), None)
        if info is None:
            raise HTTPException(404, f"{document.file}: no page {number}")
        view = _page_view(state, sha256, info)
        if view is None:
            raise HTTPException(404, f"{document.file}: page {number} has no image")
        return FileResponse(view.png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/page/{sha256}/{number}/weak-words")
    def weak_words(sha256: str, number: int) -> JSONResponse:
        """The scanned page's words OCR was unsure of or repaired, as page percentages (fetched on demand: a
        page is read again by OCR, seconds of work, so only when the reviewer asks)."""
        document = _document(state, sha256)
        info = next((p for p in document.pages if p.number == number), None)
        if info is None or info.source != SourceKind.OCR:
            return JSONResponse([])
        view = _page_view(state, sha256, info)
        path = _source_path(state, sha256)
        if view is None or path is None:
            raise HTTPException(404, f"{document.file}: page {number} has no image")
        words = state.pages.weak_words(path, sha256, number, LOW_CONFIDENCE)
        return JSONResponse([{**view.percent(BBox(x0=w["x0"], y0=w["y0"], x1=w["x1"], y1=w["y1"])),
                              "text": w["text"], "confidence": w["confidence"], "repair": w["repair"]}
                             for w in words])

    @app.post("/doc/{sha256}/act", response_class=HTMLResponse)
    async def act(request: Request, sha256: str, background: BackgroundTasks) -> HTMLResponse:
        form = await request.form()
        document = _document(state, sha256)
        item, action = str(form.get("item", "")), str(form.get("action", ""))
        try:
            family = family_of(item)
            values = {}
            if action == "edit":
                kinds = EDITABLE[family]
                values = {name: read_value(kinds[name], str(form[name]), f"{document.file} {item}.{name}")
                          for name in kinds if name in form}
            change = Change(item, action, values, reason=str(form.get("reason", "")).strip() or None)
            written = record(ledger.engine, document, change, request.state.reviewer, _int(form.get("version")))
        except KeyError:
            return _problem(request, render, state, sha256, 422, f"{document.file}: no value {item!r} to review")
        except (InvalidRevisionError, RevisionConflictError) as exc:
            return _problem(request, render, state, sha256, 409 if isinstance(exc, RevisionConflictError) else 422,
                            str(exc), selected=item)
        message = _after_change(state, document, written, background)
        return render(request, "_workspace.html", **_workspace(state, sha256, selected=item, message=message))

    @app.post("/doc/{sha256}/accept-above", response_class=HTMLResponse)
    async def accept_above(request: Request, sha256: str, background: BackgroundTasks) -> HTMLResponse:
        form = await request.form()
        document = _document(state, sha256)
        try:
            threshold = float(str(form.get("threshold", "")).replace(",", "."))
        except ValueError:
            return _problem(request, render, state, sha256, 422, "the confidence must be a number from 0 to 1")
        if threshold > 1:
            threshold /= 100  # typed as a percentage
        revisions = revisions_of(ledger.engine, [sha256])[sha256]
        _, items = review_items(document, revisions)
        written: list[Revision] = []
        for entry in items:
            if entry.state.status == "extracted" and entry.confidence >= threshold:
                try:
                    written += record(ledger.engine, document, Change(entry.key, "accept", reason=f">= {threshold}"),
                                      request.state.reviewer, entry.state.version)
                except RevisionConflictError:
                    continue  # someone reviewed it meanwhile: theirs stands
        message = f"{len(written)} values accepted (confidence ≥ {threshold:.0%})"
        if written:
            message += ". " + _after_change(state, document, written, background)
        return render(request, "_workspace.html", **_workspace(state, sha256, message=message))

    @app.post("/doc/{sha256}/read-box")
    async def read_box(request: Request, sha256: str) -> JSONResponse:
        """The text under a box a reviewer drew: offered in the form that adds a missed value."""
        form = await request.form()
        document = _document(state, sha256)
        number = _int(form.get("page"))
        info = next((p for p in document.pages if p.number == number), None)
        box = _box(",".join(str(form.get(k, "")) for k in ("x0", "y0", "x1", "y1")))
        if info is None or box is None:
            return JSONResponse({"error": "draw a box on a page first"}, status_code=422)
        view = _page_view(state, sha256, info)
        path = _source_path(state, sha256)
        if view is None or path is None:
            return JSONResponse({"error": f"{document.file}: the page image is not available"}, status_code=404)
        try:
            text = text_under(path, view, number, box, info.source)
        except OcrError as exc:  # the form still opens, for the reviewer to type what the box holds
            return JSONResponse({"text": "", "source": info.source.value,
                                 "error": f"{document.file}: {exc.reason}; type the value"})
        return JSONResponse({"text": text, "source": info.source.value})

    @app.post("/doc/{sha256}/add", response_class=HTMLResponse)
    async def add(request: Request, sha256: str, background: BackgroundTasks) -> HTMLResponse:
        form = await request.form()
        document = _document(state, sha256)
        family = str(form.get("family", ""))
        try:
            if family not in ADDABLE:
                raise InvalidRevisionError(document.file, f"values cannot be added to {family!r}")
            kinds = EDITABLE[family]
            values: dict[str, Any] = {name: read_value(kinds[name], str(form[name]), f"{document.file} {name}")
                                      for name in kinds if str(form.get(name, "")).strip()}
            values["text"] = str(form.get("text", ""))
            source = str(form.get("source", SourceKind.TEXT_LAYER.value))
            values["source"] = source if source in {s.value for s in SourceKind} else SourceKind.OCR.value
            revisions = revisions_of(ledger.engine, [sha256])[sha256]
            key = next_added_key(family, revisions)
            change = Change(key, "add", values, page=_int(form.get("page")),
                            box=_box(",".join(str(form.get(k, "")) for k in ("x0", "y0", "x1", "y1"))),
                            reason=str(form.get("reason", "")).strip() or None)
            written = record(ledger.engine, document, change, request.state.reviewer, 0)
        except (InvalidRevisionError, RevisionConflictError) as exc:
            return _problem(request, render, state, sha256, 422, str(exc))
        message = _after_change(state, document, written, background)
        return render(request, "_workspace.html", **_workspace(state, sha256, selected=key, message=message))

    @app.get("/plan/{sha256}", response_class=HTMLResponse)
    def plan_view(request: Request, sha256: str) -> HTMLResponse:
        rec = state.recs.get(sha256)
        if rec is None:
            raise HTTPException(404, "no reconciliation for this document: run vanban run --plan first")
        changes = resolutions(ledger, sha256)
        current = {flag_key(f) for f in rec.flags}
        resolved = [r for k, r in changes.items() if r.state == "resolved" and k not in current]
        raised = {k: r for k, r in changes.items() if r.state == "raised" and k in current}
        revision_ids = [r.revision_id for r in [*resolved, *raised.values()] if r.revision_id]
        by_id = _revisions_by_id(ledger, revision_ids)
        flags = [(f, raised.get(flag_key(f)), _link(state, sha256, f.plan), _link(state, None, f.report))
                 for f in rec.flags]
        gone = [(r, _link(state, sha256, r.flag.plan), _link(state, None, r.flag.report)) for r in resolved]
        return render(request, "plan.html", rec=rec, plan_sha=sha256, flags=flags, resolved=gone, by_id=by_id)

    return app


# ----------------------------------------------------------------------------- helpers


def _cache_dir(ledger: Ledger, out_dir: Path | None) -> Path:
    """Beside the ledger file (SQLite) or the output folder; a user cache folder for a server database."""
    url = sa.make_url(ledger.url)
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database).parent / "review-cache"
    if out_dir is not None:
        return out_dir / "review-cache"
    return Path.home() / ".cache" / "vanban" / "review"


def _load(state: State) -> None:
    """The documents new to the queue, the file names, the plans' latest reconciliations, each document's flags."""
    state.queue.sync()
    state.index = FileIndex(state.ledger)
    state.recs = latest_reconciliations(state.ledger, state.index, state.out_dir)
    _store_flags(state, None)


def _store_flags(state: State, scope: list[str] | None) -> None:
    flags: dict[str, list[str]] = {}
    for plan_sha, rec in state.recs.items():
        for flag in rec.flags:
            for sha in {plan_sha if flag.plan else None,
                        state.index.sha_of(flag.report.file) if flag.report else None} - {None}:
                if scope is None or sha in scope:
                    flags.setdefault(sha, []).append(flag.kind.value)
    state.queue.set_flags(flags, scope)


def _document(state: State, sha256: str) -> ExtractedDocument:
    document = state.ledger.extraction(sha256) if len(sha256) == 64 else None
    if document is None:
        raise HTTPException(404, "no such document in the ledger (or not read by this version of vanban)")
    return document


def _source_path(state: State, sha256: str) -> Path | None:
    """The stored file: where the ledger saw it (any of its arrivals), relative paths from the working folder."""
    row = state.ledger.document(sha256)
    candidates = [row.path] if row else []
    with state.ledger.engine.connect() as db:
        candidates += [p for (p,) in db.execute(sa.select(arrivals.c.path).where(arrivals.c.sha256 == sha256))]
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def _page_view(state: State, sha256: str, info: PageInfo) -> PageView | None:
    number = info.number
    cached = state.pages.cached(sha256, number)
    if cached is not None:
        return cached
    path = _source_path(state, sha256)
    if path is None or not has_pages(path):
        return None
    try:
        return state.pages.view(path, sha256, number, info.source, turn_in_notes(info.notes))
    except VanbanError as exc:
        log.warning("page image not rendered: %s", exc)
        return None


def _box(text: str) -> BBox | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x1 <= x0 or y1 <= y0:
        return None
    return BBox(x0=x0, y0=y0, x1=x1, y1=y1)


def _typed_number(value: float | None) -> str:
    """A number as a reviewer types it back (read by `parse_number`): 23100 -> '23100', 92.9 -> '92,9'."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")


def _same_box(a: BBox | None, b: BBox) -> bool:
    """Equal to the rounding a link writes boxes with (two decimals of a point)."""
    return a is not None and all(abs(getattr(a, k) - getattr(b, k)) < 0.01 for k in ("x0", "y0", "x1", "y1"))


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def _workspace(state: State, sha256: str, focus_page: int | None = None, focus: BBox | None = None,
               selected: str = "", message: str = "", error: str = "") -> dict[str, Any]:
    """Everything the document view shows: pages with their boxes, the values, the plans it belongs to."""
    document = _document(state, sha256)
    revisions = revisions_of(state.ledger.engine, [sha256])[sha256]
    current, items = review_items(document, revisions)
    pages = []
    for info in document.pages:
        view = _page_view(state, sha256, info)
        boxes = []
        if view is not None:
            for entry in items:
                prov = entry.provenance
                if prov is not None and prov.page == info.number and prov.bbox is not None:
                    boxes.append((entry, view.percent(prov.bbox)))
        evidence = view.percent(focus) if view is not None and focus is not None and focus_page == info.number \
            else None
        pages.append({"info": info, "view": view, "boxes": boxes, "evidence": evidence})
    if focus is not None and not selected:  # the value whose box the link points at
        selected = next((e.key for e in items if e.provenance and e.provenance.page == focus_page
                         and _same_box(e.provenance.bbox, focus)), "")
    plans = [sha for sha, rec in state.recs.items() if sha == sha256 or sha256 in documents_of(rec, state.index)]
    groups: dict[str, list[ReviewItem]] = {}
    for entry in items:
        groups.setdefault(entry.family, []).append(entry)
    return {"document": current, "sha256": sha256, "items": items, "groups": groups, "pages": pages,
            "plans": plans, "selected": selected, "message": message, "error": error,
            "revisions": list(reversed(revisions))[:50],
            "reviewed": sum(1 for e in items if e.state.status != "extracted")}


def _problem(request: Request, render, state: State, sha256: str, status: int, text: str,  # noqa: ANN001
             selected: str = "") -> HTMLResponse:
    return render(request, "_workspace.html", status=status, **_workspace(state, sha256, selected=selected,
                                                                           error=text))


def _after_change(state: State, document: ExtractedDocument, written: list[Revision],
                  background: BackgroundTasks) -> str:
    """After revisions: the queue row, the plans' reconciliations (recomputed), the exports in the output folder."""
    sha = document.sha256
    state.queue.refresh([sha])
    affected = [p for p, rec in state.recs.items() if p == sha or sha in documents_of(rec, state.index)]
    notes = []
    for plan_sha in affected:
        result = recompute(state.ledger, plan_sha, state.recs[plan_sha], state.index, written[-1].id)
        state.recs[plan_sha] = result.after
        scope = [plan_sha, *documents_of(result.after, state.index)]
        _store_flags(state, scope)
        notes.append(f"reconciliation {result.after.plan} recomputed: {len(result.resolved)} flag(s) resolved, "
                     f"{len(result.raised)} raised")
        background.add_task(_write_outputs, state, result.after)
    background.add_task(_write_document, state, document)
    state.queue.settle()
    return "Saved. " + "; ".join(notes) if notes else "Saved."


def _write_document(state: State, document: ExtractedDocument) -> None:
    """documents/<name>.json in the output folder, as reviewed (only where the batch wrote one)."""
    if state.out_dir is None:
        return
    revisions = revisions_of(state.ledger.engine, [document.sha256])[document.sha256]
    if any((state.out_dir / "documents").glob(f"*.{document.sha256[:12]}.json")):
        write_document(state.out_dir, effective(document, revisions))


def _write_outputs(state: State, rec: Reconciliation) -> None:
    """The reconciliation exports rewritten, when the output folder holds this plan's (never another plan's)."""
    if state.out_dir is None:
        return
    saved = state.out_dir / OUTPUT_NAMES["json"]
    try:
        previous = Reconciliation.model_validate_json(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if Path(previous.plan_file or "").name == Path(rec.plan_file or "").name:
        try:
            write_reconciliation(rec, state.out_dir, pdf=False)
        except (OSError, VanbanError) as exc:  # the ledger holds the reconciliation; the folder's copy is a convenience
            log.warning("%s: reconciliation outputs not rewritten: %s", state.out_dir, exc)


def _link(state: State, sha256: str | None, evidence) -> str | None:  # noqa: ANN001
    """The document view at an evidence box: /doc/<sha>?page=N&focus=x0,y0,x1,y1."""
    if evidence is None:
        return None
    sha = sha256 or state.index.sha_of(evidence.file)
    if sha is None:
        return None
    prov = evidence.provenance
    if prov is None:
        return f"/doc/{sha}"
    link = f"/doc/{sha}?page={prov.page}"
    if prov.bbox is not None:
        b = prov.bbox
        link += f"&focus={b.x0:.2f},{b.y0:.2f},{b.x1:.2f},{b.y1:.2f}"
    return link


def _revisions_by_id(ledger: Ledger, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    with ledger.engine.connect() as db:
        rows = db.execute(sa.select(revisions_table).where(revisions_table.c.id.in_(ids))).all()
    return {row.id: dict(row._mapping) for row in rows}
