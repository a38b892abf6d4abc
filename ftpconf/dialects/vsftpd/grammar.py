"""vsftpd.conf as a lossless list of lines (pyparsing).

vsftpd's format is line based (parseconf.c, verified on the Debian binary, see docs/daemons/vsftpd.md §1):
only ``\\n`` ends a line; a line is a comment only when its *first byte* is ``#``; a line of C
whitespace only is skipped; anything else is a setting: leading whitespace is stripped and the rest
is split at the first ``=``.  Every byte is kept, so joining the lines gives the file back.

The grammar is one pyparsing element built from named alternatives (see linescan.py); the values
after the ``=`` are syntax.py's grammar.
"""

from __future__ import annotations

import re
from typing import Literal

from ftpconf.dialects.linescan import PhysicalLine, cached_element, lines_of, plain_kind

# C isspace(): what vsftpd strips before a name and what makes a line "all space".
C_SPACE = " \t\n\v\f\r"
_SPACE_CLASS = r"[ \t\v\f\r]"

_ALTERNATIVES = {
    "comment": r"(?P<comment>\#[^\n]*)",
    "blank": rf"(?P<blank>{_SPACE_CLASS}*(?=\n|\Z))",
    "setting": rf"(?P<indent>{_SPACE_CLASS}*)(?P<name>[^=\n]*)(?:(?P<equals>=)(?P<value>[^\n]*))?",
}
_LINE_PATTERN = "(?:" + "|".join(_ALTERNATIVES.values()) + ")" + r"(?P<eol>\n|\Z)"

LineKind = Literal["blank", "comment", "setting"]

# What reads as a trailing comment: whitespace, "#", then whitespace, another "#" or the end ("#1" is text);
# or a "#" after a tab or a run of spaces, as comments are lined up (`path       #EDIT HERE`, `file\t#NOTE`).
TRAILING_COMMENT = re.compile(r"[ \t]#(?:[ \t#]|$)|(?:\t| {2,})#")


class Line(PhysicalLine):
    """One physical line of this dialect."""

    kind: LineKind
    indent: str = ""
    name: str = ""
    value: str | None = None  # None: no "=" on the line

    @property
    def name_column(self) -> int:
        return len(self.indent) + 1

    @property
    def value_column(self) -> int:
        return len(self.indent) + len(self.name) + 2


line_grammar = cached_element(_LINE_PATTERN)


def parse_text(text: str) -> list[Line]:
    """Split ``text`` into lines; never fails, and ``"".join(l.raw for l in lines) == text``."""
    return lines_of(line_grammar(), text, _line)


def parse_line(text: str, number: int = 1, offset: int = 0) -> Line:
    """Classify one line's text (no newline), e.g. the part of a line vsftpd really reads."""
    if not text:
        return Line(number, offset, "", "", "blank")
    return _line(number, offset, line_grammar().parse_string(text)[0])


def _line(number: int, start: int, match: re.Match[str]) -> Line:
    eol = match["eol"]
    kind = plain_kind(match)
    if kind is not None:
        return Line(number, start, match[kind], eol, kind, "", "", None)  # every field: the fast path
    indent, name, value = match["indent"], match["name"], match["value"]
    if match["equals"] is not None and value is None:
        value = ""
    text = indent + name + ("" if value is None else "=" + value)
    return Line(number, start, text, eol, "setting", indent, name, value)
