"""Lossless line scanning with pyparsing, shared by every dialect's grammar.

A dialect describes one physical line as a regex of named alternatives that matches at *every*
position and ends with ``(?P<eol>\\n|\\Z)``; this drives it over the whole text.  One pyparsing
element driven by ``scan_string`` costs ~7 µs a line where composed elements cost ~40 µs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Generic, Literal, TypeVar

import pyparsing as pp

from ftpconf.records import Record
from ftpconf.source import encode

L = TypeVar("L", bound="PhysicalLine")

# A line has at least one character: without this, the pattern would match empty at the end of the text.
NON_EMPTY = r"(?=[\s\S])"


def line_element(pattern: str) -> pp.ParserElement:
    """The pyparsing element for one line.  Lossless: pyparsing skips whitespace and expands tabs by
    default, and its tokens are the raw ``re.Match`` whose named groups are the parts of the line."""
    return pp.Regex(NON_EMPTY + pattern, as_match=True).leave_whitespace().parse_with_tabs()


def cached_element(pattern: str) -> Callable[[], pp.ParserElement]:
    """``line_element(pattern)``, built on first use and kept: a run that reads no file of a dialect never
    compiles its grammar."""
    return functools.cache(lambda: line_element(pattern))


def lines_of(element: pp.ParserElement, text: str, line: Callable[[int, int, re.Match[str]], L]) -> list[L]:
    """``text`` as its physical lines; ``line(number, start, match)`` builds each, numbered from 1."""
    return [line(number, start, match) for number, (start, match) in enumerate(scan_lines(element, text), 1)]


def plain_kind(match: re.Match[str]) -> Literal["blank", "comment"] | None:
    """A blank or a comment line, which every dialect's pattern names alike (groups ``blank``, ``comment``);
    None for a line that says something."""
    return "blank" if match["blank"] is not None else "comment" if match["comment"] is not None else None


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


class PhysicalLine(Record):
    """One physical line; dialects add their parts.  ``text`` excludes the newline, ``offset`` is its start.

    A Record (ftpconf/records.py): each dialect's ``Line`` adds its slots and writes its ``__init__``."""

    number: int
    offset: int
    text: str
    newline: str

    @property
    def raw(self) -> str:
        return self.text + self.newline


def render(lines: Iterable[PhysicalLine]) -> str:
    # Joins each line's text and newline as they are: ``line.raw`` would build a new string for every line
    # first, and a big file's copies would double the peak memory for a moment.
    return "".join(chain.from_iterable((line.text, line.newline) for line in lines))


class LineDocument(Record, Generic[L]):
    """A configuration file kept as its physical lines, byte for byte."""

    path: str
    lines: list[L]

    def text(self) -> str:
        return render(self.lines)

    def bytes(self) -> bytes:
        return encode(self.text())
