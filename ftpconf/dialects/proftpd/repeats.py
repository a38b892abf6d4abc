"""A directive repeated in one context, where proftpd applies only one occurrence (judged as FTP151)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ftpconf.diagnostics import Edit
from ftpconf.dialects.base import Occurrence, Repeat, Which
from ftpconf.dialects.proftpd.blocks import Applied, Block
from ftpconf.dialects.proftpd.grammar import Document, Line
from ftpconf.dialects.proftpd.precedence import winner


def repeated(root: Block, documents: Sequence[Document]) -> list[Repeat]:
    """Every directive given twice in one context where ``precedence.winner`` knows which one applies, with
    the edits that would delete the ignored lines, found in ``documents`` (every file read)."""
    found: list[Repeat] = []
    lines = _Lines(documents)
    for block in _walk(root):
        groups: dict[str, list[Applied]] = {}
        for directive in block.directives():
            groups.setdefault(directive.name.lower(), []).append(directive)
        for group in groups.values():
            which = winner(group[0].name) if len(group) > 1 else None
            if which is not None:
                found.append(_repeat(group, which, lines))
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


def _repeat(group: list[Applied], which: Which, lines: _Lines) -> Repeat:
    winner = group[0] if which == "first" else group[-1]

    def occurrence(directive: Applied) -> Occurrence:
        text = " ".join((directive.name, *directive.args))
        edit = lines.deletion(directive.span.path, directive.span.line)
        return Occurrence(directive.span, text, directive.args, edit)

    ignored = tuple(occurrence(d) for d in group if d is not winner)
    return Repeat(occurrence(winner), ignored, which, winner.name, scope=" in this context")
