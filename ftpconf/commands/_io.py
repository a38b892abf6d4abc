"""Output helpers shared by the sub-commands."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from ftpconf.diagnostics import Diagnostic


def write(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    # Undecodable input bytes travel as surrogates: give the terminal the original bytes back.
    data = text.encode("utf-8", "surrogateescape")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # pragma: no cover - e.g. a captured StringIO
        stream.write(data.decode("utf-8", "replace"))


def write_pieces(pieces: Iterable[str], err: bool = False, batch: int = 1 << 16) -> None:
    """Write text given in pieces, about ``batch`` characters at a time: a long report is never held whole."""
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= batch:
            write("".join(held), err)
            held.clear()
            size = 0
    if size:
        write("".join(held), err)


def usage_error(message: str) -> NoReturn:
    write(f"ftpconf: error: {message}\n", err=True)
    sys.exit(2)


def warn_unread(diagnostics: Iterable[Diagnostic]) -> None:
    """Say on stderr that an output is built from part of the configuration (FTP010), never silently."""
    from ftpconf.input_codes import unread_parts

    for finding in unread_parts(diagnostics):
        where = finding.span
        write(
            f"ftpconf: warning: {where.path}:{where.line}: {finding.code} {finding.message}: what follows is built "
            "from the part that was read, with the daemon's defaults for the rest\n",
            err=True,
        )


def read_stdin() -> bytes:
    from ftpconf.source import MAX_INPUT_BYTES, InputError, too_large

    if sys.stdin is None:  # `ftpconf lint - <&-`: Python sets sys.stdin to None when fd 0 is closed
        raise InputError("<stdin>", "standard input is closed")
    try:
        raw: bytes = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise InputError("<stdin>", f"cannot read standard input ({exc})") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError("<stdin>", too_large(None))
    return raw
