"""A setting given more than once where the daemon applies one occurrence: the others do nothing.

The readers record each such repeat as a fact (``dialects.base.Repeat``: which occurrence the daemon
applies, which it ignores, and whether a line can be deleted); this module judges them, the same way
for every dialect.  Each dialect keeps its own code, so existing suppressions and selections still
apply: FTP114 (vsftpd), FTP151 (proftpd), FTP182 (pure-ftpd).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ftpconf.diagnostics import Diagnostic, Edit, Fix, RuleInfo, define
from ftpconf.dialects.base import Occurrence, Repeat
from ftpconf.dialects.registry import daemon_name
from ftpconf.source import Span, printable

VSFTPD = define(
    "FTP114 duplicate-option warning: an option set again later: this line has no effect",
    """
    vsftpd applies lines in order, so the last one wins and earlier ones are dead (each is still
    checked, so an invalid earlier line still stops vsftpd).  Docker entrypoints that append settings
    are a common source.  Keep one line per option.
    """,
    dialects=("vsftpd",),
    fixable=True,
)


PROFTPD = define(
    "FTP151 proftpd-repeated-directive warning: a directive repeated in the same context: proftpd applies only one of "
    "them",
    """
    proftpd accepts a repeated directive without a word, but applies one occurrence.  Most
    directives are looked up with the first match, so the **first** wins: `PassivePorts`,
    `MasqueradeAddress`, `Port`, `AllowForeignAddress`, `MaxClients`, `MaxClientsPerHost`,
    `RootRevoke`, `TLSEngine`, `TLSRequired`, `TLSProtocol` and a `<Limit>`'s `Order` (verified on
    the binary for PassivePorts, MasqueradeAddress, Port and MaxClients).  `ServerType`, `SocketBindTight`,
    `UseIPv6` and `DefaultAddress` are applied while the file is read, so the **last** wins.
    A second `PassivePorts` appended to the end of a Docker image's proftpd.conf is therefore dead.

        PassivePorts 30000 30009                 PassivePorts 40000 40009
        ...                             ->       ...
        PassivePorts 40000 40009   (dead)

    `<Global>` is not the same context: its lines apply to each server after the server's own.
    `TLSOptions` and `DefaultRoot` may be repeated on purpose (every line counts) and are not
    reported.  Fix: keep the occurrence you mean and delete the other.  `--fix` deletes a line that
    repeats the applied value; deleting one with another value needs `--unsafe-fixes`, since you
    may have meant that one (then change the applied line instead).
    """,
    dialects=("proftpd",),
    fixable=True,
)


PUREFTPD = define(
    "FTP182 pureftpd-repeated-option warning: an option given twice: one of the values is silently ignored",
    """
    A repeated option is not an error.  For most options the last value wins, so the first is dead
    (a Docker entrypoint adding `-p 30000:30009` before your own `-p` loses).  For `-P`
    (ForcePassiveIP) and the `-O` log file the **first** wins, and `-S` takes the address of the
    first and the port of the last (verified on the binary).

    Fix: give each option once.  `--fix` deletes a pure-ftpd.conf line that repeats the applied
    value; a flag on a command line is left to you.
    """,
    dialects=("pureftpd",),
    fixable=True,
)


CODES: dict[str, RuleInfo] = {"vsftpd": VSFTPD, "proftpd": PROFTPD, "pureftpd": PUREFTPD}


def check(dialect: str, repeats: Iterable[Repeat], texts: Mapping[str, str]) -> list[Diagnostic]:
    """A finding at every ignored occurrence, naming the one the daemon applies; ``texts``: the files read."""
    rule = CODES[dialect]
    lines = _LineStarts(texts)
    found = []
    for repeat in repeats:
        applied = repeat.applied
        for ignored in repeat.ignored:
            where = _where(applied, ignored)
            same = ignored.value == applied.value
            this = "this one" if where.startswith("column") else "this line"  # one command line: not a line
            message = (
                f"`{printable(ignored.text)}` repeats {where} with the same value: {this} is redundant"
                if same
                else f"`{printable(ignored.text)}` has no effect: {daemon_name(dialect)} uses the {repeat.which} "
                f"`{repeat.name}`{repeat.scope}, `{printable(applied.text)}` ({where})"
            )
            # Safe only when the occurrence repeats the applied value; otherwise the user may have meant this one.
            fix = None
            deletion = ignored.deletion or (lines.deletion(ignored.span) if ignored.whole_line else None)
            if deletion is not None:
                fix = Fix("delete this line", (deletion,), same and repeat.safe_deletion)
            found.append(rule.at(ignored.span, message, fix=fix))
    return found


class _LineStarts:
    """Where each line of a file starts, worked out the first time a line of that file is deleted."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.starts: dict[str, list[int]] = {}

    def deletion(self, span: Span) -> Edit | None:
        """The edit that removes line ``span.line`` with its newline."""
        text = self.texts.get(span.path)
        if text is None:
            return None
        starts = self.starts.get(span.path)
        if starts is None:
            starts = self.starts[span.path] = [0, *(m.end() for m in re.finditer("\n", text))]
        if not 0 < span.line <= len(starts) or starts[span.line - 1] >= len(text):
            return None
        end = starts[span.line] if span.line < len(starts) else len(text)
        return Edit(span.path, starts[span.line - 1], end, "")


def _where(applied: Occurrence, ignored: Occurrence) -> str:
    """Where the applied occurrence is, as seen from the ignored one."""
    here, there = ignored.span, applied.span
    if here.path != there.path:
        return f"{there.path}:{there.line}"
    if here.line != there.line:
        return f"line {there.line}"
    return f"column {there.column}"  # a command line: every flag on one line
