"""Tesseract OCR into the page model: words with boxes in page coordinates and confidences.

Tesseract runs in-process (`pipeline.ocr.tesseract`), single-threaded per
page, pages in parallel across cores in Python threads (Tesseract releases
the GIL while it reads). Words go
through the same layout code as PDF text layers (rows, column zones, ruled
tables), so an OCR'd scan and a born-digital page reach the extractors in
one shape.

Several documents read at once (`vanban text A.pdf B.pdf`) share one pool of
page slots (`shared_pages`), so the cores stay busy across documents: a
two-page file no longer leaves a core idle while its last page finishes,
and the number of pages in Tesseract stays the number of cores. Across
processes (the worker processes of `vanban run`, each OCRing in threads)
machine-wide slots (`tesseract_slot`) keep that number at the cores too.
"""

from __future__ import annotations

import ctypes
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: pages in Tesseract are then limited per process only
    fcntl = None  # type: ignore[assignment]

import numpy as np
from PIL import Image

from pipeline.cores import usable_cores
from pipeline.errors import OcrError
from pipeline.ocr.dateline import DIGIT_LANG, read_header_date
from pipeline.ocr.glyphs import Token, runs, second_look
from pipeline.ocr.preprocess import Prepared, prepare
from pipeline.ocr.repair import default_lexicon
from pipeline.ocr.table_grid import find_cells
from pipeline.ocr.tesseract import (
    AUTO_LAYOUT,
    TesseractFailed,
    TesseractTimeout,
    detect_orientation,
    languages,
    read_words,
)
from pipeline.text.layout import TALL_BOX, page_lines
from pipeline.text.textcheck import is_plain_word
from schemas.page import BBox, Page, SourceKind, Word

LANG = "vie"
PAGE_TIMEOUT = float(os.environ.get("VANBAN_OCR_PAGE_TIMEOUT", "180"))
# Specks Tesseract reads as marks glued to a word ("'Tổ", "ĐỐC^"): never meaningful at a word's edge.
_STRAY = re.compile(r"^['`‘’‚‛′ʹʻʼ^~¨´]+(?=\w)|(?<=\w)[`^~¨´′ʹ]+$")
_KEEP_MARKS = {"-", "–", "+", "•", "*", "(", ")", "%", "./.", "./", ":", ";", ",",  # bullets, dashes, closings
               ">", "<", "≥", "≤", "="}  # comparisons before a target's number
_DASH_MARKS = {"-", "–"}
_NUMBER = re.compile(r"^[(]?\d[\d.,/%-]*[).,;:%]*$")


def _limit_malloc_arenas() -> None:
    """Page images are large and short-lived; glibc gives each OCR thread its own arena and keeps
    freed pages there, so memory grows with threads, not with work. Two arenas and a trim after
    each page keep a 50-page scan flat. A no-op where glibc is absent."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, 2)  # M_ARENA_MAX
        _TRIM.append(libc.malloc_trim)
    except (OSError, AttributeError):
        pass


_TRIM: list = []
_limit_malloc_arenas()


@dataclass
class PageImage:
    """One page to OCR: its pixels (PIL image or RGB/gray array), resolution and number in the document.

    The pixels are handed over once with `take()`, so a page's full-colour image is freed as soon as
    it has been turned into gray, not kept for the seconds Tesseract runs.
    """

    number: int
    image: Image.Image | np.ndarray | None
    dpi: float

    def take(self) -> Image.Image | np.ndarray:
        image, self.image = self.image, None
        if image is None:
            raise ValueError(f"page {self.number}: pixels already taken")
        return image

    @property
    def landscape(self) -> bool:
        if isinstance(self.image, np.ndarray):
            return self.image.shape[1] > self.image.shape[0]
        return self.image is not None and self.image.width > self.image.height


def workers() -> int:
    """Pages in Tesseract at once: one per usable core (Tesseract reads a page single-threaded)."""
    return usable_cores()


def check_tesseract(path: str | Path) -> None:
    """Fail early, naming the file and the fix, when Tesseract's Vietnamese model is missing."""
    installed = languages()
    if not installed:
        raise OcrError(path, "Tesseract is not installed: no model (*.traineddata) found "
                             "(apt-get install tesseract-ocr tesseract-ocr-vie)")
    if LANG not in installed:
        raise OcrError(path, f"Tesseract has no '{LANG}' model (apt-get install tesseract-ocr-vie); "
                             f"installed: {', '.join(sorted(installed))}")


