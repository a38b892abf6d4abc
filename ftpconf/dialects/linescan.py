"""Lossless line scanning with pyparsing, shared by every dialect's grammar.

A dialect describes one physical line as a regex of named alternatives that matches at *every*
position and ends with ``(?P<eol>\\n|\\Z)``; this drives it over the whole text.  One pyparsing
element driven by ``scan_string`` costs ~7 µs a line where composed elements cost ~40 µs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyparsing as pp

# A line has at least one character: without this, the pattern would match empty at the end of the text.
NON_EMPTY = r"(?=[\s\S])"


def line_element(pattern: str) -> pp.ParserElement:
    """The pyparsing element for one line.  Lossless: pyparsing skips whitespace and expands tabs by
    default, and its tokens are the raw ``re.Match`` whose named groups are the parts of the line."""
    return pp.Regex(NON_EMPTY + pattern, as_match=True).leave_whitespace().parse_with_tabs()


def scan_lines(element: pp.ParserElement, text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Yield (start offset, match) for each line; the matches cover ``text`` exactly, in order."""
    expected = 0
    for tokens, start, end in element.scan_string(text, always_skip_whitespace=False):
        if start != expected:  # the pattern matches at every position, so this would be a bug
            raise RuntimeError(f"line grammar skipped characters {expected}..{start}")
        yield start, tokens[0]
        expected = end
    if expected != len(text):
        raise RuntimeError(f"line grammar stopped at {expected} of {len(text)} characters")
