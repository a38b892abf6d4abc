"""proftpd's word splitting (pr_str_get_word) and ``%{env:NAME}`` substitution, for one logical line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_SPACE = " \t\r\n\f\v"
_ENV = re.compile(r"%\{env:([^}]*)\}")


@dataclass(frozen=True, slots=True)
class Word:
    """One argument as proftpd sees it; ``start``/``end`` are offsets of its written form in the line."""

    text: str
    start: int
    end: int
    quoted: bool = False


_PLAIN_WORD = re.compile(r"[^ \t\r\n\f\v]+")


def split_words(line: str) -> list[Word]:
    """Words up to the end of the line or a word that starts with ``#`` (docs/daemons/proftpd.md §1)."""
    if '"' not in line and "#" not in line:  # the usual line: whitespace alone separates its words
        return [Word(m.group(), m.start(), m.end()) for m in _PLAIN_WORD.finditer(line)]
    words: list[Word] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in _SPACE:
            i += 1
        if i >= n or line[i] == "#":
            return words
        start = i
        if line[i] == '"':
            i += 1
            out: list[str] = []
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:  # inside quotes a backslash escapes the next character
                    i += 1
                out.append(line[i])
                i += 1
            i = min(i + 1, n)  # the closing quote ends the word, even without a space after it
            words.append(Word("".join(out), start, i, quoted=True))
            continue
        while i < n and line[i] not in _SPACE:
            i += 1
        words.append(Word(line[start:i], start, i))


def expand_env(word: str, environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """Substitute ``%{env:NAME}`` (unset: empty); returns the text and the names that were unset."""
    if "%{env:" not in word:
        return word, []
    unset: list[str] = []

    def value(match: re.Match[str]) -> str:
        if match[1] not in environ:
            unset.append(match[1])
        return environ.get(match[1], "")

    return _ENV.sub(value, word), unset
