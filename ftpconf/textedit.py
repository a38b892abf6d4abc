"""Text edits for findings made on the model: the helpers every dialect's fixers share.

A model check knows lines, not offsets, so its fix is made afterwards from the text of the files by
the dialect's fixer (``DialectCode.text_fixers``).  A fixer returns None unless the edit is certain:
the lines still read as the model says, and the result is exactly what the finding asks for
(re-linting shows the finding gone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ftpconf.diagnostics import Diagnostic, Fix
from ftpconf.model import Config, Server

TextFixer = Callable[[Config, Diagnostic, Mapping[str, str]], "Fix | None"]
TWINS = {"PORT": "EPRT", "PASV": "EPSV"}
_WIDEN = "refuse {new} too: clients that use {new} lose {mode} mode"


def line_at(text: str, number: int) -> tuple[int, str] | None:
    """(offset, text without its newline) of 1-based line ``number``; the daemons all split at ``\\n``."""
    start = 0
    for _ in range(number - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return start, text[start : len(text) if end < 0 else end]


def refusals(config: Config, diagnostic: Diagnostic) -> Iterator[tuple[Server, str, str]]:
    """(server, refused command, its open twin) that this finding is about."""
    for server in config.servers:
        commands = server.commands
        for old, new in TWINS.items():
            origin = commands.origins.get(old)
            if (
                origin is not None
                and origin.span == diagnostic.span
                and not commands.accepts(old)  # type: ignore[arg-type]
                and commands.accepts(new)  # type: ignore[arg-type]
                and old in diagnostic.message.split(" refused", 1)[0].split()  # "PORT and PASV are refused"
            ):
                yield server, old, new


def describe_widening(old: str, new: str) -> str:
    """What adding ``new`` beside the refused ``old`` does; a change of behaviour, so an unsafe fix."""
    return _WIDEN.format(new=new, mode="active" if old == "PORT" else "passive")
