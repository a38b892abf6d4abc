"""Bytes in, text that never fails to decode, and positions a human can find.

Configuration files are bytes: daemons compare and echo raw bytes, and files in the wild mix UTF-8,
latin-1 and GBK.  We decode UTF-8 with ``surrogateescape`` so that every byte survives the round trip
(``text.encode(ENCODING, ERRORS) == raw`` always holds) and columns count characters of the text.
"""

from __future__ import annotations

import os
import stat
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


def read_source(path: str | Path, max_bytes: int = 256 * 1024 * 1024) -> SourceFile:
    """Read a file for linting; everything that goes wrong becomes an InputError naming the path."""
    name = str(path)
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
        raise InputError(name, f"is {info.st_size} bytes, larger than the {max_bytes}-byte limit")
    try:
        with open(name, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    return SourceFile(name, raw)
