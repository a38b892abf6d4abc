"""pure-ftpd.conf as a lossless list of lines (pyparsing).

The daemon reads the file with ``fgets`` (docs/daemons/pureftpd.md §1): only ``\\n`` ends a line, the
line loses its trailing C whitespace (so CRLF works), and after leading whitespace a ``#`` makes a
comment and nothing makes a blank line.  Every byte is kept, so joining the lines gives the file.

One ``pp.Regex`` driven by ``scan_string`` (no whitespace skipping, no tab expansion) costs ~7 µs a
line; composed pyparsing elements would cost ~40 µs.  The option values (port ranges, listen and
auth specs, short-option words) are syntax.py's grammar.
"""

from __future__ import annotations

import re
from typing import Literal

from ftpconf.dialects.linescan import PhysicalLine, cached_element, lines_of, plain_kind

C_SPACE = " \t\n\v\f\r"  # C isspace() in the "C" locale the daemon sets before parsing
_BLANKS = r"[ \t\v\f\r]"
_LINE_PATTERN = (
    r"(?:"
    rf"(?P<blank>{_BLANKS}*(?=\n|\Z))"
    rf"|(?P<cindent>{_BLANKS}*)(?P<comment>\#[^\n]*)"
    rf"|(?P<indent>{_BLANKS}*)(?P<body>[^\n]*)"
    r")(?P<eol>\n|\Z)"
)

LineKind = Literal["blank", "comment", "setting"]


class Line(PhysicalLine):
    """One physical line of this dialect."""

    kind: LineKind

    @property
    def content(self) -> str:
        """What the daemon matches: the line cut at a NUL byte, trailing whitespace removed."""
        return self.text.split("\0", 1)[0].rstrip(C_SPACE)


line_grammar = cached_element(_LINE_PATTERN)


def parse_text(text: str) -> list[Line]:
    """Split ``text`` into lines; never fails, and ``render(parse_text(t)) == t``."""
    return lines_of(line_grammar(), text, _line)


def _line(number: int, start: int, match: re.Match[str]) -> Line:
    eol = match["eol"]
    text = match.group(0)[: len(match.group(0)) - len(eol)]
    return Line(number, start, text, eol, plain_kind(match) or "setting")
