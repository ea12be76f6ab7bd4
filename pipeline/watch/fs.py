"""File-system facts and moves the watcher relies on: mount types, durable writes, moves out of the inbox.

Nothing leaves the inbox before what replaces it is on disk: a note is
written under a temporary name, flushed (fsync), renamed, and its folder
flushed, and only then is the original renamed out of the inbox. On one
file system a rename is atomic, so after a crash a file is either still in
the inbox or in its new folder, never in both or neither.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from pathlib import Path

# File systems whose changes made on another machine raise no inotify event here: a share mounted from a
# file server (NFS, SMB/CIFS), SSHFS and other FUSE mounts, and 9p (WSL's and VMs' shared folders). On these
# the watcher polls. The names are the `fstype` field of /proc/self/mountinfo (proc(5)).
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "fuse.rclone", "fuse.gvfsd-fuse",
    "fuse.s3fs", "afs", "ncpfs", "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "davfs", "fuse.davfs2",
    "virtiofs", "vboxsf", "fuse.vmhgfs-fuse",
})


def _unescape_mount_path(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash in paths as octal escapes (\\040 …)."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1:index + 4].isdigit():
            out.append(chr(int(field[index + 1:index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def fs_type(path: Path, mountinfo: Path = Path("/proc/self/mountinfo")) -> str | None:
    """The type of the file system holding `path` (the longest mount point above it), or None if unknown."""
    try:
        lines = mountinfo.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best: tuple[int, str] | None = None
    for line in lines:
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5 or not right.split():
            continue
        mount_point = _unescape_mount_path(fields[4])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), right.split()[0])
    return best[1] if best else None


def needs_polling(path: Path, mountinfo: Path = Path("/proc/self/mountinfo")) -> bool:
    """True on a network or shared mount, where file events from other machines never arrive."""
    kind = fs_type(path, mountinfo)
    return kind is not None and kind in NETWORK_FS_TYPES


def printable(name: str | bytes | os.PathLike[str]) -> str:
    """A name for notes, logs and the ledger: bytes that are not UTF-8 written as \\xNN escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (the folder's entry list is data too)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(target: Path, data: bytes) -> None:
    """`target` holds `data` or its old content after any crash: temporary name, fsync, rename, fsync folder."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_dir(target.parent)


def write_json_durably(target: Path, payload: dict[str, object]) -> None:
    write_durably(target, json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))


def free_name(folder: Path, name: bytes) -> Path:
    """`folder/name`, or `name` with ` (2)`, ` (3)` … before its suffix when taken (as a file manager does)."""
    candidate = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    stem, dot, suffix = name.rpartition(b".") if b"." in name.lstrip(b".") else (name, b"", b"")
    number = 2
    while os.path.lexists(candidate):
        numbered = stem + f" ({number})".encode() + dot + suffix
        candidate = Path(os.fsdecode(os.path.join(os.fsencode(folder), numbered)))
        number += 1
    return candidate


def move_out(source: Path, folder: Path, name: bytes | None = None, *, replace: Path | None = None) -> Path:
    """Move `source` into `folder` (under its own name, or a free variant) and make the move durable.

    `replace`: a path in `folder` to overwrite (a copy made earlier is replaced by the original itself).
    On one file system this is a rename: atomic. Across file systems (an output folder on another disk)
    the file is copied under a temporary name, flushed and renamed into place before the original is
    removed, so a crash leaves it in the inbox, to be moved again, never lost.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = replace if replace is not None else free_name(folder, name or os.fsencode(source.name))
    try:
        os.rename(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        temporary = target.with_name(f".{os.fsencode(target.name)[:200].decode('utf-8', 'replace')}.moving")
        if source.is_symlink():
            os.symlink(os.readlink(source), temporary)
        elif source.is_dir():
            shutil.copytree(source, temporary, symlinks=True)
        else:
            shutil.copy2(source, temporary, follow_symlinks=False)
            with open(temporary, "rb") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
        fsync_dir(folder)
        if source.is_dir() and not source.is_symlink():
            shutil.rmtree(source)
        else:
            os.unlink(source)
    fsync_dir(folder)
    fsync_dir(source.parent)
    return target


def inside(child: Path, parent: Path) -> bool:
    """True when `child` is `parent` or lies under it (both resolved: links and `..` followed)."""
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents
