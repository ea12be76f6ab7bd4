#!/usr/bin/env python3
"""OCR benchmark on REAL pages: ``vanban text`` versus plain ``tesseract -l vie``, word errors and CPU.

On our generated scans vanban's OCR beats plain Tesseract by far; on real
pages it does not.  This benchmark measures the real case, so a change to the
OCR can be judged where it matters.  The issue's targets, both judged here:

* order-free word error rate (bag of words) at most 0.8x plain Tesseract's;
* CPU seconds per page at most 1.5x plain Tesseract's.

Pages (read in place, never copied into the repository):

* **Set A** -- the Lào Cai pages (``realdocs/scans/*.png``, 150 dpi, real seals
  and signatures, rendered from PDFs whose text layer is mojibake).  Reference:
  the source repository's document-level transcription
  (``*.reference_doclevel.txt``), so scores are per document: the page texts
  of a side are joined and compared order-free (bag WER); CER is given too
  but it also charges reading order and the transcription's own layout.
* **Set B** -- pages of the born-digital e-signed PDFs (``realdocs/signed``),
  rendered at run time with ``pdftoppm -r DPI`` (150 and 300 dpi) into a
  temporary folder.  pdftoppm draws the form-field widgets, so the stamped
  number and day are in the pixels.  Ground truth is the page's own text
  layer by ``pdftotext -layout -f N -l N``, which prints those widget values
  too.  The page list is ``SIGNED_PAGES`` below: every document's first page
  plus body and table pages; ``EXCLUDED`` says what is left out and why.

Sides, one page at a time, the sides' order alternating from page to page
(so neither always runs on a warm or a cold cache):

* **vanban**: ``vanban text PAGE.png`` (this checkout's code: ``PYTHONPATH``
  is set to it), one process per page as a user OCRs one image;
* **tesseract**: ``tesseract PAGE.png - -l vie`` (default page segmentation),
  ``OMP_THREAD_LIMIT=1`` as vanban runs it;
* optionally (``--with-script-viet``) ``tesseract PAGE.png - -l Vietnamese``,
  the ``script/Vietnamese`` model of Debian's ``tesseract-ocr-script-viet``.

Then the same pages twice more, several to a process: **a document per
process** (``vanban text P1.png P2.png ...`` with one document's pages -- set
A: a Lào Cai document; set B: the listed pages of one PDF) and **a batch per
process** (all the set's pages), against ``tesseract LIST - -l vie`` reading
the same pages from a list file (its model loaded once).  That is how pages
are read in use: ``vanban text doc.pdf`` pays the start-up once per document,
and the workers of ``vanban run``/``vanban watch`` once per batch.  All three
ratios are printed; texts and scores come from the page-per-process runs.

CPU seconds are user + system time of the child and every descendant it
waited for (``os.wait4``), so vanban's own Tesseract processes are charged to
vanban, and another engineer's job on the shared cores is not charged to
either side.  Wall seconds and the share of the CPU other processes took
during the run are printed beside them.  A one-process-per-page ``vanban
text`` pays interpreter start-up, imports and the lexicon on every page;
that fixed cost is measured once (a tiny crop of a real page, through both
sides, ``STARTUP_RUNS`` times interleaved; vanban's median minus
Tesseract's) and the ratio is given with it taken out as well, the cost per
page of a long document.

Scores (``bench/cer.py``: vanban's normalization, NFC, old/new tone placement
equal, whitespace collapsed), after removing standalone ``|`` tokens on every
side (vanban joins table cells with `` | ``, Tesseract reads table rules as
``|``: layout, not characters of the page; left in, they cost vanban about 150
word errors on one table page alone, SG20 p6): bag WER = the larger of words
missing and words extra / reference words, the figure the target judges; CER =
character edit distance / reference length, which also charges reading order:
``pdftotext -layout`` runs the two header columns (and a table's cells) side by
side on one line, as plain Tesseract reads them, while vanban reads each column
apart, so vanban's CER on set B is inflated by design.
Totals sum the counts before dividing.  ``won``/``lost`` count the words
vanban gets right that Tesseract misses and the other way round (multiset
intersection with the reference).

The issue-date check: on a first page, the header date (``<place>, ngày D
tháng M năm YYYY``) is looked for in a side's output and its day, month and
year compared to those of the truth (set A: the reference's first date line;
set B: the text layer's).  A day read ``O6`` or a date line not found counts
as not read.

Usage::

    .venv/bin/python bench/bench_ocr_real.py [--quick] [--sets A,B150,B300] [--json FILE] [--keep DIR]
    .venv/bin/python bench/bench_ocr_real.py --with-script-viet   # also -l Vietnamese (script model)

Exit status 0 whether or not the targets are met (the verdicts are printed);
1 when the benchmark cannot run (no Tesseract, no pages).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``bench`` and ``pipeline`` importable
    sys.path.insert(0, str(REPO))

from bench.bench_ocr import ForeignCpu  # noqa: E402
from bench.bench_textlayer import BenchError, code_state, vanban_bin  # noqa: E402
from bench.cer import ErrorCount, bag_word_errors, char_errors, normalize_for_cer, split_vanban_pages  # noqa: E402

RESULTS = REPO / "bench" / "results" / "ocr_real.json"
TARGET_WER_RATIO = 0.8
TARGET_CPU_RATIO = 1.5
STARTUP_RUNS = 3
DPIS = (150, 300)

VANBAN, TESSERACT, SCRIPT = "vanban", "tesseract", "tess_script"
LABELS = {VANBAN: "vanban text", TESSERACT: "tesseract -l vie", SCRIPT: "tesseract -l Vietnamese"}

# Set B: (document prefix, page).  First pages of every usable document, then body and table pages.
SIGNED_PAGES: tuple[tuple[str, int], ...] = (
    ("SG01", 1), ("SG02", 1), ("SG03", 1), ("SG04", 1), ("SG05", 1), ("SG06", 1), ("SG07", 1), ("SG08", 1),
    ("SG10", 1), ("SG11", 1), ("SG12", 1), ("SG13", 1), ("SG14", 1), ("SG15", 1), ("SG16", 1), ("SG17", 1),
    ("SG18", 1), ("SG20", 1),
    ("SG01", 2),  # body prose
    ("SG02", 2), ("SG02", 14),  # 4-column tables, landscape
    ("SG03", 3),  # first page of a second, unsigned letter (blank number and day)
    ("SG04", 2),  # end of a letter: signature, seal, Nơi nhận
    ("SG10", 2), ("SG11", 5), ("SG12", 3), ("SG15", 3), ("SG17", 4),  # body prose, lists
    ("SG16", 3),  # short last page: signature and seal
    ("SG18", 4),  # tables between paragraphs
    ("SG20", 6),  # allocation table over a full-page watermark
)
QUICK_SIGNED = (("SG04", 1), ("SG06", 1), ("SG14", 1), ("SG11", 5), ("SG18", 4), ("SG20", 1))
QUICK_LAOCAI = ("LC_TB-1894-SCT",)
EXCLUDED = {
    "SG09": "text layer with missing letters ('Sở ội vụ', no 'UBND TỈNH BÌNH THUẬN'); page 2 blank",
    "SG19": "one 832 x 3049 pt page (a long table): 44 Mpx at 300 dpi, and no header date",
    "SG21": "scan with a garbage OCR text layer: no ground truth",
    "SG22": "scan with a garbage OCR text layer: no ground truth",
    "SG23": "scan without text layer: no ground truth",
    "SG24": "scan: text layer is one stamp line only",
    "SG25": "scan without text layer: no ground truth",
    "SG12 p5, SG17 p6": "blank or near-blank last pages (1 and 84 words)",
}

# The header date: "<place>, ngày D tháng M năm YYYY" (OCR may glue "01năm" or misread a digit).
_DATE = re.compile(r"\bng\S{1,2}y\s*(\S{1,4}?)\s*th\S{1,2}ng\s*(\S{1,4}?)\s*n\S{1,2}m\s*(\S{4})", re.IGNORECASE)
_DATE_LINES = 40  # the header date is among the first lines of a page
_CELL_BAR = re.compile(r"(?<!\S)[|¦](?!\S)")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- pure helpers (tested)


def header_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    """Day, month and year of a page's header date line, or None when no date line is found.

    The first ``ngày D tháng M năm YYYY`` among the page's first lines that
    follows a comma on its line (``Lào Cai, ngày ...``) wins; without such a
    line, the first one at all.  A part that is not a plain number (``O6``,
    ``1l``) comes back as None, so the date does not count as read.
    """
    lines = [normalize_for_cer(line) for line in text.splitlines() if line.strip()][:_DATE_LINES]
    found = None
    for line in lines:
        match = _DATE.search(line)
        if match is None:
            continue
        if "," in line[:match.start()]:
            found = match
            break
        found = found or match
    if found is None:
        return None

    def number(part: str) -> int | None:
        part = part.strip(".,;:")
        return int(part) if part.isdigit() else None

    day, month, year = (number(found.group(i)) for i in (1, 2, 3))
    return day, month, year


def word_wins(first: str, second: str, reference: str) -> tuple[int, int]:
    """Reference words (as a multiset) that ``first`` has and ``second`` lacks, and the other way round.

    Order-free, like the bag WER: a word counts as right for a side when the
    side's text holds it as many times as the reference does.
    """
    ref = Counter(normalize_for_cer(reference).split())
    right_1 = ref & Counter(normalize_for_cer(first).split())
    right_2 = ref & Counter(normalize_for_cer(second).split())
    return sum((right_1 - right_2).values()), sum((right_2 - right_1).values())


def without_cell_bars(text: str) -> str:
    """The text without standalone ``|`` tokens: vanban joins table cells with `` | `` (its layout form,
    like DOCX rows) and Tesseract reads table rules as ``|``; neither is a character of the page."""
    return _CELL_BAR.sub(" ", text)


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


# --------------------------------------------------------------------------- running a side


@dataclass
class Run:
    """One child process: its text, CPU and wall seconds, exit status."""

    text: str
    cpu: float
    wall: float
    returncode: int
    error: str = ""


def run_child(cmd: list[str], env: dict[str, str], out: Path) -> Run:
    """Run to completion; CPU = user + system of the child and its reaped descendants (``wait4``)."""
    err = out.with_suffix(".err")
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env=env, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(encoding="utf-8", errors="replace")
    error = "" if proc.returncode == 0 else err.read_text(encoding="utf-8", errors="replace")[-600:]
    return Run(text, usage.ru_utime + usage.ru_stime, wall, proc.returncode, error)


def vanban_env() -> dict[str, str]:
    """This checkout's code on the path (the venv's ``vanban`` may be installed from another checkout)."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def tesseract_env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def side_command(side: str, png: Path) -> tuple[list[str], dict[str, str]]:
    if side == VANBAN:
        return [str(vanban_bin()), "text", str(png)], vanban_env()
    lang = "vie" if side == TESSERACT else script_lang()
    return ["tesseract", str(png), "-", "-l", lang], tesseract_env()


