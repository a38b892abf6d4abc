"""Bytes in, text that never fails to decode, and positions a human can find.

Configuration files are bytes: daemons compare and echo raw bytes, and files in the wild mix UTF-8,
latin-1 and GBK.  We decode UTF-8 with ``surrogateescape`` so that every byte survives the round trip
(``text.encode(ENCODING, ERRORS) == raw`` always holds) and columns count characters of the text.
"""

import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ftpconf.records import Record

ENCODING = "utf-8"
ERRORS = "surrogateescape"


class InputError(Exception):
    """An input that cannot be read at all (missing, a directory, unreadable): exit status 2."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class Span(Record):
    """A place in a source: 1-based line and column, ``end_column`` exclusive, on one line."""

    path: str
    line: int
    column: int = 1
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def decode(raw: bytes) -> str:
    return raw.decode(ENCODING, ERRORS)


def encode(text: str) -> bytes:
    return text.encode(ENCODING, ERRORS)


def printable(text: str) -> str:
    """Text as a daemon would echo it, with undecodable bytes and controls made visible."""
    if text.isascii() and text.isprintable():  # nothing to show differently (every character is 0x20-0x7e)
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch == "\ufeff":
            out.append("<BOM>")
        elif code < 0x20 or code == 0x7F:
            out.append({"\t": "\\t", "\r": "\\r", "\n": "\\n", "\0": "\\0"}.get(ch, f"\\x{code:02x}"))
        else:
            out.append(ch)
    return "".join(out)


class SourceFile(Record):
    path: str
    raw: bytes

    @property
    def text(self) -> str:
        return decode(self.raw)


_GLOB_CHARS = re.compile(r"[*?\[]")


class HostPaths(Record):
    """Where an absolute path a configuration names is looked up: the file is for its server, which need
    not be the machine ftpconf runs on.

    ``server`` is a directory on the server (``/`` for a whole tree given with ``--root``) and ``local`` the
    directory here that stands for it.  An inferred mapping (from where the file lies) is only a guess: a
    path missing under it is looked up on this machine instead; a given root is the server's, always.
    """

    server: str = "/"
    local: str | None = None  # None: this machine's own paths
    inferred: bool = False

    def covers(self, path: str) -> bool:
        """Is ``path`` (as the configuration names it) one this mapping may move?"""
        prefix = self.server.rstrip("/")
        return self.local is not None and (path == prefix or path.startswith(prefix + "/"))

    def resolve(self, path: str) -> str:
        """``path`` as named in the configuration -> the path to open here."""
        if self.local is None or not self.covers(path):
            return path
        rest = path[len(self.server.rstrip("/")) :].lstrip("/")
        here = (rest or ".") if self.local == "." else os.path.join(self.local, rest)
        if self.inferred and not _present(here):
            return path
        return here

    def where(self, path: str) -> str:
        """Where ``path`` was looked up, for messages ("not found {where}")."""
        if not self.covers(path):
            return "on this machine"
        if not self.inferred:
            return f"under {self.local} (given as the server's /)"
        return f"under {self.local} (taken for the server's {self.server}, from where the file lies) or on this machine"


def _present(path: str) -> bool:
    """Does ``path`` exist here (for a glob in its last part: does its directory)?"""
    directory, name = os.path.split(path)
    if _GLOB_CHARS.search(name):
        return os.path.isdir(directory or ".")
    return os.path.lexists(path)


def infer_host_paths(config_path: str) -> HostPaths:
    """What a checked-in configuration's place says about the server's paths.

    ``…/etc/proftpd/proftpd.conf``: the directory above ``etc/`` is the server's ``/``.  Else the file's own
    directory ``…/X/`` (for ``…/X/conf.d/``: ``…/X/``) stands for the server's ``/etc/X`` (a repository
    keeping ``proftpd/proftpd.conf`` and ``proftpd/conf.d/``).  Both only where the named path exists
    here (``HostPaths.inferred``).
    """
    for spelled in (config_path, os.path.abspath(config_path)):
        parts = spelled.split("/")[:-1]  # the directories above the file
        if "etc" in parts:
            above = parts[: len(parts) - 1 - parts[::-1].index("etc")]
            local = "/".join(above) or ("/" if spelled.startswith("/") else ".")
            return HostPaths("/", local, inferred=True) if local != "/" else HostPaths()
    local = os.path.dirname(config_path) or "."
    if os.path.basename(os.path.abspath(local)).endswith(".d"):  # proftpd/conf.d/x.conf: proftpd/ is /etc/proftpd
        local = os.path.dirname(local) or "."
    directory = os.path.abspath(local)
    name = os.path.basename(directory)
    if not name or directory == f"/etc/{name}":
        return HostPaths()
    return HostPaths(f"/etc/{name}", local, inferred=True)


class ReadOptions(Record):
    """What a reader may need beyond the file: proftpd's module set and defines, the environment, pure-ftpd's
    build, and where the server's absolute paths are here."""

    modules: tuple[str, ...] | None = None  # None: proftpd's compiled-in modules plus the LoadModule lines it reaches
    packages: tuple[str, ...] | None = None  # proftpd: Debian module packages installed besides proftpd-core; None: any
    defines: tuple[str, ...] = ()
    environ: Mapping[str, str] | None = None  # the daemon's environment; None: ftpconf's own (os.environ)
    pureftpd_build: str | None = None  # Debian's pure-ftpd binary (vanilla, mysql, ...); None: from the configuration
    root: str | None = None  # a checked-in tree that is the server's / (--root); None: inferred per file
    proftpd_main: str | None = None  # the proftpd.conf whose Include reads a linted conf.d/ fragment ([proftpd] main)

    def host_paths(self, config_path: str | None) -> HostPaths:
        """The one resolver every dialect uses for absolute paths named in ``config_path`` (None: a command line)."""
        if self.root is not None:
            return HostPaths("/", self.root)
        if config_path is None or config_path.startswith("<"):  # <stdin>, <command line>
            return HostPaths()
        return infer_host_paths(config_path)


