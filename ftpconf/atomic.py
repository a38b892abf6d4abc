"""Write a file atomically: a temp file in the same directory, then rename; owner and mode survive."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new one, never half of it.

    An existing file's mode and (when we may) owner and group carry over to the new one.  A new
    file gets the umask's usual mode.  Raises ``OSError`` with nothing changed on failure.
    """
    # Follow a symlink: replace what it points at (the temp file must live on that file's filesystem).
    path = os.path.realpath(path)
    directory = os.path.dirname(path)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".ftpconf-tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if old is not None:
            os.chmod(temp, stat.S_IMODE(old.st_mode))
            if hasattr(os, "chown"):
                # Not ours to give away when unprivileged; the mode still carries over.
                with contextlib.suppress(PermissionError):
                    os.chown(temp, old.st_uid, old.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
