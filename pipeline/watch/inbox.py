"""What is in the inbox, and which entries are ready to take.

Names are read as bytes (`os.scandir` on a bytes path): a file called
`b\\xe1o-c\\xe1o.pdf` by an old Windows share is an entry like any other,
not a crash of the watcher. An entry is ready when it is complete:

- its size and mtime stood still for the settle time AND it opens as its
  kind (`ingest.identify.looks_complete`), or
- it was complete the first time it was seen and last written more than the
  settle time ago: a file renamed into place (a rename keeps the mtime) or
  left there before the watcher started is taken at once.

A file that stands still but never looks complete (a PDF cut short) is taken
after `stuck_after` seconds anyway, so the reader can quarantine it with its
reason instead of it sitting in the inbox forever.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.ingest.identify import looks_complete

# Names that are a writer's work in progress, never a document: hidden files (rsync's `.name.XXXXXX`,
# Samba's and editors' temporaries), Office's lock files `~$name.docx`, browsers' and download
# managers' partial files. The writer renames them into place when done, which counts at once.
_PARTIAL_SUFFIXES = (b".part", b".partial", b".crdownload", b".download", b".tmp", b".temp", b"~", b".swp")


def ignored(name: bytes) -> bool:
    """A name the watcher never takes (a temporary of a writer still at work)."""
    return name.startswith((b".", b"~$")) or name.lower().endswith(_PARTIAL_SUFFIXES)


class EntryKind(StrEnum):
    FILE = "file"
    SYMLINK = "symlink"
    FOLDER = "folder"
    OTHER = "other"  # a FIFO, socket or device: never opened (opening a FIFO would block the watcher)


@dataclass(frozen=True)
class Entry:
    """One inbox entry: its name as bytes and what it is."""

    name: bytes
    path: Path
    kind: EntryKind
    size: int
    mtime_ns: int

    @property
    def display(self) -> str:
        return os.fsencode(self.name).decode("utf-8", "backslashreplace")


def scan(inbox: Path) -> list[Entry]:
    """The inbox's top-level entries (not followed into folders or through links), ignored names left out."""
    entries = []
    try:
        iterator = os.scandir(os.fsencode(inbox))
    except FileNotFoundError:
        return []
    with iterator:
        for item in iterator:
            if ignored(item.name):
                continue
            try:
                info = item.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # gone between listing and stat
            mode = info.st_mode
            kind = (EntryKind.SYMLINK if stat.S_ISLNK(mode) else EntryKind.FILE if stat.S_ISREG(mode)
                    else EntryKind.FOLDER if stat.S_ISDIR(mode) else EntryKind.OTHER)
            entries.append(Entry(item.name, Path(os.fsdecode(item.path)), kind, info.st_size, info.st_mtime_ns))
    return entries


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # monotonic time this (size, mtime) was first seen
    first: bool = True


@dataclass
class Settler:
    """Follows inbox entries from scan to scan and says which are complete."""

    settle: float = 2.0
    stuck_after: float = 60.0
    _seen: dict[bytes, _Seen] = field(default_factory=dict)

    def update(self, entries: list[Entry], now: float | None = None,
               wall: float | None = None) -> tuple[list[Entry], int]:
        """The entries ready to take, and how many others are still settling."""
        now = time.monotonic() if now is None else now
        wall = time.time() if wall is None else wall
        present = {e.name for e in entries}
        for name in list(self._seen):
            if name not in present:
                del self._seen[name]
        ready, waiting = [], 0
        for entry in entries:
            seen = self._seen.get(entry.name)
            if seen is None or (seen.size, seen.mtime_ns) != (entry.size, entry.mtime_ns):
                first = seen is None
                seen = self._seen[entry.name] = _Seen(entry.size, entry.mtime_ns, now, first=first)
            else:
                seen.first = False
            if self._is_ready(entry, seen, now, wall):
                ready.append(entry)
            else:
                waiting += 1
        return ready, waiting

    def forget(self, name: bytes) -> None:
        self._seen.pop(name, None)

    def _is_ready(self, entry: Entry, seen: _Seen, now: float, wall: float) -> bool:
        if entry.kind is not EntryKind.FILE:
            return now - seen.since >= self.settle or wall - entry.mtime_ns / 1e9 >= self.settle
        stood_still = now - seen.since >= self.settle
        renamed_in = seen.first and wall - entry.mtime_ns / 1e9 >= self.settle
        if not (stood_still or renamed_in):
            return False
        return looks_complete(entry.path) or now - seen.since >= self.stuck_after
