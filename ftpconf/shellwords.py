"""Shell words with their places: where each word of a command line starts and ends in the text.

``shlex`` says what a word is (quotes removed, escapes applied) but not where it stands; a finding must
point at the token in the file that carries the command (a Dockerfile, a unit file, a script).  So a
small scanner finds each word's raw extent (quotes, ``$(...)``, backquotes, escapes kept together;
``#`` comments and ``\\``-newline continuations skipped; ``;``, ``&&``, ``||``, ``|``, ``&`` and
newlines as separators) and ``shlex`` decodes each raw word.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

_OPERATORS = ("&&", "||", ";;", ";", "|", "&", "\n")
_BLANKS = " \t\r"
_STOPS = " \t\r\n;&|"


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # the word as the program receives it (quotes removed); the raw text when it cannot be decoded
    start: int  # offset of the raw word in the scanned text
    end: int  # offset just past it
    operator: bool = False  # a command separator, not a word

    def raw(self, source: str) -> str:
        return source[self.start : self.end]


def decode(raw: str) -> str:
    """What the shell makes of one raw word, quotes and escapes removed (expansions left as written)."""
    try:
        parts = shlex.split(raw.replace("\\\n", ""), comments=False, posix=True)
    except ValueError:  # an unbalanced quote: keep the word as written
        return raw
    return " ".join(parts) if parts else ""


def split(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]``, with offsets into ``text``."""
    words: list[Word] = []
    i, stop = start, len(text) if end is None else end
    while i < stop:
        ch = text[i]
        if ch in _BLANKS:
            i += 1
            continue
        if text.startswith("\\\n", i) or text.startswith("\\\r\n", i):
            i += 2 if text[i + 1] == "\n" else 3
            continue
        if ch == "#":  # a comment runs to the end of the line (the newline still separates)
            newline = text.find("\n", i, stop)
            i = stop if newline < 0 else newline
            continue
        operator = next((op for op in _OPERATORS if text.startswith(op, i)), None)
        if operator:
            words.append(Word(operator, i, i + len(operator), operator=True))
            i += len(operator)
            continue
        begin = i
        i = _word_end(text, i, stop)
        raw = text[begin:i]
        words.append(Word(decode(raw), begin, i))
    return words


def _word_end(text: str, i: int, stop: int) -> int:
    begin = i
    while i < stop:
        ch = text[i]
        if ch in _STOPS:
            if ch in "&|" and i > begin and text[i - 1] in "<>":  # 2>&1, >|: part of a redirection
                i += 1
                continue
            return i
        if ch == "\\":
            i += 2
        elif ch == "'":
            close = text.find("'", i + 1, stop)
            i = stop if close < 0 else close + 1
        elif ch == '"':
            i += 1
            while i < stop and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif text.startswith("$(", i) or text.startswith("${", i):
            opener, closer = text[i + 1], ")" if text[i + 1] == "(" else "}"
            depth, i = 1, i + 2
            while i < stop and depth:
                depth += (text[i] == opener) - (text[i] == closer)
                i += 1
        elif ch == "`":
            close = text.find("`", i + 1, stop)
            i = stop if close < 0 else close + 1
        else:
            i += 1
    return min(i, stop)


def dynamic(raw: str) -> bool:
    """Does the raw word hold an expansion the shell performs at run time (outside single quotes)?"""
    quoted = False
    for ch in raw:
        if ch == "'":
            quoted = not quoted
        elif ch in "$`" and not quoted:
            return True
    return False


# Programs that run the command after them: plain, with a user argument, init wrappers.
_RUNNERS = {"exec", "nohup", "command", "setsid", "time", "then", "do", "else", "{"}
_RUNNERS_WITH_USER = {"gosu", "su-exec", "s6-setuidgid", "setpriv"}
_INITS = {"tini", "dumb-init", "catatonit"}
_VALUED_OPTIONS = {"sudo": ("-u", "-g"), "env": ("-u", "-C")}  # options of theirs that take the next word
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def program_start(words: Sequence[str]) -> int:
    """Where the program is among a command's words: runners (exec, env, gosu USER, tini --, sudo -u X)
    and VAR=value before it are skipped."""
    i = 0
    while i < len(words):
        word = words[i]
        base = word.rsplit("/", 1)[-1]
        if ASSIGNMENT.match(word) or word in _RUNNERS or base in _INITS or word == "--":
            i += 1
        elif base in _RUNNERS_WITH_USER:
            i += 2
        elif base in ("env", "sudo", "chpst"):
            i += 1
            while i < len(words) and (words[i].startswith("-") or ASSIGNMENT.match(words[i])):
                takes_value = words[i] in _VALUED_OPTIONS.get(base, ()) or base == "chpst"
                i += 2 if takes_value and not ASSIGNMENT.match(words[i]) else 1
        else:
            break
    return i