def clean_output(side: str, text: str) -> str:
    """The page text alone: vanban's ``--- page N (ocr) ---`` markers removed."""
    return "\n".join(split_vanban_pages(text).values()) if side == VANBAN else text


def script_lang() -> str:
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "script/Vietnamese" if "script/Vietnamese" in langs else "Vietnamese"


# --------------------------------------------------------------------------- pages


@dataclass
class Item:
    """A unit scored on its own: one page of set B, or one document (its pages) of set A."""

    set: str
    name: str
    pngs: list[Path]
    reference: str
    first_page: bool
    texts: dict[str, list[str]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)
    # its share of a run of several pages in one process: mode ("document", "batch") -> side -> CPU seconds
    grouped_cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def find_realdocs(given: Path | None) -> Path:
    candidates = [given] if given else [REPO.parent / "shared" / "realdocs", REPO.parent.parent / "shared" / "realdocs"]
    for folder in candidates:
        if folder and (folder / "scans").is_dir() and (folder / "signed").is_dir():
            return folder
    raise BenchError(f"real documents not found (looked in {', '.join(map(str, candidates))}); use --realdocs")


def laocai_items(folder: Path, quick: bool) -> list[Item]:
    items = []
    for ref in sorted(folder.glob("*.reference_doclevel.txt")):
        stem = ref.name.removesuffix(".reference_doclevel.txt")
        if quick and stem not in QUICK_LAOCAI:
            continue
        pngs = sorted(folder.glob(f"{stem}_page*.png"))
        items.append(Item("A", stem, pngs, ref.read_text(encoding="utf-8", errors="replace"), True))
    return items


