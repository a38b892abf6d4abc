"""Write a file atomically: a temp file in the same directory, then rename; owner, mode and xattrs survive.

Nothing is ever lost: a target that is not a regular file (a device, FIFO, socket or directory) is
refused, a file that changed since it was read is refused, a file whose extended attributes (POSIX
ACLs live there) cannot be carried over is refused, and a signal that ends the write leaves no temp
file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from types import FrameType

# Signals that end a command-line run; a write in progress cleans up before the process ends.
_ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


class WriteRefused(OSError):
    """Writing would lose something; ``strerror`` says what, for the user."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, path)


def write_atomically(path: str, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new one, never half of it.

    ``expected`` is the content the caller read and changed: when the file holds anything else
    right before the rename (someone edited it meanwhile), nothing is written.  An existing file's
    owner, group, mode (setuid/setgid/sticky included) and extended attributes carry over to the new
    one; a new file gets the umask's usual mode.  Raises ``OSError`` with nothing changed on failure.
    """
    # Follow a symlink: replace what it points at (the temp file must live on that file's filesystem).
    path = os.path.realpath(path)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    if old is not None:
        _refuse_special(path, old.st_mode)
    elif expected is not None:
        raise WriteRefused(path, "was removed after it was read; not written")
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".ftpconf-tmp", dir=os.path.dirname(path))
    with _or_removed(temp):
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if old is not None:
            _copy_metadata(path, temp, old)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        if expected is not None:
            _refuse_changed(path, expected)
        os.replace(temp, path)


def link_atomically(path: str, target: str) -> None:
    """Make ``path`` a symlink to ``target`` in one rename (a device, FIFO, socket or directory is refused)."""
    with contextlib.suppress(FileNotFoundError):
        _refuse_special(path, os.lstat(path).st_mode)
    temp = f"{path}.ftpconf-tmp"
    with _or_removed(temp):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        os.symlink(target, temp)
        os.replace(temp, path)


@contextlib.contextmanager
def _or_removed(temp: str) -> Iterator[None]:
    """The steps that make ``temp`` and rename it into place; if any fails, or a signal ends the run, ``temp``
    is removed and the error goes on."""
    try:
        with _signals_unwind():
            yield
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _refuse_special(path: str, mode: int) -> None:
    for is_kind, kind in _FILE_KINDS:
        if is_kind(mode):
            raise WriteRefused(path, f"is {kind}, not a regular file; not replaced")


def _refuse_changed(path: str, expected: bytes) -> None:
    try:
        with open(path, "rb") as handle:
            now = handle.read(len(expected) + 1)
    except FileNotFoundError:
        raise WriteRefused(path, "was removed after it was read; not written") from None
    if now != expected:
        raise WriteRefused(path, "changed after it was read (edited meanwhile?); not written, run again")


def _copy_metadata(source: str, temp: str, old: os.stat_result) -> None:
    # Owner first: chown() clears setuid/setgid, so the mode is set after it.
    if hasattr(os, "chown"):
        # Not ours to give away when unprivileged; the mode still carries over.
        with contextlib.suppress(PermissionError):
            os.chown(temp, old.st_uid, old.st_gid)
    _copy_xattrs(source, temp)
    os.chmod(temp, stat.S_IMODE(old.st_mode))


def _copy_xattrs(source: str, temp: str) -> None:
    """Every extended attribute (POSIX ACLs, capabilities, labels) or a refusal: never a silent drop."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.ENOSYS):
            return  # a filesystem without xattrs has none to lose
        raise
    for name in names:
        value = os.getxattr(source, name)
        with contextlib.suppress(OSError):
            if os.getxattr(temp, name) == value:
                continue  # already there (an inherited default ACL, the directory's label)
        try:
            os.setxattr(temp, name, value)
        except OSError as exc:
            raise WriteRefused(
                source, f"its extended attribute {name} cannot be kept ({exc.strerror or exc}); not written"
            ) from None


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """SIGTERM/SIGHUP raise SystemExit here, so the caller's cleanup runs before the process ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in _ENDING_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:  # someone else's handler is theirs to keep
            previous[signum] = signal.signal(signum, _exit_on_signal)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
