"""proftpd.conf as a lossless tree of lines and sections (pyparsing).

proftpd reads a file line by line (docs/daemons/proftpd.md §1): ``\\n`` ends a line; a backslash right
before the newline joins the next line (not on comment lines, not after a ``\\r``); a line whose
first non-blank character is ``#`` is a comment; blank lines are skipped.  Sections are lines whose
first word starts with ``<``; they nest, and a closer may be missing or stray, so the tree is loose:
an unmatched closer is a plain line and an unclosed section simply runs to the end of the file.
Every byte is kept: rendering the tree gives the file back.

One ``pp.Regex`` driven by ``scan_string`` classifies the lines (~7 µs a line; composing pyparsing
elements costs ~40 µs).  What a directive line holds (words, quotes, ``%{env:}``, section headers,
``<Limit>`` lists) is syntax.py's grammar; ``Logical.opener``/``closer`` slice the first word as
``syntax.SECTION_TAG`` reads it (tests/test_proftpd_syntax.py proves them equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ftpconf.dialects.linescan import PhysicalLine, cached_element, lines_of, plain_kind, render

_SPACE = r"[ \t\r\f\v]"
_LINE_PATTERN = (
    r"(?:(?P<blank>" + _SPACE + r"*(?=\n|\Z))"
    r"|(?P<comment>(?P<cindent>" + _SPACE + r"*)\#[^\n]*)"
    r"|(?P<directive>(?P<indent>" + _SPACE + r"*)(?P<word>[^ \t\r\f\v\n]*)[^\n]*))"
    r"(?P<eol>\n|\Z)"
)

LineKind = Literal["blank", "comment", "directive"]


class Line(PhysicalLine):
    """One physical line of this dialect."""

    kind: LineKind
    # The first word as written (no quote handling) when it opens or closes a section, else "": enough to
    # see sections, without a string per line (a 100k-line file would hold 100k of them).
    tag: str = ""

    @property
    def indent(self) -> str:
        return self.text[: len(self.text) - len(self.text.lstrip(" \t\r\f\v"))]

    @property
    def continues(self) -> bool:
        """A backslash right before the newline joins the next line (never on a comment line)."""
        return self.kind != "comment" and self.newline == "\n" and self.text.endswith("\\")


@dataclass(frozen=True, slots=True)
class Logical:
    """Physical lines joined by backslash continuations: what proftpd parses as one line."""

    first: Line
    rest: tuple[Line, ...] = ()  # the continuation lines; almost always none, and () is shared

    @property
    def lines(self) -> tuple[Line, ...]:
        return (self.first, *self.rest)

    @property
    def last(self) -> Line:
        return self.rest[-1] if self.rest else self.first

    @property
    def kind(self) -> LineKind:
        return self.first.kind

    @property
    def number(self) -> int:
        return self.last.number  # proftpd reports the last physical line of a joined line

    @property
    def raw(self) -> str:
        if not self.rest:
            return self.first.raw
        return "".join(line.raw for line in self.lines)

    @property
    def text(self) -> str:
        if not self.rest:
            return self.first.text
        lines = self.lines
        return "".join(line.text[:-1] for line in lines[:-1]) + lines[-1].text

    @property
    def opener(self) -> str | None:
        """``Limit`` for ``<Limit ...>``, ``None`` when this is not a section opener."""
        tag = self.first.tag
        if self.kind != "directive" or not tag.startswith("<") or tag.startswith("</"):
            return None
        return tag[1:].rstrip(">").lower() or None

    @property
    def closer(self) -> str | None:
        tag = self.first.tag
        if self.kind != "directive" or not tag.startswith("</"):
            return None
        return tag[2:].rstrip(">").lower() or None


@dataclass
class Section:
    """``<Name ...>`` … ``</Name>``; ``close`` is None when the file ends before the closer."""

    open: Logical
    children: list[Logical | Section] = field(default_factory=list)
    close: Logical | None = None

    @property
    def name(self) -> str:
        return self.open.opener or ""

    @property
    def raw(self) -> str:
        return render_nodes([self])


line_grammar = cached_element(_LINE_PATTERN)


def parse_lines(text: str) -> list[Line]:
    """Split ``text`` into physical lines; never fails, and the lines' raw text joins back to ``text``."""
    return lines_of(line_grammar(), text, _line)


def _line(number: int, start: int, match: re.Match[str]) -> Line:
    eol = match["eol"]
    kind = plain_kind(match)
    if kind is not None:
        return Line(number, start, match[kind], eol, kind, "")  # every field: the fast path
    word = match["word"]
    return Line(number, start, match["directive"], eol, "directive", word if word.startswith("<") else "")


def join_continuations(lines: list[Line]) -> list[Logical]:
    logical: list[Logical] = []
    pending: list[Line] = []
    for line in lines:
        if not pending and not line.continues:
            logical.append(Logical(line))
            continue
        pending.append(line)
        if not line.continues:
            logical.append(Logical(pending[0], tuple(pending[1:])))
            pending = []
    if pending:
        logical.append(Logical(pending[0], tuple(pending[1:])))
    return logical


def build_tree(logical: list[Logical]) -> list[Logical | Section]:
    """Nest sections; a closer that matches no open section stays a plain line."""
    root: list[Logical | Section] = []
    stack: list[Section] = []
    for item in logical:
        children = stack[-1].children if stack else root
        if item.opener is not None:
            section = Section(item)
            children.append(section)
            stack.append(section)
        elif item.closer is not None and any(s.name == item.closer for s in stack):
            while stack:
                section = stack.pop()
                if section.name == item.closer:
                    section.close = item
                    break
        else:
            children.append(item)
    return root


@dataclass(frozen=True)
class Document:
    """One proftpd configuration file, kept byte for byte."""

    path: str
    lines: list[Line]
    logical: list[Logical]
    tree: list[Logical | Section]

    def text(self) -> str:
        return render(self.lines)  # the tree holds every line, in order


def render_nodes(nodes: list[Logical | Section]) -> str:
    """The raw text of a tree, walked with an explicit stack: sections may nest thousands deep."""
    out: list[str] = []
    stack: list[Logical | Section] = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, Logical):
            out.append(node.raw)
            continue
        out.append(node.open.raw)
        if node.close is not None:
            stack.append(node.close)
        stack.extend(reversed(node.children))
    return "".join(out)


def parse(path: str, text: str) -> Document:
    lines = parse_lines(text)
    logical = join_continuations(lines)
    return Document(path, lines, logical, build_tree(logical))
