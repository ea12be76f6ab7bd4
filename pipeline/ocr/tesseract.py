"""Tesseract called in-process, through its C++ API (tesserocr), one loaded engine per thread.

Why not a `tesseract` process per call: vanban reads a page with up to three
calls (the page, the second look's strip of weak words, the header date's
digits), and each process paid its start and model load again. On real
pages that was most of what vanban spent over plain `tesseract -l vie`
(bench/ocr_real_diagnosis.md, "Cost"). Here each thread loads an engine once
per language and set-up and reuses it for every page it reads; tesserocr
releases the GIL while Tesseract works, so threads read pages in parallel.

tesserocr's wheel carries its own Tesseract library (5.3.4 in the 2.8
series pinned in pyproject.toml), so the version that reads, and with it
every reading the tests pin, comes with the Python dependency, not with the
machine. 5.3.4 reads real pages word for word as Debian 12's 5.3 CLI does,
the engine every repair rule here was measured on. The models are Debian's
(`tesseract-ocr-vie`, `tesseract-ocr-eng`, `tesseract-ocr-osd`), read from
their tessdata folder; nothing is downloaded.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import tesserocr  # its OpenMP threads are limited to one by the package (pipeline/ocr/__init__.py)

# Where Debian, other distributions and a TESSDATA_PREFIX put the models, in the order they are tried.
_TESSDATA_FOLDERS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                     "/usr/share/tessdata", "/usr/local/share/tessdata")
_TSV_FIELDS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
               "left", "top", "width", "height", "conf", "text")
_OSD = "osd"
AUTO_LAYOUT = tesserocr.PSM.AUTO  # a page: Tesseract finds its blocks, columns and lines
ONE_BLOCK = tesserocr.PSM.SINGLE_BLOCK  # a strip of crops stacked one under another
LSTM_ONLY = tesserocr.OEM.LSTM_ONLY


class TesseractFailed(RuntimeError):
    """Tesseract could not read an image: no model, no image it accepts, or no result."""


class TesseractTimeout(TesseractFailed):
    """Tesseract gave up on an image after its time limit."""


@lru_cache(maxsize=1)
def tessdata_folder() -> Path | None:
    """The folder holding the installed models (`*.traineddata`), or None when no model is installed."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = ([prefix, os.path.join(prefix, "tessdata")] if prefix else []) + list(_TESSDATA_FOLDERS)
    for folder in map(Path, candidates):
        if folder.is_dir() and any(folder.glob("*.traineddata")):
            return folder
    return None


@lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    """The models installed, by name (`vie`, `eng`, `osd`, ...)."""
    folder = tessdata_folder()
    return frozenset(model.stem for model in folder.glob("*.traineddata")) if folder else frozenset()


class _Engines(threading.local):
    """This thread's loaded engines, by language and set-up: an engine serves one thread at a time."""

    def __init__(self) -> None:
        self.loaded: dict[tuple, tesserocr.PyTessBaseAPI] = {}


_ENGINES = _Engines()


def _engine(lang: str, oem: int, variables: Mapping[str, str]) -> tesserocr.PyTessBaseAPI:
    """This thread's engine for a language and set-up, loading it on first use."""
    key = (lang, oem, tuple(sorted(variables.items())))
    engine = _ENGINES.loaded.get(key)
    if engine is None:
        folder = tessdata_folder()
        if folder is None or lang not in languages():
            raise TesseractFailed(f"no Tesseract model '{lang}' is installed")
        try:
            engine = tesserocr.PyTessBaseAPI(path=f"{folder}/", lang=lang, oem=oem, variables=dict(variables))
        except RuntimeError as exc:
            raise TesseractFailed(f"Tesseract could not load '{lang}': {exc}") from exc
        _ENGINES.loaded[key] = engine
    return engine


@contextmanager
def _holding(engine: tesserocr.PyTessBaseAPI, image: np.ndarray, psm: int, dpi: int) -> Iterator[None]:
    """The engine set to read a grey image; its copy of the image and results are dropped afterwards,
    failed or not, so a thread does not keep a page's pixels until its next page."""
    if image.ndim != 2 or image.dtype != np.uint8:
        raise TesseractFailed(f"expected a grey 8-bit image, got {image.dtype} of shape {image.shape}")
    height, width = image.shape
    engine.SetPageSegMode(psm)
    engine.SetImageBytes(np.ascontiguousarray(image).tobytes(), width, height, 1, width)
    engine.SetSourceResolution(dpi)
    try:
        yield
    finally:
        engine.Clear()


def _recognize(engine: tesserocr.PyTessBaseAPI, timeout: float) -> None:
    started = time.monotonic()
    if not engine.Recognize(timeout=max(1, round(timeout * 1000))):
        if time.monotonic() - started >= timeout:
            raise TesseractTimeout(f"OCR timed out after {timeout:.0f} s")
        raise TesseractFailed("Tesseract could not recognise the image")


def read_words(image: np.ndarray, lang: str, *, psm: int, dpi: int, timeout: float,
               oem: int = tesserocr.OEM.DEFAULT, variables: Mapping[str, str] | None = None) -> dict[str, list]:
    """Tesseract's reading of a grey image as columns (the fields of its TSV: text, conf, left, ...).

    The columns are those of `tesseract ... tsv`, one row per page, block,
    paragraph, line and word; rows that are not words have confidence -1.
    """
    engine = _engine(lang, oem, variables or {})
    with _holding(engine, image, psm, dpi):
        _recognize(engine, timeout)
        tsv = engine.GetTSVText(0)
    columns: dict[str, list] = {field: [] for field in _TSV_FIELDS}
    for row in tsv.splitlines():
        values = row.split("\t", len(_TSV_FIELDS) - 1)
        if len(values) < len(_TSV_FIELDS) - 1:
            continue
        values += [""] * (len(_TSV_FIELDS) - len(values))
        for field, value in zip(_TSV_FIELDS[:-2], values, strict=False):
            columns[field].append(int(value))
        columns["conf"].append(float(values[-2]))
        columns["text"].append(values[-1])
    return columns


def read_text(image: np.ndarray, lang: str, *, psm: int, dpi: int, timeout: float) -> str:
    """Tesseract's plain text of a grey image."""
    engine = _engine(lang, tesserocr.OEM.DEFAULT, {})
    with _holding(engine, image, psm, dpi):
        _recognize(engine, timeout)
        return engine.GetUTF8Text()


def detect_orientation(image: np.ndarray, dpi: int, min_characters: int) -> tuple[int, float] | None:
    """Clockwise turn (0/90/180/270) that makes the image upright, and Tesseract's confidence in it.

    None when the orientation model is missing or the image has too little text to tell.
    """
    if _OSD not in languages():
        return None
    engine = _engine(_OSD, tesserocr.OEM.DEFAULT, {"min_characters_to_try": str(min_characters)})
    with _holding(engine, image, tesserocr.PSM.OSD_ONLY, dpi):
        found = engine.DetectOrientationScript()
    if not found:
        return None
    return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])
