"""The batch defects found when `vanban run` was tried as a new user would (issue 11, item 6), each by its effect.

One folder holds them all, read by one `vanban run --workers 1` whose output
goes to pipes (as `vanban run … | tee log` does): two PDFs (pdfium from two
threads aborted the process), a name that is not UTF-8 (Prefect could not
encode it), a real PDF named `.doc` and one with no extension (skipped
without a word), a file that is no document (skipped without a word), and
two broken files of one name in two folders (one quarantine copy overwrote
the other).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import EXIT_NOT_FOUND, EXIT_PARTIAL
from pipeline.run.document import Outcome
from pipeline.run.summary import write_summary
from tests import bad_inputs
from tests.conftest import SAMPLES, SEED_PDF

VANBAN = [sys.executable, "-m", "pipeline.cli"]
QUANGTRI = SAMPLES / "plans" / "quangtri_86-KH-UBND.pdf"
NOT_UTF8 = os.fsdecode(b"b\xe1o c\xe1o.pdf")  # "báo cáo.pdf" as a Windows-1258 machine writes it


def vanban(*args: str) -> subprocess.CompletedProcess:
    """`vanban …` with its output on pipes; returns only when every process holding them has let go."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*VANBAN, *args], capture_output=True, text=True, timeout=400, env=env)


def _notes(out: Path) -> dict[str, dict]:
    return {note["file"]: note for note in (json.loads(p.read_text(encoding="utf-8"))
                                            for p in (out / "quarantine").glob("*.reason.json"))}


def test_a_folder_of_troubles_read_by_one_batch(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "a").mkdir(parents=True)
    (inbox / "b").mkdir()
    shutil.copy(SEED_PDF, inbox / "a" / "Kế hoạch 19.pdf")
    shutil.copy(QUANGTRI, inbox / "b" / QUANGTRI.name)
    shutil.copy(SEED_PDF, inbox / NOT_UTF8)
    shutil.copy(QUANGTRI, inbox / "ke-hoach.doc")
    shutil.copy(SEED_PDF, inbox / "ke-hoach-khong-duoi")
    junk = bad_inputs.binary_junk(inbox)
    junk = junk.rename(inbox / "ghi-chu.bin")
    broken = [bad_inputs.corrupt_pdf(inbox / "a"), bad_inputs.corrupt_pdf(inbox / "b")]
    out = tmp_path / "out"

    first = vanban("run", str(inbox), "--out", str(out), "--workers", "1")
    assert first.returncode == EXIT_PARTIAL, first.stderr
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    read = sorted(Path(d["file"]).name for d in manifest["documents"])
    assert read == sorted([QUANGTRI.name, "Kế hoạch 19.pdf", "b\\xe1o c\\xe1o.pdf", "ke-hoach-khong-duoi",
                           "ke-hoach.doc"])
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        numbers = {(row["file"], row["number"]) for row in csv.DictReader(fh)}
    assert ("b\\xe1o c\\xe1o.pdf", "19/KH-SVHTTDL") in numbers and ("ke-hoach.doc", "86/KH-UBND") in numbers
    notes = _notes(out)
    assert notes[str(junk)]["error"] == "unsupported_format"
    assert {notes[str(p)]["error"] for p in broken} == {"bad_input"}
    copies = [p for p in (out / "quarantine").iterdir() if not p.name.endswith(".reason.json")]
    assert len(copies) == 3  # the two corrupt.pdf files kept apart, and the junk

    shutil.copy(SEED_PDF, broken[0])  # the sender sends the file again, readable this time
    second = vanban("run", str(inbox), "--out", str(out), "--workers", "1")
    assert second.returncode == EXIT_PARTIAL, second.stderr
    notes = _notes(out)
    assert str(broken[0]) not in notes and str(broken[1]) in notes
    assert len([p for p in (out / "quarantine").iterdir() if not p.name.endswith(".reason.json")]) == 2
    assert "6 of 8 documents extracted (6 from cache), 2 failed" in second.stderr


def test_a_missing_path_or_an_all_failed_batch_is_not_success(tmp_path):
    missing = vanban("run", str(tmp_path / "no-such-folder"), "--out", str(tmp_path / "out"))
    assert missing.returncode == EXIT_NOT_FOUND and "not found" in missing.stderr


def test_outputs_are_replaced_whole(tmp_path, seed_document, monkeypatch):
    """A write that dies half-way (a kill, a full disk) leaves the previous summary.csv, not a truncated one."""
    outcomes = [Outcome(str(SEED_PDF), document=seed_document)]
    write_summary(tmp_path, outcomes)
    before = {name: (tmp_path / name).read_bytes() for name in ("summary.csv", "run.json", "failures.json")}

    def dies_half_way(self, rows):  # noqa: ANN001
        self.writerow(next(iter(rows)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv.DictWriter, "writerows", dies_half_way)
    with pytest.raises(OSError, match="No space"):
        write_summary(tmp_path, outcomes + [Outcome("/inbox/x.pdf", error_kind="bad_input", reason="broken")])
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no temporary file left


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_a_killed_batch_leaves_no_server_or_worker_behind(tmp_path):
    """SIGKILL `vanban run` while its Prefect server and Dask workers run: they go too (they held 600 MB)."""
    import psutil

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(4):
        shutil.copy(QUANGTRI if i % 2 else SEED_PDF, inbox / f"{i}.pdf")
    (inbox / "1.pdf").write_bytes((inbox / "1.pdf").read_bytes() + b"\n% another copy\n")
    batch = subprocess.Popen([*VANBAN, "run", str(inbox), "--out", str(tmp_path / "out"), "--workers", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and batch.poll() is None:
        helpers = _descendants(batch.pid)
        commands = [" ".join(psutil.Process(p).cmdline()) for p in helpers if psutil.pid_exists(p)]
        if any("uvicorn" in c for c in commands) and sum("multiprocessing" in c for c in commands) >= 2:
            break
        time.sleep(0.2)
    assert batch.poll() is None, "the batch ended before its server and workers were seen"
    helpers = _descendants(batch.pid)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
                                                 for p in helpers):
        time.sleep(0.2)
    left = [p for p in helpers if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
    assert not left, f"left running after the batch was killed: {left}"


def test_exit_codes_tell_a_partial_batch_from_an_all_failed_one():
    from pipeline.errors import EXIT_ALL_FAILED, batch_exit_code, exit_code

    assert batch_exit_code([None, None]) == 0
    assert batch_exit_code([None, "encrypted"]) == EXIT_PARTIAL
    assert batch_exit_code(["encrypted"]) == exit_code("encrypted") == 8
    assert batch_exit_code(["encrypted", "bad_input"]) == EXIT_ALL_FAILED
    assert batch_exit_code([None], missing_inputs=True) == EXIT_NOT_FOUND
    assert len({exit_code(k) for k in ("bad_input", "unsupported_format", "ocr_failed", "timeout", "encrypted",
                                        "too_large", "worker_crashed")}) == 7