_OSD_SIDE = 1400  # pixels: OSD reads a small copy of the page
_OSD_DPI = 70  # what Tesseract assumed for the copy when it was handed over as a file without a resolution
_OSD_MIN_CHARACTERS = 30
_OSD_SURE = 1.5  # Tesseract's orientation confidence below which the page is left as it is


def orientation(image: Image.Image) -> int:
    """Clockwise rotation (0/90/180/270) that makes the page upright, by Tesseract OSD on a small copy."""
    small = image.convert("L")
    small.thumbnail((_OSD_SIDE, _OSD_SIDE))
    try:
        with tesseract_slot():
            found = detect_orientation(np.asarray(small), _OSD_DPI, _OSD_MIN_CHARACTERS)
    except TesseractFailed:
        return 0
    if found is None or found[1] < _OSD_SURE:
        return 0  # too little text to tell: leave the page as it is
    return found[0]


_SLOT_POLL = 0.02  # seconds between looks for a free core when all are taken


@lru_cache(maxsize=1)
def _slot_dir() -> Path | None:
    """The folder of this user's Tesseract slot files; None where file locks are unavailable (no gate)."""
    if fcntl is None or not hasattr(os, "getuid"):
        return None
    folder = Path(tempfile.gettempdir()) / f"vanban-tesseract-slots-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