# The input being read, for the message of an internal error (``cli``): the last file opened.
READING: ContextVar[str | None] = ContextVar("ftpconf_reading", default=None)

# Contents that stand in for files on disk while fixed text is re-linted before anything is written.
_OVERLAY: ContextVar[Mapping[str, bytes] | None] = ContextVar("ftpconf_source_overlay", default=None)


@contextmanager
def overlay(files: Mapping[str, bytes]) -> Iterator[None]:
    """Within this block ``read_source(path)`` returns ``files[path]`` for those paths, not the disk's bytes."""
    token = _OVERLAY.set(files)
    try:
        yield
    finally:
        _OVERLAY.reset(token)


# Set while reading a command line found in a container's build or run file: its paths are the image's,
# so a file not in the overlay is not read from this machine's disk; the value says why.
_CONFINED: ContextVar[str | None] = ContextVar("ftpconf_source_confined", default=None)


@contextmanager
def confined(reason: str) -> Iterator[None]:
    """Within this block ``read_source`` reads only overlaid files; any other path is an InputError(``reason``)."""
    token = _CONFINED.set(reason)
    try:
        yield
    finally:
        _CONFINED.reset(token)


def in_confinement() -> bool:
    """Inside ``confined``: a file that cannot be read belongs to somewhere else (an image), for the caller to say."""
    return _CONFINED.get() is not None


def overlaid(path: str) -> bytes | None:
    """The contents standing in for ``path`` in the current ``overlay``, if any (e.g. fixed standard input)."""
    pending = _OVERLAY.get()
    return None if pending is None else pending.get(path)


# Configuration files are kilobytes; ftpconf holds a file several times over (bytes, text, lines), so it
# refuses bigger ones before reading them rather than grow without bound.  The daemons would read on:
# vsftpd only its first 100,000 bytes, proftpd and pure-ftpd all of it.
MAX_INPUT_BYTES = 16 * 1024 * 1024


def too_large(size: int | None, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Why a file is refused; ``size`` None when only "more than the limit" is known (a stream)."""
    what = "is" if size is None else f"is {size:,} bytes,"
    return (
        f"{what} more than the {max_bytes:,} bytes ftpconf checks (vsftpd would read only its "
        "first 100,000 bytes, proftpd and pure-ftpd all of it)"
    )


def read_source(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> SourceFile:
    """Read a file for linting; everything that goes wrong becomes an InputError naming the path."""
    name = str(path)
    READING.set(name)
    stand_in = overlaid(name)
    if stand_in is not None:
        return SourceFile(name, stand_in)
    reason = _CONFINED.get()
    if reason is not None:
        raise InputError(name, reason)
    if "\0" in name:  # os.stat would raise ValueError: no file can have this name
        raise InputError(printable(name), "a file name cannot contain a NUL byte")
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(name, "is a directory, not a configuration file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(name, "is not a regular file")
    if info.st_size > max_bytes:
        raise InputError(name, too_large(info.st_size, max_bytes))
    try:
        with open(name, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    if len(raw) > max_bytes:  # it grew after stat(), or /proc-style files that report size 0
        raise InputError(name, too_large(len(raw), max_bytes))
    return SourceFile(name, raw)
