"""The daemon's pure-ftpd.conf line matcher ("simpleconf"), re-implemented from its observed behaviour.

Each line is tried against the templates of the catalogue in order (``PassivePortRange (<digits>)
(<digits>)``).  The outcome of one template is one of: the key is not this one (try the next), a
mismatch (remember where, try the next), a syntax error (fatal at once), ignored (a boolean set to
no), or a match that becomes a long option such as ``--passiveportrange=30000:30010``.  If no
template takes the line, the last remembered mismatch is reported as a syntax error, otherwise the
key is unknown ("property not found").  Columns are 0-based offsets into the line here.

Character classes are C's in the "C" locale: only ASCII counts, so ``é`` is neither printable nor
a letter (docs/daemons/pureftpd.md §1, case F85).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ftpconf.catalog_pureftpd import PureftpdConfEntry

SPACE = frozenset(" \t\n\v\f\r")


def _isgraph(ch: str) -> bool:
    return "\x21" <= ch <= "\x7e"


def _isprint(ch: str) -> bool:
    return "\x20" <= ch <= "\x7e"


_CLASSES: dict[str, Callable[[str], bool]] = {
    "any": _isgraph,  # unquoted: one word
    "alpha": lambda ch: ch.isascii() and ch.isalpha(),
    "alnum": lambda ch: ch.isascii() and ch.isalnum(),
    "digits": lambda ch: "0" <= ch <= "9",
    "xdigits": lambda ch: ch in "0123456789abcdefABCDEF",
    "nospace": _isgraph,
    "any*": _isprint,
}
# Tried in this order as prefixes: "onx" matches "on" and fails on the "x" (F30).
_BOOL_WORDS: tuple[tuple[str, bool], ...] = (
    ("yes", True),
    ("on", True),
    ("true", True),
    ("1", True),
    ("no", False),
    ("off", False),
    ("false", False),
    ("0", False),
)
_TOKEN = re.compile(r"<(alpha|alnum|digits|xdigits|nospace|any\*|any|bool)>|(\()|(\))|(\s)|(\S)")

Outcome = Literal["not-found", "mismatch", "syntax", "ignore", "ok"]


@dataclass(frozen=True, slots=True)
class Attempt:
    outcome: Outcome
    error_at: int | None = None  # offset of the reported position; None: the start of the line
    values: tuple[str, ...] = ()
    rest: str = ""  # the text after the separator, for Include


@dataclass(frozen=True, slots=True)
class Token:
    kind: Literal["class", "open", "close", "spaces", "literal", "bool"]
    text: str = ""


@functools.cache
def tokens(template: str) -> tuple[Token, ...]:
    found = []
    for match in _TOKEN.finditer(template):
        cls, open_, close, space, literal = match.groups()
        if cls == "bool":
            found.append(Token("bool"))
        elif cls:
            found.append(Token("class", cls))
        elif open_:
            found.append(Token("open"))
        elif close:
            found.append(Token("close"))
        elif space:
            found.append(Token("spaces"))
        else:
            found.append(Token("literal", literal))
    return tuple(found)


class _Fail(Exception):
    def __init__(self, outcome: Outcome, at: int | None) -> None:
        self.outcome = outcome
        self.at = at


def attempt(entry: PureftpdConfEntry, line: str) -> Attempt:
    """Try one template on ``line`` (already cut at NUL and right-trimmed, leading blanks kept)."""
    start = len(line) - len(line.lstrip("".join(SPACE)))
    pos = start
    end = len(line)
    for ch in entry.key:  # the key: case-insensitive, and must be followed by a separator
        if pos >= end or line[pos].lower() != ch.lower():
            return Attempt("not-found")
        pos += 1
    if pos >= end or not (line[pos] in "=:" or line[pos] in SPACE):
        return Attempt("syntax", pos if pos < end else None)
    seen_sign = line[pos] in "=:"
    pos += 1
    while pos < end and line[pos] in SPACE:
        pos += 1
    if pos < end and line[pos] in "=:":
        if seen_sign:
            return Attempt("syntax", pos)
        seen_sign = True
        pos += 1
        while pos < end and line[pos] in SPACE:
            pos += 1
        if pos < end and line[pos] in "=:":
            return Attempt("syntax", pos)
    if entry.boolean and seen_sign and pos == end:
        return Attempt("ignore")  # `NoAnonymous=` (or ` = `, `:`) with nothing after it: accepted as "no" (F119)
    rest_start = pos
    try:
        values, pos = _match_value(tokens(entry.template), line, pos)
    except _Fail as failure:
        return Attempt(failure.outcome, failure.at)
    if entry.boolean and values == ("no",):
        return Attempt("ignore")
    return Attempt("ok", values=values, rest=line[rest_start:pos])


def _match_value(template: Sequence[Token], line: str, pos: int) -> tuple[tuple[str, ...], int]:
    """Match the value part; raise _Fail with the daemon's outcome and position.

    As in the daemon, a character class or a run of spaces that matches nothing does not fail at
    once: it leaves "a character was expected" pending, and the next token (or the end) decides.
    That is why ``PassivePortRange 30000:30010`` is reported at column 1 but ``Umask 133 022`` at
    the space (F44, F55).
    """
    end = len(line)
    values: list[str] = []
    capture: int | None = None
    enabled: str | None = None
    expect = False
    index = 0
    while index < len(template):
        token = template[index]
        index += 1
        if token.kind == "open":
            capture = pos
        elif token.kind == "close":
            values.append(_captured(line, capture, pos))
            capture = None
        elif token.kind == "literal":
            if pos >= end or line[pos] != token.text:
                raise _Fail("mismatch", pos if pos < end else None)
            pos += 1
        elif token.kind == "bool":
            word = next((w for w in _BOOL_WORDS if line[pos : pos + len(w[0])].lower() == w[0]), None)
            if word is None:
                raise _Fail("syntax", pos if pos < end else None)
            pos += len(word[0])
            enabled = "yes" if word[1] else "no"
        elif token.text == "any" and pos < end and line[pos] == '"':
            close = pos + 1
            while close < end and line[close] != '"':
                if not _isprint(line[close]):
                    raise _Fail("syntax", close)
                close += 1
            if close >= end:
                raise _Fail("syntax", None)
            if index < len(template) and template[index].kind == "close":
                values.append(_captured(line, pos + 1, close))  # the quotes are not part of the value
                capture = None
                index += 1
                close += 1
            pos = close
            expect = False
        else:
            accept = SPACE.__contains__ if token.kind == "spaces" else _CLASSES[token.text]
            first = pos
            while pos < end and accept(line[pos]):
                pos += 1
            expect = pos == first
    if pos < end:
        raise _Fail("mismatch", pos)
    if expect:
        raise _Fail("mismatch", None)
    return (tuple(values) if enabled is None else (enabled,)), pos


def _captured(line: str, start: int | None, stop: int) -> str:
    text = line[start:stop].strip("".join(SPACE)) if start is not None else ""
    if not text:
        raise _Fail("mismatch", None)
    return text


LineKind = Literal["empty", "ok", "ignore", "syntax", "not-found", "include"]


@dataclass(frozen=True, slots=True)
class LineResult:
    """What the daemon makes of one line of pure-ftpd.conf."""

    kind: LineKind
    entry: PureftpdConfEntry | None = None
    argument: str = ""  # the long option the line becomes ("--passiveportrange=30000:30010")
    values: tuple[str, ...] = ()
    error_at: int = 0  # 0-based offset of the column the daemon reports


def match_line(line: str, entries: Sequence[PureftpdConfEntry], pending: int | None) -> tuple[LineResult, int | None]:
    """Match one line (cut at NUL, right-trimmed) against every template, in the daemon's order.

    ``pending`` is the position of the last mismatch seen in this file: the daemon never clears it,
    so a later unknown key can be reported as a "syntax error" at that old position (returned
    updated, to be passed to the next line).
    """
    stripped = line.lstrip("".join(SPACE))
    if not stripped or stripped.startswith("#"):
        return LineResult("empty"), pending
    start = len(line) - len(stripped)
    first = stripped[0].lower()
    for entry in entries:
        if entry.key[:1].lower() != first:  # attempt() would stop at the key's first character: not-found
            continue
        result = attempt(entry, line)
        if result.outcome == "not-found":
            continue
        if result.outcome == "mismatch":
            pending = start if result.error_at is None else result.error_at
            continue
        if result.outcome == "syntax":
            return LineResult("syntax", entry, error_at=start if result.error_at is None else result.error_at), pending
        if result.outcome == "ignore":
            return LineResult("ignore", entry, values=("no",)), pending
        if entry.special == "include":
            return LineResult("include", entry, argument=result.rest, values=(result.rest,)), pending
        return LineResult("ok", entry, argument=_emit(entry.emit, result.values), values=result.values), pending
    if pending is not None and pending < len(line):
        return LineResult("syntax", error_at=pending), pending
    return LineResult("not-found", error_at=start), pending


def _emit(template: str, values: Sequence[str]) -> str:
    return re.sub(r"\$([0-9])", lambda m: values[int(m[1])] if int(m[1]) < len(values) else "", template)
