"""Bytes in, text that never fails to decode, and positions a human can find.

Configuration files are bytes: daemons compare and echo raw bytes, and files in the wild mix UTF-8,
latin-1 and GBK.  We decode UTF-8 with ``surrogateescape`` so that every byte survives the round trip
(``text.encode(ENCODING, ERRORS) == raw`` always holds) and columns count characters of the text.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

ENCODING = "utf-8"
ERRORS = "surrogateescape"


class InputError(Exception):
    """An input that cannot be read at all (missing, a directory, unreadable): exit status 2."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Span:
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


@dataclass(frozen=True)
class SourceFile:
    path: str
    raw: bytes

    @property
    def text(self) -> str:
        return decode(self.raw)


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the file: proftpd's module set and defines, the environment, pure-ftpd's build."""

    modules: tuple[str, ...] | None = None  # None: proftpd's compiled-in modules plus the LoadModule lines it reaches
    packages: tuple[str, ...] | None = None  # proftpd: Debian module packages installed besides proftpd-core; None: any
    defines: tuple[str, ...] = ()
    environ: Mapping[str, str] | None = None  # None: os.environ
    pureftpd_build: str | None = None  # Debian's pure-ftpd binary (vanilla, mysql, ...); None: from the configuration


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
