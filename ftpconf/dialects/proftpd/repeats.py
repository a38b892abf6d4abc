"""FTP151: a directive repeated in one context, where proftpd applies only one occurrence."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.blocks import Applied, Block
from ftpconf.dialects.proftpd.precedence import WINNER
from ftpconf.source import printable


def repeated(root: Block, texts: Callable[[], dict[str, str]]) -> list[Diagnostic]:
    """FTP151 for every directive of ``precedence.WINNER`` given twice in one context.  ``texts``
    gives each file's text (asked only when there is a repeat): the fix deletes the ignored line."""
    found: list[Diagnostic] = []
    lines = _Lines(texts)
    for block in _walk(root):
        groups: dict[str, list[Applied]] = {}
        for directive in block.directives():
            name = directive.name.lower()
            if name in WINNER:
                groups.setdefault(name, []).append(directive)
        for name, group in groups.items():
            if len(group) > 1:
                found += _dead(group, WINNER[name], lines)
    return found


class _Lines:
    """Where each line of each file starts, indexed once per file and only when a fix needs it."""

    def __init__(self, texts: Callable[[], dict[str, str]]) -> None:
        self._texts = texts
        self._read: dict[str, str] | None = None
        self._starts: dict[str, list[int]] = {}

    def deletion(self, path: str, number: int) -> Edit | None:
        """The edit that removes line ``number`` with its newline; None for a continued line."""
        if self._read is None:
            self._read = self._texts()
        text = self._read.get(path)
        if text is None:
            return None
        if path not in self._starts:
            self._starts[path] = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        starts = self._starts[path]
        if not 0 < number <= len(starts):
            return None
        start = starts[number - 1]
        end = starts[number] if number < len(starts) else len(text)
        line = text[start:end].rstrip("\r\n")
        previous = text[starts[number - 2] : start].rstrip("\r\n") if number > 1 else ""
        if line.endswith("\\") or previous.endswith("\\"):  # part of a continued directive: leave it
            return None
        return Edit(path, start, end, "")


def _walk(block: Block) -> Iterator[Block]:
    todo = [block]
    while todo:  # iterative: a file may nest thousands of sections
        current = todo.pop()
        yield current
        todo.extend(current.blocks())


def _dead(group: list[Applied], which: str, lines: _Lines) -> list[Diagnostic]:
    winner = group[0] if which == "first" else group[-1]
    used = printable(" ".join((winner.name, *winner.args)))
    found = []
    for directive in group:
        if directive is winner:
            continue
        text = printable(" ".join((directive.name, *directive.args)))
        same_file = directive.span.path == winner.span.path
        where = f"line {winner.span.line}" if same_file else f"{winner.span.path}:{winner.span.line}"
        same = directive.args == winner.args
        message = (
            f"`{text}` repeats {where} with the same value: this line is redundant"
            if same
            else f"`{text}` has no effect: proftpd uses the {which} `{winner.name}` in this context, `{used}` ({where})"
        )
        edit = lines.deletion(directive.span.path, directive.span.line)
        # Safe only when the line repeats the winner's value; otherwise the user may have meant this one.
        fix = Fix("delete this line", (edit,), safe=same) if edit is not None else None
        found.append(codes.REPEATED.at(directive.span, message, fix=fix))
    return found
