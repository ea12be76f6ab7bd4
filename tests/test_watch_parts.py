"""The watcher's parts on their own: which mounts are polled, when a file counts as complete, where files
move, and what `vanban status` tells."""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline.ingest.identify import looks_complete
from pipeline.run.ledger import Ledger
from pipeline.watch.fs import fs_type, move_out, needs_polling, write_json_durably
from pipeline.watch.inbox import EntryKind, Settler, ignored, scan
from pipeline.watch.status import status_lines
from tests.conftest import REPO, SAMPLES, SEED_PDF
from tests.watch_support import outputs_of

# Lines as the kernel writes them (proc(5)); a share mounted from a Windows server, an NFS export, an SSHFS
# mount and WSL's 9p drive, over a local ext4 root.
MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /srv/scan\\040inbox rw,relatime shared:2 - cifs //fileserver/scan rw,vers=3.1.1
31 22 0:41 / /mnt/nfs rw,relatime shared:3 - nfs4 fs:/export rw
32 22 0:42 / /home/clerk/remote rw,nosuid shared:4 - fuse.sshfs clerk@host:/in rw
33 22 0:43 / /mnt/c rw,noatime shared:5 - 9p drvfs rw
34 22 0:44 / /tmp rw shared:6 - tmpfs tmpfs rw
"""


def test_network_mounts_are_polled_local_ones_are_not(tmp_path):
    info = tmp_path / "mountinfo"
    info.write_text(MOUNTINFO)
    assert fs_type(tmp_path / "x", info) == "tmpfs"
    for inbox, kind in [("/srv/scan inbox/in", "cifs"), ("/mnt/nfs/a", "nfs4"), ("/home/clerk/remote", "fuse.sshfs"),
                        ("/mnt/c/Users/scan", "9p")]:
        assert fs_type(inbox, info) == kind
        assert needs_polling(inbox, info), inbox
    assert not needs_polling("/srv/other", info)
    assert not needs_polling("/srv/scan inboxes", info)  # a sibling whose name starts the same is not inside


def test_a_pdf_cut_short_is_not_complete_a_whole_one_is(tmp_path):
    data = SEED_PDF.read_bytes()
    part = tmp_path / "part.pdf"
    part.write_bytes(data[: len(data) // 2])
    assert not looks_complete(part)
    part.write_bytes(data)
    assert looks_complete(part)
    docx = (SAMPLES / "reports" / "seed" / "tcpc_47-BC-TCPC.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(docx[:-100])  # the ZIP's central directory is at its end
    assert not looks_complete(cut)


def test_settle_waits_for_still_files_and_takes_renamed_ones_at_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = SEED_PDF.read_bytes()
    growing = inbox / "dang-ghi.pdf"
    growing.write_bytes(data[:1000])
    os.utime(growing, ns=(10**18, 10**18))  # written "now" in the settler's clock below
    settler = Settler(settle=2.0, stuck_after=60.0)
    wall = 10**9 + 0.5
    ready, waiting = settler.update(scan(inbox), now=0.0, wall=wall)
    assert (ready, waiting) == ([], 1)
    ready, _ = settler.update(scan(inbox), now=5.0, wall=wall + 5)
    assert ready == [], "still for 5 s, but a PDF without its trailer is not complete"
    growing.write_bytes(data)
    os.utime(growing, ns=(10**18 + 6 * 10**9, 10**18 + 6 * 10**9))
    assert settler.update(scan(inbox), now=6.0, wall=wall + 6)[0] == []  # changed: the settle time starts again
    assert [e.name for e in settler.update(scan(inbox), now=8.5, wall=wall + 8.5)[0]] == [b"dang-ghi.pdf"]

    renamed = inbox / "doi-ten.pdf"  # written elsewhere long ago, renamed into the inbox: mtime is old
    renamed.write_bytes(data)
    os.utime(renamed, ns=(10**17, 10**17))
    fresh = Settler(settle=2.0)
    assert b"doi-ten.pdf" in [e.name for e in fresh.update(scan(inbox), now=100.0, wall=wall + 9)[0]]


def test_temporary_names_are_ignored_and_entries_are_read_as_bytes(tmp_path):
    for name in (b".~lock.bao-cao.docx#", b"~$bao-cao.docx", b"bao-cao.pdf.part", b".bao-cao.pdf.Xa81Qz",
                 b"download.crdownload"):
        assert ignored(name), name
    assert not ignored(b"b\xe1o-c\xe1o.pdf")
    odd = os.fsencode(tmp_path) + b"/b\xe1o\nc\xe1o.pdf"
    with open(odd, "wb") as handle:
        handle.write(b"%PDF-1.4")
    os.symlink("/etc/hostname", tmp_path / "link.pdf")
    kinds = {e.name: e.kind for e in scan(tmp_path)}
    assert kinds == {b"b\xe1o\nc\xe1o.pdf": EntryKind.FILE, b"link.pdf": EntryKind.SYMLINK}


def test_moves_keep_both_files_when_a_name_is_taken(tmp_path):
    inbox, folder = tmp_path / "inbox", tmp_path / "processed"
    inbox.mkdir()
    for _ in range(2):
        (inbox / "bao-cao.pdf").write_bytes(b"x")
        move_out(inbox / "bao-cao.pdf", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao (2).pdf", "bao-cao.pdf"]
    write_json_durably(folder / "note.json", {"ok": True})
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_status_names_counts_the_oldest_waiting_file_and_the_last_errors(tmp_path):
    ledger = Ledger.open(tmp_path)
    try:
        ledger.record_arrival("a" * 64, "cho-doc.pdf", "/in/cho-doc.pdf")
        ledger.record_arrival("b" * 64, "hong.pdf", "/in/hong.pdf")
        ledger.claim("b" * 64, "hong.pdf", "/in/hong.pdf")
        ledger.fail("b" * 64, "bad_input", "cannot open the PDF", final=True)
        lines = status_lines(ledger)
    finally:
        ledger.close()
    text = "\n".join(lines)
    assert "received 1" in text and "quarantined 1" in text
    assert "oldest waiting: cho-doc.pdf" in text
    assert "hong.pdf: quarantined (bad_input) cannot open the PDF" in text
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "status", str(tmp_path)], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert result.returncode == 0 and "oldest waiting: cho-doc.pdf" in result.stdout, result.stderr


def test_a_file_that_keeps_killing_the_reader_is_quarantined_after_the_attempt_limit(tmp_path):
    """Left `processing` by a crash at every attempt (a reader killed by the kernel, say): on start-up the
    watcher quarantines it with the reason instead of trying it for ever."""
    from pipeline.ingest.identify import sha256_of
    from pipeline.run.ledger import MAX_ATTEMPTS
    from pipeline.watch.inflight import InFlight
    from pipeline.watch.service import WatchConfig, Watcher

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    killer = inbox / "gay-treo.pdf"
    killer.write_bytes(SEED_PDF.read_bytes())
    sha = sha256_of(killer)
    ledger = Ledger.open(out)
    try:
        ledger.record_arrival(sha, killer.name, str(killer))
        for _ in range(MAX_ATTEMPTS):  # each attempt's claim, then the crash: never finished, never failed
            ledger.claim(sha, killer.name, str(killer), force=True)
        InFlight(ledger.engine).take([(str(killer), sha)])

        def never(paths):  # noqa: ANN001, ANN202
            raise AssertionError(f"read again: {paths}")

        watcher = Watcher(WatchConfig(inbox=inbox, out=out, settle=0.0), ledger, never)
        watcher.recover()
        watcher.process(scan(inbox))
        assert ledger.document(sha).status == "quarantined"
    finally:
        ledger.close()
    import json

    note = json.loads((out / "quarantine" / "gay-treo.pdf.reason.json").read_text(encoding="utf-8"))
    assert note["error"] == "interrupted" and f"{MAX_ATTEMPTS} times" in note["reason"]
    assert not killer.exists() and (out / "quarantine" / "gay-treo.pdf").read_bytes() == SEED_PDF.read_bytes()


def test_serve_builds_a_deployment_on_the_cron_schedule_with_absolute_paths(tmp_path):
    """`vanban serve`: the deployment Prefect's scheduler runs (built, not registered: no server needed)."""
    from prefect.schedules import Cron

    from flows.schedule import DEPLOYMENT, deployment_parameters, scheduled_batch

    parameters = deployment_parameters("inbox", "out", None, None)
    deployment = scheduled_batch.to_deployment(name=DEPLOYMENT, schedules=[Cron("0 17 * * 1-5",
                                                                                  timezone="Asia/Ho_Chi_Minh")],
                                               parameters=parameters)
    assert deployment.schedules[0].schedule.cron == "0 17 * * 1-5"
    assert deployment.parameters == {"folder": os.path.abspath("inbox"), "out_dir": os.path.abspath("out")}
    assert deployment.entrypoint.endswith("flows/schedule.py:scheduled_batch")


