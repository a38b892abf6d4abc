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
from collections.abc import Mapping, Sequence
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
        operator = next((op for op in _OPERATORS if text.startswith(op, i) and not text.startswith("&>", i)), None)
        if operator:
            words.append(Word(operator, i, i + len(operator), operator=True))
            i += len(operator)
            continue
        begin = i
        i = _word_end(text, i + 2 if text.startswith("&>", i) else i, stop)  # bash's `&>file`: a redirection
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


def exec_form(body: str) -> list[str] | None:
    """The words of a command in exec form, a JSON array of strings (``["pure-ftpd", "-j"]``); None for any
    other text, which a shell splits."""
    if not body.lstrip().startswith("["):
        return None
    import json  # only for a command that looks like one

    try:
        argv = json.loads(body)
    except ValueError:
        return None
    return argv if isinstance(argv, list) and all(isinstance(a, str) for a in argv) else None


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


# A redirection word (``>log``, ``2>&1``, ``&>/dev/null``); the operator alone takes the next word as its target.
REDIRECT = re.compile(r"^\d*(?:>>?|<<?|>&|<&|&>>?|>\|)")


def program_start(words: Sequence[str]) -> int:
    """Where the program is among a command's words: runners (exec, env, gosu USER, tini --, sudo -u X)
    and VAR=value before it are skipped."""
    i = 0
    while i < len(words):
        word = words[i]
        base = word.rsplit("/", 1)[-1]
        redirect = REDIRECT.match(word)
        if redirect:  # `&>/dev/null vsftpd ...`, `2>&1 > log vsftpd`: redirections may come first
            i += 2 if redirect.end() == len(word) else 1
        elif ASSIGNMENT.match(word) or word in _RUNNERS or base in _INITS or word == "--":
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


# -- expansions: what the shell makes of ``$NAME`` and ``${NAME:-word}`` when the value is known ---------

# A command as quoted in a carrier (``CMD ...``, ``ExecStart=...``, ``command: ...``): the carrier's keyword.
CARRIER_PREFIX = re.compile(
    r"^\s*(?:(?:CMD|ENTRYPOINT|RUN)\s+|ExecStart(?:Pre)?\s*=\s*[-@+!:]*|command\s*:\s*)?", re.IGNORECASE
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAMETER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?])(.*))?", re.S)
_IFS = re.compile(r"[ \t\n]+")


@dataclass(frozen=True, slots=True)
class Expanded:
    """One raw word after the shell's parameter expansion, quote removal and field splitting."""

    fields: tuple[str, ...]  # the words the program receives: none when an unquoted empty expansion vanishes
    unresolved: tuple[str, ...] = ()  # expansions whose value is unknown, as written: then ``fields`` is
    # the one word with those expansions kept as written


def expand(raw: str, environ: Mapping[str, str] | None) -> Expanded:
    """``raw`` as the shell hands it over when the variables in ``environ`` are known; any other variable is
    the environment's, so a word using it (``${PORTS:-30000:30099}`` too) is unresolved."""
    scan = _Expansion(raw, environ or {})
    scan.run()
    if scan.unresolved:
        return Expanded(("".join(scan.written),), tuple(scan.unresolved))
    return Expanded(tuple(scan.fields), ())


class _Expansion:
    def __init__(self, raw: str, environ: Mapping[str, str]) -> None:
        self.raw, self.environ = raw, environ
        self.fields: list[str] = []
        self.current: list[str] = []
        self.started = False  # the current field exists (even empty, as ``""`` does)
        self.written: list[str] = []  # quotes removed, unknown expansions kept: the word when one is unknown
        self.unresolved: list[str] = []

    def literal(self, text: str) -> None:
        self.current.append(text)
        self.written.append(text)
        self.started = True

    def value(self, text: str, quoted: bool) -> None:
        self.written.append(text)
        if quoted:
            self.current.append(text)
            self.started = True
            return
        for index, part in enumerate(_IFS.split(text)):
            if index:
                self._close()
            if part:
                self.current.append(part)
                self.started = True

    def _close(self) -> None:
        if self.started:
            self.fields.append("".join(self.current))
        self.current, self.started = [], False

    def run(self) -> None:
        raw, i, quoted = self.raw, 0, False
        while i < len(raw):
            ch = raw[i]
            if ch == "\\":
                following = raw[i + 1 : i + 2]
                if following == "\n":
                    i += 2
                elif quoted and following not in ('"', "\\", "$", "`"):
                    self.literal("\\")
                    i += 1
                else:
                    self.literal(following)
                    i += 2
            elif ch == "'" and not quoted:
                close = raw.find("'", i + 1)
                close = len(raw) if close < 0 else close
                self.literal(raw[i + 1 : close])
                i = close + 1
            elif ch == '"':
                quoted = not quoted
                self.started = True
                i += 1
            elif ch in "$`":
                i = self._expansion(i, quoted)
            else:
                self.literal(ch)
                i += 1
        self._close()

    def _expansion(self, i: int, quoted: bool) -> int:
        raw = self.raw
        end = _expansion_end(raw, i)
        text = raw[i:end]
        if text == "$":
            self.literal("$")
            return end
        value = self._value(text)
        if value is None:
            self.unresolved.append(text)
            self.written.append(text)
            self.started = True
        else:
            self.value(value, quoted)
        return end

    def _value(self, text: str) -> str | None:
        """The value of one ``$...`` expansion; None when it depends on what is not known."""
        if text.startswith("${") and text.endswith("}"):
            match = _PARAMETER.fullmatch(text[2:-1])
        elif text.startswith("$") and _NAME.fullmatch(text[1:]):
            match = _PARAMETER.fullmatch(text[1:])
        else:
            return None  # $(...), `...`, $1, $@, ${#NAME}: run time only
        if match is None:
            return None
        name, operator, word = match.groups()
        value = self.environ.get(name)
        if value is None:
            return None  # not known to be unset either: the environment decides, even with a default
        if operator is None:
            return value
        unset_or_empty = operator.startswith(":") and value == ""
        if operator.endswith("+"):
            return "" if unset_or_empty else _word_value(word, self.environ)
        if not unset_or_empty:
            return value
        if operator.endswith("?"):
            return None  # the shell stops with an error: not for us to guess
        return _word_value(word, self.environ)


def _word_value(word: str, environ: Mapping[str, str]) -> str | None:
    inner = expand(word, environ)
    return None if inner.unresolved else " ".join(inner.fields)


def _expansion_end(raw: str, i: int) -> int:
    """Just past the ``$NAME``, ``${...}``, ``$(...)`` or backquoted command starting at ``i``."""
    if raw[i] == "`":
        close = raw.find("`", i + 1)
        return len(raw) if close < 0 else close + 1
    if raw.startswith(("${", "$("), i):
        opener, closer = raw[i + 1], "}" if raw[i + 1] == "{" else ")"
        depth, j = 1, i + 2
        while j < len(raw) and depth:
            depth += (raw[j] == opener) - (raw[j] == closer)
            j += 1
        return j
    name = _NAME.match(raw, i + 1)
    if name:
        return name.end()
    return i + 2 if i + 1 < len(raw) and raw[i + 1] in "0123456789@*#?$!-" else i + 1
