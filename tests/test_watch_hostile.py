"""Acceptance of issue 12, hostile input: each bad entry dropped into a running watcher is quarantined with
a clear reason (`<name>.reason.json`), the watcher keeps running, and the next good file is processed.

One watcher serves the whole test (in this process, so the safety limits can be lowered to small files);
its batches are run by `process_one`, the unit of work the batch flow runs, so a reason here is the
reason `vanban run` gives for the same file.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import threading
import zlib
from pathlib import Path

import pytest

from pipeline.ingest import identify as identify_module
from pipeline.ingest import pdf as pdf_module
from pipeline.run.document import process_one
from pipeline.run.ledger import Ledger
from pipeline.watch.service import WatchConfig, Watcher
from tests import bad_inputs
from tests.conftest import REALDOCS, SAMPLES, SEED_PDF, need_realdocs
from tests.watch_support import doc_bytes, drop, inbox_names, outputs_of, wait_until

SCAN_PAGE = REALDOCS / "scans" / "LC_KH-1105-DKT_page01.png"
LEGACY_TEXT = REALDOCS / "scans" / "LC_QD-1050-SCT_page04.textlayer_BROKEN.txt"  # the highest-scoring one: 0.61


def _png(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` (pixels need not follow: the header is all a bomb is)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = zlib.compress(b"\x00\xff" * height if width == 1 else b"\x00" * 16)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


class Running:
    """A watcher on `inbox` in a thread of this process, stopped at the end of the test."""

    def __init__(self, inbox: Path, out: Path, **config: object) -> None:
        self.inbox, self.out = inbox, out
        self.ledger = Ledger.open(out)
        self.watcher = Watcher(WatchConfig(inbox=inbox, out=out, settle=0.2, stuck_after=2.0, **config),
                               self.ledger, lambda paths: [process_one(str(p), str(out)) for p in paths])
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.watcher.run()
        except BaseException as exc:  # noqa: BLE001 - reported by alive()
            self.error = exc

    def alive(self) -> bool:
        assert self.error is None, f"the watcher stopped: {self.error!r}"
        return self.thread.is_alive()

    def close(self) -> None:
        self.watcher.request_stop()
        self.thread.join(timeout=60)
        assert not self.thread.is_alive(), "the watcher did not stop when asked"
        self.ledger.close()


def _reason(out: Path, name: bytes) -> dict[str, object]:
    note = Path(os.fsdecode(os.fsencode(out / "quarantine") + b"/" + name + b".reason.json"))
    return json.loads(note.read_text(encoding="utf-8"))


def test_each_hostile_input_is_quarantined_with_its_reason_and_the_service_goes_on(tmp_path, monkeypatch,
                                                                                   no_tesseract_models):
    need_realdocs()
    monkeypatch.setattr(identify_module, "MAX_FILE_BYTES", SCAN_PAGE.stat().st_size - 1)  # one byte too many
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 1)                   # the seed plan has more pages
    monkeypatch.setattr(identify_module, "MAX_DOCX_UNCOMPRESSED", 20_000)  # the sample DOCX expands past it
    inbox, out, outside = tmp_path / "inbox", tmp_path / "out", tmp_path / "outside"
    for folder in (inbox, outside):
        folder.mkdir()
    (outside / "secret.txt").write_bytes(doc_bytes(99))
    small_scan = tmp_path / "small-scan.png"
    from PIL import Image

    with Image.open(SCAN_PAGE) as page:  # a real scanned page, kept under the lowered size limit
        page.convert("L").resize((620, 877)).save(small_scan)

    hostile: dict[bytes, str] = {  # entry name -> the error kind its reason must carry
        b"qua-lon.png": "too_large",
        b"nhieu-trang.pdf": "too_large",
        b"bom-giai-nen.png": "too_large",
        b"bom-zip.docx": "too_large",
        b"trang-web.pdf": "unsupported_format",
        b"trang-web.txt": "unsupported_format",
        b"mat-khau.pdf": "encrypted",
        b"rong.pdf": "empty",
        b"thu-muc": "bad_input",
        b"anh-1x1.png": "bad_input",
        b"ma-cu-tcvn3.txt": "bad_input",
        b"lien-ket-ra-ngoai.pdf": "unsafe_input",
        b"khong-tesseract.png": "ocr_failed",
    }
    drops = {
        b"qua-lon.png": SCAN_PAGE.read_bytes(),
        b"nhieu-trang.pdf": SEED_PDF.read_bytes(),
        b"bom-giai-nen.png": _png(100_000, 100_000),
        b"bom-zip.docx": (SAMPLES / "reports" / "seed" / "tcpc_47-BC-TCPC.docx").read_bytes(),
        b"trang-web.pdf": b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>\n",
        b"trang-web.txt": b"<html><body><p>K\xe1\xba\xbf ho\xe1\xba\xa1ch</p></body></html>",
        b"mat-khau.pdf": bad_inputs.encrypted_pdf(tmp_path).read_bytes(),
        b"rong.pdf": b"",
        b"anh-1x1.png": _png(1, 1),
        b"ma-cu-tcvn3.txt": LEGACY_TEXT.read_bytes(),
        b"khong-tesseract.png": small_scan.read_bytes(),
    }
    # good documents with names that once crashed a watcher: bytes that are not UTF-8, a newline, ../ look-alikes
    good = {b"b\xe1o-c\xe1o.txt": doc_bytes(1), b"bao\ncao.txt": doc_bytes(2), b"x..\\..\\etc.txt": doc_bytes(3)}

    running = Running(inbox, out)
    try:
        for name, data in {**drops, **good}.items():
            drop(inbox, name, data)
        (inbox / "thu-muc").mkdir()
        (inbox / "thu-muc" / "inside.txt").write_bytes(doc_bytes(4))
        os.symlink(outside / "secret.txt", inbox / "lien-ket-ra-ngoai.pdf")
        wait_until(lambda: running.alive() and not inbox_names(inbox), "every entry moved out of the inbox")

        placed = outputs_of(out)
        assert sorted(placed["quarantine"]) == sorted(hostile)
        assert sorted(placed["processed"]) == sorted(good)
        for name, kind in hostile.items():
            note = _reason(out, name)
            assert note["error"] == kind, (name, note)
            assert note["reason"], name
        assert "Tesseract is not installed" in _reason(out, b"khong-tesseract.png")["reason"]
        assert (outside / "secret.txt").read_bytes() == doc_bytes(99), "the link's target is never touched"
        assert not (tmp_path / "etc.txt").exists() and sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["inbox", "out", "outside", "small-scan.png", "encrypted.pdf"])

        # still running: the next good file is read
        drop(inbox, "sau-cung.txt", doc_bytes(5))
        wait_until(lambda: running.alive() and b"sau-cung.txt" in outputs_of(out)["processed"], "the next good file")
    finally:
        running.close()


def test_a_full_or_read_only_output_folder_keeps_files_in_the_inbox_until_it_can_be_written(tmp_path):
    """Disk full and a read-only output folder (a small tmpfs, remounted): nothing leaves the inbox, nothing
    is lost, the watcher keeps running and takes the files once the folder can be written again."""
    need_realdocs()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs for the full / read-only output folder")
    import subprocess

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(out)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    running = None
    try:
        running = Running(inbox, out)
        drop(inbox, "truoc.txt", doc_bytes(10))
        wait_until(lambda: running.alive() and b"truoc.txt" in outputs_of(out)["processed"], "the first file")

        filler = out / "filler"
        with open(filler, "wb") as handle:  # the disk is full
            try:
                while True:
                    handle.write(b"\0" * 65536)
            except OSError:
                pass
        drop(inbox, "khi-day.txt", doc_bytes(11))
        wait_until(lambda: running.alive() and running.watcher._unwritable_since is not None, "the full disk seen")
        assert inbox_names(inbox) == [b"khi-day.txt"]
        filler.unlink()
        wait_until(lambda: running.alive() and not inbox_names(inbox), "the file taken once there is room")

        # read-only: the folder bind-mounted on itself, that mount made read-only (the watcher's open files
        # belong to the mount below, so the remount is not refused as busy)
        subprocess.run(["mount", "--bind", str(out), str(out)], check=True)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(out)], check=True)
        drop(inbox, "chi-doc.txt", doc_bytes(12))
        wait_until(lambda: running.alive() and running.watcher._unwritable_since is not None, "the read-only folder seen")
        assert inbox_names(inbox) == [b"chi-doc.txt"]
        subprocess.run(["umount", str(out)], check=True)  # the bind mount goes: writable again
        wait_until(lambda: running.alive() and not inbox_names(inbox), "the file taken once writable again")
        assert sorted(outputs_of(out)["processed"]) == [b"chi-doc.txt", b"khi-day.txt", b"truoc.txt"]
    finally:
        if running is not None:
            running.close()
        subprocess.run(["umount", "-l", str(out)], capture_output=True)


def test_with_a_plan_and_roster_the_reconciliation_is_rewritten_after_each_batch(tmp_path):
    """The office's view stays current: each report dropped in appears in reconciliation.json (and its
    HTML and spreadsheet) after its batch, beside those read before."""
    from pipeline.watch.outputs import refresh_outputs

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    roster = SAMPLES / "rosters" / "seed_19-KH-SVHTTDL.yaml"
    ledger = Ledger.open(out)
    plan = process_one(SEED_PDF, out).document
    assert plan is not None
    watcher = Watcher(WatchConfig(inbox=inbox, out=out, settle=0.2), ledger,
                      lambda paths: [process_one(str(p), str(out)) for p in paths],
                      lambda: refresh_outputs(ledger, out, plan, str(SEED_PDF), str(roster)))
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()

    def received() -> set[str]:
        path = out / "reconciliation.json"
        if not path.is_file():
            return set()
        reports = json.loads(path.read_text(encoding="utf-8"))["reports"]
        return {r["file"] for r in reports if r["file"]}

    try:
        reports = sorted((SAMPLES / "reports" / "seed").glob("*.pdf"))[:2]
        for report in reports:
            drop(inbox, report.name, report.read_bytes())
            wait_until(lambda name=report.name: thread.is_alive() and any(name in f for f in received()),
                       f"{report.name} in the reconciliation")
        assert all(any(r.name in f for f in received()) for r in reports), "the first report is still there"
        assert (out / "reconciliation.html").is_file() and (out / "reconciliation.xlsx").is_file()
        assert ledger.latest_reconciliation(plan.sha256) is not None
    finally:
        watcher.request_stop()
        thread.join(timeout=60)
        ledger.close()