def test_a_quarantined_file_put_back_is_read_again_a_read_one_is_a_duplicate(tmp_path):
    from pipeline.run.document import process_one
    from pipeline.watch.service import WatchConfig, Watcher
    from tests.conftest import need_realdocs
    from tests.watch_support import doc_bytes

    need_realdocs()
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    ledger = Ledger.open(out)
    read: list[str] = []

    def run_batch(paths):  # noqa: ANN001, ANN202
        read.extend(p.name for p in paths)
        return [process_one(str(p), str(out)) for p in paths]

    watcher = Watcher(WatchConfig(inbox=inbox, out=out, settle=0.0), ledger, run_batch)
    try:
        (inbox / "rong.txt").write_bytes(b"   \n")  # no text: quarantined
        (inbox / "bao-cao.txt").write_bytes(doc_bytes(7))
        watcher.process(scan(inbox))
        assert sorted(read) == ["bao-cao.txt", "rong.txt"]
        os.rename(out / "quarantine" / "rong.txt", inbox / "rong.txt")  # put back
        (inbox / "ban-sao.txt").write_bytes(doc_bytes(7))
        watcher.process(scan(inbox))
        assert sorted(read) == ["bao-cao.txt", "rong.txt", "rong.txt"]
        assert list((out / "processed").glob("*/ban-sao.txt.duplicate.json"))
        (inbox / "bao-cao.txt").write_bytes(doc_bytes(7))  # the same name and bytes again, a day later
        watcher.process(scan(inbox))
        assert sorted(read) == ["bao-cao.txt", "rong.txt", "rong.txt"], "a duplicate, not read again"
        assert list((out / "processed").glob("*/bao-cao (2).txt.duplicate.json"))
    finally:
        ledger.close()
    assert sorted(outputs_of(out)["quarantine"]) == [b"rong.txt"]
    assert sorted(outputs_of(out)["processed"]) == [b"ban-sao.txt", b"bao-cao (2).txt", b"bao-cao.txt"]


