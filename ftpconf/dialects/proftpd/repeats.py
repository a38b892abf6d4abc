"""FTP151: a directive repeated in one context, where proftpd applies only one occurrence."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.blocks import Applied, Block
from ftpconf.dialects.proftpd.grammar import Document, Line
from ftpconf.dialects.proftpd.precedence import WINNER
from ftpconf.source import printable


def repeated(root: Block, documents: Sequence[Document]) -> list[Diagnostic]:
    """FTP151 for every directive of ``precedence.WINNER`` given twice in one context; the fix
    deletes the ignored line, found in ``documents`` (every file read)."""
    found: list[Diagnostic] = []
    lines = _Lines(documents)
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
    """Each file's physical lines by path, gathered on the first fix asked for."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = documents
        self._by_path: dict[str, list[Line]] | None = None

    def deletion(self, path: str, number: int) -> Edit | None:
        """The edit that removes line ``number`` with its newline; None for a continued line."""
        if self._by_path is None:
            self._by_path = {doc.path: doc.lines for doc in self._documents}
        lines = self._by_path.get(path, [])
        if not 0 < number <= len(lines):
            return None
        line = lines[number - 1]
        if line.text.endswith("\\") or (number > 1 and lines[number - 2].text.endswith("\\")):
            return None  # part of a continued directive (reported at its last line): left to the user
        return Edit(path, line.offset, line.offset + len(line.text) + len(line.newline), "")


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