def signed_pdf(folder: Path, prefix: str) -> Path:
    found = sorted(folder.glob(f"{prefix}_*.pdf"))
    if not found:
        raise BenchError(f"{prefix}: no such PDF in {folder}")
    return found[0]


def signed_items(folder: Path, dpi: int, work: Path, quick: bool) -> list[Item]:
    """Set B at one resolution: each listed page rendered by pdftoppm, its truth by pdftotext -layout."""
    items = []
    out = work / f"B{dpi}"
    out.mkdir(parents=True, exist_ok=True)
    for prefix, page in (QUICK_SIGNED if quick else SIGNED_PAGES):
        pdf = signed_pdf(folder, prefix)
        stem = out / f"{prefix}_p{page:02d}"
        png = stem.with_suffix(".png")
        if not png.exists():
            subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                            str(pdf), str(stem)], check=True, capture_output=True)
        truth = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               check=True, capture_output=True, text=True).stdout
        items.append(Item(f"B{dpi}", f"{prefix} p{page}", [png], truth, page == 1))
    return items


# --------------------------------------------------------------------------- measuring


def measure_startup(png: Path, sides: list[str], work: Path) -> dict[str, float]:
    """Median CPU of each side on a tiny crop of a real page: the fixed cost of one process."""
    from PIL import Image

    tiny = work / "startup.png"
    with Image.open(png) as image:
        dpi = image.info.get("dpi", (150, 150))
        # portrait, like a page: a landscape crop would make vanban run orientation detection (OSD) too
        image.crop((0, 0, image.width // 4, image.height // 5)).save(tiny, dpi=dpi)
    seconds: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(STARTUP_RUNS):
        for side in sides:
            cmd, env = side_command(side, tiny)
            seconds[side].append(run_child(cmd, env, work / f"startup-{side}.txt").cpu)
    return {side: statistics.median(values) for side, values in seconds.items()}


def run_items(items: list[Item], sides: list[str], work: Path, keep: Path | None) -> int:
    """Every page of every item through every side, the sides' order alternating page by page."""
    turn = 0
    for item in items:
        for side in sides:
            item.texts[side], item.cpu[side], item.wall[side] = [], 0.0, 0.0
        for png in item.pngs:
            order = sides if turn % 2 == 0 else list(reversed(sides))
            turn += 1
            for side in order:
                cmd, env = side_command(side, png)
                name = f"{item.set}-{png.stem}.{side}.txt"
                run = run_child(cmd, env, work / name)
                item.texts[side].append(clean_output(side, run.text) if run.returncode == 0 else "")
                item.cpu[side] += run.cpu
                item.wall[side] += run.wall
                if run.returncode != 0:
                    item.failures.append({"side": side, "page": png.name, "exit": run.returncode,
                                          "error": run.error})
                    log(f"  {side} FAILED on {png.name} (exit {run.returncode})")
                if keep is not None:
                    (keep / name).write_text(item.texts[side][-1], encoding="utf-8")
        log(f"  {item.set} {item.name}: " + ", ".join(
            f"{side} {item.cpu[side]:.1f} s" for side in sides))
    return turn


def document_of(item: Item) -> str:
    """The document a page comes from: set A's items are documents, set B's are pages named ``SGnn pN``."""
    return item.name if item.set == "A" else item.name.split()[0]


def grouped_command(side: str, pngs: list[Path], work: Path) -> tuple[list[str], dict[str, str]]:
    """One process for several pages: ``vanban text P1 P2 ...``; Tesseract reads them from a list file."""
    if side == VANBAN:
        return [str(vanban_bin()), "text", *map(str, pngs)], vanban_env()
    listing = work / f"pages-{pngs[0].stem}.txt"
    listing.write_text("".join(f"{png}\n" for png in pngs), encoding="utf-8")
    lang = "vie" if side == TESSERACT else script_lang()
    return ["tesseract", str(listing), "-", "-l", lang], tesseract_env()


GROUPINGS = ("document", "batch")


def run_grouped(items: list[Item], sides: list[str], work: Path, mode: str) -> None:
    """The pages again, several to a process: each document's (``document``) or the whole set's (``batch``).

    This is how pages are read in use: ``vanban text doc.pdf`` reads a
    document in one process, and the workers of ``vanban run`` and ``vanban
    watch`` live for a whole batch, so the start-up is paid once per document
    or once per batch, not per page. Tesseract reads the same pages from a
    list file, loading its model once too. The sides' order alternates from
    group to group; a group's CPU is shared among its items by page count.
    """
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(document_of(item) if mode == "document" else "all", []).append(item)
    for turn, (name, members) in enumerate(groups.items()):
        pngs = [png for item in members for png in item.pngs]
        for side in (sides if turn % 2 == 0 else list(reversed(sides))):
            cmd, env = grouped_command(side, pngs, work)
            run = run_child(cmd, env, work / f"{mode}-{name}.{side}.txt")
            if run.returncode != 0:
                log(f"  {side} FAILED on {mode} {name} (exit {run.returncode}): {run.error[-200:]}")
            for item in members:
                item.grouped_cpu.setdefault(mode, {})[side] = run.cpu * len(item.pngs) / len(pngs)


# --------------------------------------------------------------------------- scoring and report


def score_item(item: Item, sides: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"set": item.set, "name": item.name, "pages": len(item.pngs),
                              "ref_words": len(normalize_for_cer(item.reference).split()), "failures": item.failures}
    truth_date = header_date(item.reference) if item.first_page else None
    record["truth_date"] = truth_date
    texts = {side: without_cell_bars("\n".join(item.texts[side])) for side in sides}
    for side in sides:
        text = texts[side]
        bag, chars = bag_word_errors(text, item.reference), char_errors(text, item.reference)
        entry: dict[str, Any] = {
            "bag_word_edits": bag.edits, "ref_words": bag.length, "wer": round(bag.rate, 4),
            "char_edits": chars.edits, "ref_chars": chars.length, "cer": round(chars.rate, 4),
            "cpu": round(item.cpu[side], 3), "wall": round(item.wall[side], 3),
            **{f"{mode}_cpu": round(item.grouped_cpu.get(mode, {}).get(side, 0.0), 3) for mode in GROUPINGS},
        }
        if truth_date is not None:
            first = item.texts[side][0] if item.texts[side] else ""
            read = header_date(first)
            entry["date_read"] = read
            entry["date_ok"] = read == truth_date
        record[side] = entry
    if VANBAN in sides and TESSERACT in sides:
        won, lost = word_wins(texts[VANBAN], texts[TESSERACT], item.reference)
        record["vanban_won_words"], record["vanban_lost_words"] = won, lost
    return record


def totals(records: list[dict[str, Any]], sides: list[str], startup: dict[str, float]) -> dict[str, Any]:
    pages = sum(r["pages"] for r in records)
    out: dict[str, Any] = {"items": len(records), "pages": pages, "ref_words": sum(r["ref_words"] for r in records)}
    for side in sides:
        bag = sum((ErrorCount(r[side]["bag_word_edits"], r[side]["ref_words"]) for r in records), ErrorCount())
        chars = sum((ErrorCount(r[side]["char_edits"], r[side]["ref_chars"]) for r in records), ErrorCount())
        cpu = sum(r[side]["cpu"] for r in records)
        dated = [r[side]["date_ok"] for r in records if "date_ok" in r[side]]
        out[side] = {"wer": round(bag.rate, 4), "cer": round(chars.rate, 4),
                     "cpu_per_page": round(cpu / max(pages, 1), 3),
                     "cpu_per_page_no_startup": round(cpu / max(pages, 1) - startup.get(side, 0.0), 3),
                     **{f"cpu_per_page_{mode}": round(sum(r[side][f"{mode}_cpu"] for r in records)
                                                       / max(pages, 1), 3) for mode in GROUPINGS},
                     "wall_per_page": round(sum(r[side]["wall"] for r in records) / max(pages, 1), 3),
                     "dates_ok": sum(dated), "dates": len(dated)}
    if VANBAN in sides and TESSERACT in sides:
        van, tess = out[VANBAN], out[TESSERACT]
        out["wer_ratio"] = _round(ratio(van["wer"], tess["wer"]))
        out["cpu_ratio"] = _round(ratio(van["cpu_per_page"], tess["cpu_per_page"]))
        out["cpu_ratio_no_startup"] = _round(ratio(van["cpu_per_page_no_startup"], tess["cpu_per_page_no_startup"]))
        for mode in GROUPINGS:
            out[f"cpu_ratio_{mode}"] = _round(ratio(van[f"cpu_per_page_{mode}"], tess[f"cpu_per_page_{mode}"]))
        out["vanban_won_words"] = sum(r.get("vanban_won_words", 0) for r in records)
        out["vanban_lost_words"] = sum(r.get("vanban_lost_words", 0) for r in records)
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _date_cell(entry: dict[str, Any]) -> str:
    if "date_ok" not in entry:
        return ""
    if entry["date_ok"]:
        return "ok"
    read = entry["date_read"]
    return "none" if read is None else "/".join("?" if v is None else str(v) for v in read)


def print_report(record: dict[str, Any], sides: list[str]) -> None:
    others = [s for s in sides if s != VANBAN]
    for set_name, block in record["sets"].items():
        print(f"\n== set {set_name}: {block['description']}")
        head = f"{'item':<18}{'words':>6}" + "".join(
            f"{'WER ' + s[:5]:>11}{'CER ' + s[:5]:>11}{'CPU ' + s[:5]:>11}{'date':>12}" for s in sides)
        print(head + f"{'won':>5}{'lost':>5}")
        for r in block["items"]:
            row = f"{r['name']:<18}{r['ref_words']:>6}"
            for s in sides:
                e = r[s]
                row += f"{e['wer']:>11.1%}{e['cer']:>11.1%}{e['cpu']:>11.2f}{_date_cell(e):>12}"
            print(row + f"{r.get('vanban_won_words', ''):>5}{r.get('vanban_lost_words', ''):>5}")
        t = block["totals"]
        print(f"-- total {t['pages']} pages, {t['ref_words']} reference words")
        for s in sides:
            e = t[s]
            print(f"   {LABELS[s]:<24} WER {e['wer']:.1%}  CER {e['cer']:.1%}  CPU/page: "
                  f"{e['cpu_per_page_batch']:.2f} s a batch per process, "
                  f"{e['cpu_per_page_document']:.2f} s a document per process, "
                  f"{e['cpu_per_page']:.2f} s a page per process "
                  f"({e['cpu_per_page_no_startup']:.2f} s without start-up)  wall/page {e['wall_per_page']:.2f} s  "
                  f"dates read {e['dates_ok']}/{e['dates']}")
        if "wer_ratio" in t:
            print(f"   vanban / tesseract: WER {_fmt(t['wer_ratio'], '.2f')} (target <= {TARGET_WER_RATIO}), "
                  f"CPU {_fmt(t['cpu_ratio_batch'], '.2f')} a batch per process (target <= "
                  f"{TARGET_CPU_RATIO}), {_fmt(t['cpu_ratio_document'], '.2f')} a document per process, "
                  f"{_fmt(t['cpu_ratio'], '.2f')} a page per process "
                  f"({_fmt(t['cpu_ratio_no_startup'], '.2f')} without start-up); words vanban won "
                  f"{t['vanban_won_words']}, lost {t['vanban_lost_words']}")
        for s in others:
            if s != TESSERACT and TESSERACT in sides:
                print(f"   {LABELS[s]} / tesseract -l vie: WER {_fmt(ratio(t[s]['wer'], t[TESSERACT]['wer']), '.2f')}, "
                      f"CPU {_fmt(ratio(t[s]['cpu_per_page'], t[TESSERACT]['cpu_per_page']), '.2f')}")
    print(f"\nstart-up CPU per process (tiny image, median of {STARTUP_RUNS}): " +
          ", ".join(f"{s} {v:.2f} s" for s, v in record["startup_cpu_raw"].items()))
    print(f"others used {_fmt(record['others_cpu_share'], '.0%')} of the CPU during the run; "
          f"{record['seconds']:.0f} s wall in all")
    if record["verdicts"]:
        print("\nverdicts (all sets together):")
        for v in record["verdicts"]:
            print(f"   {v['target']}: {_fmt(v['value'], '.2f')} -> {'MET' if v['met'] else 'NOT MET'}")


def verdicts(all_records: list[dict[str, Any]], sides: list[str], startup: dict[str, float]) -> list[dict[str, Any]]:
    if VANBAN not in sides or TESSERACT not in sides or not all_records:
        return []
    t = totals(all_records, sides, startup)
    return [
        {"target": f"bag WER vanban / tesseract <= {TARGET_WER_RATIO}", "value": t["wer_ratio"],
         "met": t["wer_ratio"] is not None and t["wer_ratio"] <= TARGET_WER_RATIO},
        *({"target": f"CPU per page vanban / tesseract <= {TARGET_CPU_RATIO}, {label}",
           "value": t[key], "met": t[key] is not None and t[key] <= TARGET_CPU_RATIO}
          for key, label in (("cpu_ratio_batch", "a batch (the set's pages) per process, as workers read"),
                             ("cpu_ratio_document", "a document's pages per process"))),
        {"target": f"CPU per page vanban / tesseract <= {TARGET_CPU_RATIO}, one process per page image "
                   "(start-up paid on every page)", "value": t["cpu_ratio"],
         "met": t["cpu_ratio"] is not None and t["cpu_ratio"] <= TARGET_CPU_RATIO},
    ]


DESCRIPTIONS = {
    "A": "Lào Cai pages, 150 dpi, per document against the doc-level reference",
    "B150": "born-digital signed PDFs rendered at 150 dpi, per page against pdftotext -layout",
    "B300": "born-digital signed PDFs rendered at 300 dpi, per page against pdftotext -layout",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="vanban text vs plain tesseract on real pages: bag WER, CER, CPU.")
    parser.add_argument("--sets", default="A,B150,B300", help="comma-separated among A, B150, B300 (default all)")
    parser.add_argument("--quick", action="store_true",
                        help=f"a small subset: {', '.join(QUICK_LAOCAI)} and {len(QUICK_SIGNED)} signed pages")
    parser.add_argument("--with-script-viet", action="store_true",
                        help="also tesseract -l Vietnamese (apt-get install tesseract-ocr-script-viet)")
    parser.add_argument("--realdocs", type=Path, help="the realdocs folder (default ../shared/realdocs)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"numbers saved here (default {RESULTS})")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep each side's page texts (and renders) here")
    args = parser.parse_args(argv)

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = set(sets) - set(DESCRIPTIONS)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        log("tesseract and poppler-utils are needed: run `make system`")
        return 1
    sides = [VANBAN, TESSERACT]
    if args.with_script_viet:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        if not {"Vietnamese", "script/Vietnamese"} & set(langs):
            log("no script/Vietnamese model: apt-get install tesseract-ocr-script-viet")
            return 1
        sides.append(SCRIPT)

    work = Path(tempfile.mkdtemp(prefix="vanban-bench-ocr-real-"))
    keep = args.keep
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        realdocs = find_realdocs(args.realdocs)
        render_dir = keep or work
        plan: dict[str, list[Item]] = {}
        for name in sets:
            if name == "A":
                plan[name] = laocai_items(realdocs / "scans", args.quick)
            else:
                plan[name] = signed_items(realdocs / "signed", int(name[1:]), render_dir, args.quick)
        if not any(plan.values()):
            raise BenchError("no pages to measure")
        first_png = next(item.pngs[0] for items in plan.values() for item in items)
        log("warm-up (imports, models, lexicon cache) ...")
        for side in sides:
            cmd, env = side_command(side, first_png)
            run_child(cmd, env, work / f"warmup-{side}.txt")
        log("start-up cost ...")
        startup_raw = measure_startup(first_png, sides, work)
        # the fixed cost vanban adds over a Tesseract process (which pays its own model load per page too)
        base = startup_raw.get(TESSERACT, 0.0)
        startup = {side: max(0.0, startup_raw[side] - base) for side in sides}
        probe = ForeignCpu()
        record_sets: dict[str, Any] = {}
        all_records: list[dict[str, Any]] = []
        for name, items in plan.items():
            log(f"set {name}: {sum(len(i.pngs) for i in items)} pages ...")
            run_items(items, sides, work, keep)
            for mode in GROUPINGS:
                log(f"set {name}: pages again, a {mode} per process ...")
                run_grouped(items, sides, work, mode)
            records = [score_item(item, sides) for item in items]
            all_records += records
            record_sets[name] = {"description": DESCRIPTIONS[name], "items": records,
                                 "totals": totals(records, sides, startup)}
        record: dict[str, Any] = {
            "benchmark": "ocr_real",
            "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "code": code_state(),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "tesseract": subprocess.run(["tesseract", "--version"], capture_output=True, text=True
                                        ).stdout.splitlines()[0],
            "quick": args.quick, "sides": sides, "excluded": EXCLUDED,
            "startup_cpu_raw": {s: round(v, 3) for s, v in startup_raw.items()},
            "startup_cpu_over_tesseract": {s: round(v, 3) for s, v in startup.items()},
            "others_cpu_share": probe.share(),
            "sets": record_sets,
            "all": totals(all_records, sides, startup),
            "verdicts": verdicts(all_records, sides, startup),
        }
        record["seconds"] = time.perf_counter() - started
        print_report(record, sides)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        log(f"\nnumbers saved to {args.json}")
        return 0
    except BenchError as exc:
        log(f"benchmark cannot run: {exc}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