def test_a_ledger_that_cannot_be_written_fails_the_pass_not_the_watcher(tmp_path, monkeypatch):
    """The output disk filling up during a batch made SQLite answer "disk I/O error" and stopped the
    watcher (seen in CI); the pass fails instead, the file stays in the inbox and is read on the next."""
    import sqlite3

    import sqlalchemy as sa

    from pipeline.run.document import process_one
    from pipeline.watch.service import WatchConfig, Watcher
    from tests.watch_support import doc_bytes

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    ledger = Ledger.open(out)
    watcher = Watcher(WatchConfig(inbox=inbox, out=out, settle=0.0), ledger,
                      lambda paths: [process_one(str(p), str(out)) for p in paths])
    record_arrival, failures = ledger.record_arrival, []

    def disk_full_once(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if not failures:
            failures.append(1)
            raise sa.exc.OperationalError("INSERT INTO documents", {}, sqlite3.OperationalError("disk I/O error"))
        return record_arrival(*args, **kwargs)

    monkeypatch.setattr(ledger, "record_arrival", disk_full_once)
    try:
        (inbox / "bao-cao.txt").write_bytes(doc_bytes(7))
        assert watcher.process(scan(inbox)) is False
        assert sorted(os.listdir(inbox)) == ["bao-cao.txt"]  # nothing lost, nothing moved
        assert watcher.process(scan(inbox)) is True
    finally:
        ledger.close()
    assert not os.listdir(inbox) and outputs_of(out)["processed"] == [b"bao-cao.txt"]
