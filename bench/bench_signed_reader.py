#!/usr/bin/env python3
"""The PDF reader on real e-signed PDFs versus pdfplumber's own ``extract_words``, wall and CPU.

``bench/bench_textlayer.py`` times the whole pipeline on generated born-digital plans, which carry no
signing widgets, no white backgrounds and no footnote marks. This one times only the reader
(``pipeline.ingest.pdf``: words by gap, the widgets the signing system stamps, the checks that send a
page to OCR, tables without invisible rectangles; no OCR is run) on the born-digital signed PDFs of
``../shared/realdocs/signed`` (SG01-SG20), against pdfplumber opening the same files and calling
``page.extract_words()`` on every page, in the same process, alternating, best of ``--repeat`` rounds.

Usage::

    PYTHONPATH=. .venv/bin/python bench/bench_signed_reader.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.ingest.pdf import ocr_reasons  # noqa: E402

SIGNED_CANDIDATES = (REPO.parent / "shared" / "realdocs" / "signed",
                     REPO.parent.parent / "shared" / "realdocs" / "signed")


def _files() -> list[Path]:
    folder = next((p for p in SIGNED_CANDIDATES if p.is_dir()), None)
    if folder is None:
        return []
    return [p for p in sorted(folder.glob("SG*.pdf")) if not p.stem.endswith("-scan")]


def _pdfplumber(files: list[Path]) -> None:
    import pdfplumber

    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.close()


def _reader(files: list[Path]) -> None:
    for path in files:
        ocr_reasons(path)  # reads every text-layer page into the page model; OCR is not run


def _time(run: Callable[[list[Path]], None], files: list[Path]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run(files)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each side's fastest is kept")
    args = parser.parse_args()
    files = _files()
    if not files:
        print("../shared/realdocs/signed not found", file=sys.stderr)
        return 1
    import pdfplumber  # noqa: F401 - imported before timing, for both sides

    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        for name, run in (("pdfplumber extract_words", _pdfplumber), ("vanban reader", _reader)):
            wall, cpu = _time(run, files)
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    print(f"{len(files)} born-digital signed PDFs, best of {args.repeat} round(s)")
    print(f"{'':26}{'wall s':>9}{'CPU s':>9}{'CPU s/doc':>11}")
    for name, (wall, cpu) in best.items():
        print(f"{name:26}{wall:9.2f}{cpu:9.2f}{cpu / len(files):11.3f}")
    (pw, pc), (vw, vc) = best["pdfplumber extract_words"], best["vanban reader"]
    print(f"ratio vanban/pdfplumber: wall {vw / pw:.2f}, CPU {vc / pc:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
