"""The assembly of an ExtractedDocument: a document's pages through structure and every extractor."""

from __future__ import annotations

from extractors.context import Context
from extractors.deadlines import extract_deadlines
from extractors.metadata import extract_metadata
from extractors.recipients import extract_recipients
from extractors.references import extract_references
from extractors.responds_to import extract_responds_to
from extractors.responsibilities import extract_responsibilities
from extractors.results import extract_results
from extractors.sections import extract_sections
from extractors.targets import extract_targets
from extractors.tasks import extract_tasks
from extractors.version import code_version
from pipeline.ingest.identify import SourceFile
from pipeline.text.doctext import DocText
from pipeline.text.structure import analyse
from schemas.extraction import ExtractedDocument, PageInfo
from schemas.page import FAILED_NOTE, Page, PageStatus


def extract_pages(source: SourceFile, pages: list[Page]) -> ExtractedDocument:
    text = DocText(pages)
    structure = analyse(text)
    ctx = Context(text, structure)
    meta = extract_metadata(ctx)
    deadlines = extract_deadlines(ctx)
    responsibilities = extract_responsibilities(ctx, deadlines, meta.issuer.name if meta.issuer else None)
    references = extract_references(ctx, meta.number)
    sections = extract_sections(ctx)
    warnings = []
    if meta.number is None:
        warnings.append("no document number (a draft with a blank number?)")
    if meta.issued_date is None:
        warnings.append("no issue date (a draft with a blank day?)")
    warnings += [f"page {p.number} not read: {'; '.join(n for n in p.notes if n.startswith(FAILED_NOTE))}"
                 for p in pages if p.status is PageStatus.FAILED]
    return ExtractedDocument(
        pipeline_version=code_version(),
        file=source.path.name,
        sha256=source.sha256,
        doc_type=meta.doc_type,
        number=meta.number,
        issuer=meta.issuer,
        place=meta.place,
        issued_date=meta.issued_date,
        title=meta.title,
        signer=meta.signer,
        field_provenance=meta.provenance,
        references=references,
        targets=extract_targets(ctx, sections),
        deadlines=deadlines,
        responsibilities=responsibilities,
        results=extract_results(ctx, sections),
        responds_to=extract_responds_to(ctx, references),
        sections=sections,
        tasks=extract_tasks(ctx, responsibilities),
        recipients=extract_recipients(ctx),
        pages=[PageInfo(number=p.number, source=p.source, confidence=round(p.confidence, 4),
                        words=sum(len(ln.words) for ln in p.lines), status=p.status, notes=list(p.notes))
               for p in pages],
        warnings=warnings,
    )
