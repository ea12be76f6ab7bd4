"""pdfium is not thread-safe: every pdfium call of a process waits for the one lock (real signed PDFs)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from pipeline.ingest.image import pdf_page_images
from pipeline.ingest.pdf import survey_pdf
from pipeline.ingest.pdfium_lock import PDFIUM_LOCK
from tests.conftest import signed_pdf


def _waits_for_the_lock(call: Callable[[], object]) -> bool:
    """Whether `call`, run in another thread, is held back while this thread holds PDFIUM_LOCK."""
    done = threading.Event()
    worker = threading.Thread(target=lambda: (call(), done.set()), daemon=True)
    with PDFIUM_LOCK:
        worker.start()
        held_back = not done.wait(1.0)
    worker.join(30)
    return held_back and done.is_set()


@pytest.mark.parametrize("reader", ["survey", "render"])
def test_reading_a_pdf_in_another_thread_waits_for_pdfium(reader):
    """`vanban text A.pdf B.pdf` reads documents in threads: their pdfium calls must never overlap."""
    path = signed_pdf("SG21")  # a scan: surveyed by pdfium, then its page rendered by pdfium for OCR
    call = (lambda: survey_pdf(path)) if reader == "survey" else (lambda: list(pdf_page_images(path, [1], 100)))
    assert _waits_for_the_lock(call)