@contextmanager
def tesseract_slot() -> Iterator[None]:
    """Hold one of `workers()` machine-wide slots while Tesseract reads.

    `vanban run` reads documents in worker processes, one per core, and each
    OCRs its pages in threads, one per core: without a limit across
    processes, two workers would have twice as many pages in Tesseract as
    there are cores, which is no faster, takes more memory and brings every
    page closer to its timeout. The slots are lock files (flock) in a folder
    of this user, so any vanban processes share them, and a process that
    dies gives its slot back.
    """
    folder = _slot_dir()
    if folder is None:
        yield
        return
    while True:
        for slot in range(workers()):
            handle = os.open(folder / f"slot-{slot}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # taken by another thread or process
                os.close(handle)
                continue
            try:
                yield
            finally:
                os.close(handle)  # closing the file gives the lock back
            return
        time.sleep(_SLOT_POLL)


# Whether a landscape page reads upright, judged on its first reading rather than by OSD, which costs
# 0.4-0.6 s CPU a page (SG02 p1/p14, LC_KH-1105 p4, LC_QD-1050 p4: 35-50 % of reading the page) and on
# every landscape page of realdocs finds nothing to turn (they are landscape tables). Measured on those
# pages and on real portrait pages (LC_KH-1105 p1, SG04 p1, SG16 p3, SG20 p6), each read upright and
# turned by 90, 180 and 270 degrees: upright, 95-100 % of the words are read with confidence >= 0.5 and
# 97-100 % of the words of 3+ letters have boxes wider than tall; turned a quarter, Tesseract either
# reads at 22-56 % sure or reads the lines as vertical text (0-4 % wide boxes, the layout in the wrong
# frame); upside down, 34-40 % sure. 0.8 for both lies between.
UPRIGHT_SURE = 0.8
UPRIGHT_WIDE = 0.8
UPRIGHT_MIN_WORDS = 20  # fewer words of 3+ letters tell nothing: OSD decides, as before


def _reads_upright(data: dict[str, list]) -> bool:
    """Whether Tesseract's reading of a page is of upright text (see UPRIGHT_SURE)."""
    words = [(text, float(conf), width, height) for text, conf, width, height
             in zip(data["text"], data["conf"], data["width"], data["height"], strict=False)
             if float(conf) >= 0 and any(ch.isalnum() for ch in text)]
    long_words = [(width, height) for text, _, width, height in words if sum(ch.isalpha() for ch in text) >= 3]
    if len(long_words) < UPRIGHT_MIN_WORDS:
        return False
    sure = sum(conf >= 50 for _, conf, _, _ in words) / len(words)
    wide = sum(width > height for width, height in long_words) / len(long_words)
    return sure >= UPRIGHT_SURE and wide >= UPRIGHT_WIDE


def _read(prepared: Prepared, timeout: float) -> tuple[dict[str, list] | None, str]:
    """Tesseract's words of a prepared page, or None and why it failed."""
    try:
        with tesseract_slot():  # the timeout counts Tesseract's own time, not the wait for a core
            return read_words(prepared.image, LANG, psm=AUTO_LAYOUT, dpi=round(prepared.dpi), timeout=timeout), ""
    except TesseractTimeout as exc:
        return None, str(exc)
    except TesseractFailed as exc:
        return None, f"Tesseract failed: {exc}"


def ocr_page(path: str | Path, page: PageImage, timeout: float = PAGE_TIMEOUT) -> Page:
    """OCR one page; a page that fails or times out comes back empty with the reason in its notes."""
    every_page = os.environ.get("VANBAN_OCR_OSD") == "all"
    turn = orientation(_as_pil(page.image)) if every_page else 0
    original = page.image if page.landscape and not every_page else None  # kept in case it reads sideways
    prepared = prepare(page.take(), page.dpi, turn)
    data, failure = _read(prepared, timeout)
    if original is not None and data is not None and not _reads_upright(data):
        turn = orientation(_as_pil(original))
        if turn:  # a portrait page fed sideways (or a landscape one upside down): read it upright
            prepared = prepare(original, page.dpi, turn)
            data, failure = _read(prepared, timeout)
    del original
    if data is None:
        return _failed_page(page, prepared, failure)
    scale = 72.0 / prepared.dpi
    tokens = []
    for text, conf, x, y, w, h, *where in zip(data["text"], data["conf"], data["left"], data["top"], data["width"],
                                             data["height"], data["block_num"], data["par_num"], data["line_num"],
                                             strict=False):
        text = _STRAY.sub("", text.replace("|", "").replace("¦", "").strip())  # a table rule read as a bar
        if text and float(conf) >= 0:
            tokens.append(Token(text, float(conf) / 100.0, x, y, w, h, line=tuple(where)))
    with tesseract_slot():  # the weak words are read again in one more Tesseract call
        second_look(prepared.image, tokens, LANG, timeout)
    date_notes = []
    if DIGIT_LANG in languages():  # installed with Tesseract itself; without it the page reading stands
        with tesseract_slot():
            date_notes = read_header_date(prepared.image, tokens, prepared.dpi, timeout)
    sure = sorted(t.height for t in tokens if t.confidence >= 0.9)
    text_height = sure[len(sure) // 2] if sure else 0
    words = []
    for run in runs(tokens):
        in_text = any(t.confidence >= 0.5 and sum(ch.isalpha() for ch in t.text) >= 2 for t in run)
        words.extend(Word(text=t.text, confidence=max(0.0, min(1.0, t.confidence)), original=t.original,
                          repair=t.repair, bbox=BBox(x0=t.left * scale, y0=t.top * scale,
                                                     x1=(t.left + t.width) * scale, y1=(t.top + t.height) * scale))
                     for t in run if not _speck(t, in_text, text_height))
    cells = find_cells(prepared.image, scale)
    lines = page_lines(words, cells)
    height, width = prepared.image.shape
    notes = [*prepared.notes, *date_notes] + ([f"{len(cells)} ruled tables"] if cells else [])
    for trim in _TRIM:
        trim(0)
    return Page(number=page.number, width=width * scale, height=height * scale, source=SourceKind.OCR,
                lines=lines, notes=notes)


def _speck(token: Token, in_text: bool, text_height: int = 0) -> bool:
    """Marks Tesseract finds in a seal, a signature or paper noise rather than print.

    Tesseract's confidence is a poor judge of a token on its own: dust gives
    "." and "-" at 0.4, while a real word beside a table rule may come at 0
    ("Phòng" in "| Phòng Chuyển đổi số"), a target's number at 0.37 and the
    dash of "Tổ chức - Pháp chế" at 0.46. So the kind and shape of the token
    decide too:

    - a box taller than `TALL_BOX` lines of the page's print (the median
      height of its sure words, `text_height`), unless read with high
      confidence: never a word, but a signature or seal that would merge the
      lines beside it;
    - a dash: kept when it is a horizontal stroke (a speck is round, a piece
      of table rule tall), or read with high confidence;
    - other symbols (bullet, bracket, comparison): kept from middling confidence;
    - a number ("95", "62,4", "6/2026"): kept unless very weak, as noise rarely
      reads as digits and a lost number is a lost target;
    - a word of Vietnamese letters that the lexicon knows as a syllable, among
      words read with confidence (`in_text`, not alone in a signature's
      scribble): kept at any confidence (its low confidence travels with it);
    - anything else: kept from 0.2 among words read with confidence ("(b/€);"
      at 0.22 after "Bộ Nội vụ", a heading's "5." read "S." at 0.29, both
      for `pipeline.ocr.misreads` to fix), from 0.5 when alone; a plain word of
      two letters or more from 0.2 anywhere.
    """
    text, confidence = token.text, token.confidence
    if text_height and token.height > TALL_BOX * text_height and confidence < 0.9:
        return True  # a box over several lines of print: a signature or seal read as "441,"
    if not any(ch.isalnum() for ch in text):
        core = text if text in _KEEP_MARKS else text.strip(".,;:")  # "%." at a sentence end is still a %
        if core in _DASH_MARKS:
            stroke = token.width >= 1.8 * token.height
            return confidence < (0.1 if stroke else 0.9)
        return core not in _KEEP_MARKS or confidence < 0.5
    if _NUMBER.match(text):
        return confidence < 0.3
    if confidence >= 0.5:
        return False
    if confidence < 0.2:
        return not (in_text and sum(ch.isalpha() for ch in text) >= 2 and is_plain_word(text) and
                    _known_syllable(text))
    return not in_text and not (is_plain_word(text) and sum(ch.isalpha() for ch in text) >= 2)


def _known_syllable(text: str) -> bool:
    core = text.strip(".,;:!?()[]\"'“”‘’-").lower()
    return " " not in core and default_lexicon().is_syllable(core)


def _as_pil(image: Image.Image | np.ndarray | None) -> Image.Image:
    return Image.fromarray(image) if isinstance(image, np.ndarray) else image  # type: ignore[return-value]


def _failed_page(page: PageImage, prepared: Prepared, reason: str) -> Page:
    height, width = prepared.image.shape
    scale = 72.0 / prepared.dpi
    return Page(number=page.number, width=width * scale, height=height * scale, source=SourceKind.OCR,
                lines=[], notes=[*prepared.notes, f"failed: {reason}"])


class PagePool:
    """OCR threads and page slots: at most `limit` pages rendered or in Tesseract at once.

    A slot is taken before a page is rendered and given back when its OCR is
    done, so memory holds `limit` page images however many documents feed it.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)
        self._executor = ThreadPoolExecutor(limit, thread_name_prefix="vanban-ocr")

    def run(self, path: str | Path, pages: Iterable[PageImage], timeout: float) -> list[Page]:
        """OCR one document's pages; several documents may call this from their own threads at once."""
        futures: list[Future[Page]] = []
        try:
            for page in _throttled(pages, self._slots):
                future = self._executor.submit(ocr_page, path, page, timeout)
                future.add_done_callback(lambda _f: self._slots.release())
                futures.append(future)
        except BaseException:
            for future in futures:  # the document failed (a page too large to render): stop its other pages
                future.cancel()
            raise
        return [f.result() for f in futures]

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


_shared: PagePool | None = None
_shared_lock = threading.Lock()


@contextmanager
def shared_pages(limit: int | None = None) -> Iterator[PagePool]:
    """While open, every `ocr_pages` call of this process, from any thread, OCRs in one pool.

    For reading several documents at once: without it each document would
    bring its own pool, and two documents would run twice the Tesseract
    processes there are cores.
    """
    global _shared
    pool = PagePool(limit or workers())
    with _shared_lock:
        if _shared is not None:
            raise RuntimeError("shared_pages is already open")
        _shared = pool
    try:
        yield pool
    finally:
        with _shared_lock:
            _shared = None
        pool.close()


def ocr_pages(path: str | Path, pages: Iterable[PageImage], timeout: float = PAGE_TIMEOUT) -> list[Page]:
    """OCR pages in parallel, holding at most a few page images in memory at once."""
    check_tesseract(path)
    _prefetch_lexicon()
    if _shared is not None:
        return _shared.run(path, pages, timeout)
    pool = PagePool(workers())
    try:
        return pool.run(path, pages, timeout)
    finally:
        pool.close()


def _throttled(pages: Iterable[PageImage], slots: threading.BoundedSemaphore) -> Iterator[PageImage]:
    """Pages taken from `pages` one slot at a time: the next page is rendered only when a worker is free.

    The slot is taken before the page is pulled (rendered), not after, so
    documents waiting for a worker hold no page image: memory stays flat.
    """
    iterator = iter(pages)
    while True:
        slots.acquire()
        try:
            page = next(iterator)
        except StopIteration:
            slots.release()
            return
        except BaseException:  # a page that cannot be rendered: its slot must not be lost
            slots.release()
            raise
        yield page


_prefetched = threading.Event()


def _prefetch_lexicon() -> None:
    """Load the diacritic-repair lexicon in the background while Tesseract works.

    Every OCR'd page is repaired (`pipeline.ingest.read`) right after OCR, so the
    lexicon is needed next; loading it now takes it off the critical path.
    A failure here is ignored: the repair step loads it again and reports.
    """
    if _prefetched.is_set():
        return
    _prefetched.set()

    def load() -> None:
        with suppress(Exception):  # reported by the repair step, which loads it again
            default_lexicon()

    threading.Thread(target=load, name="vanban-lexicon", daemon=True).start()
