"""Find pure-ftpd's argv in a command line as written in Dockerfiles, systemd units, compose files and scripts.

``exec /usr/sbin/pure-ftpd -c 50 -p 30000:30009 2>&1 | tee log``, ``ExecStart=/usr/sbin/pure-ftpd
/etc/pure-ftpd.conf``, ``CMD ["pure-ftpd", "/etc/pure-ftpd.conf"]``, ``PURE_FTPD_FLAGS="-E -j"`` and a
bare flag list all give the words pure-ftpd receives, each with its column in the text.  Words
that the shell expands at run time (``$PUBLICHOST``, ``$(...)``) are marked dynamic: their value is
unknown here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ftpconf.shellwords import ASSIGNMENT

_PREFIX = re.compile(
    r"^\s*(?:(?:CMD|ENTRYPOINT|RUN)\s+|ExecStart(?:Pre)?\s*=\s*[-@+!:]*|command\s*:\s*)?", re.IGNORECASE
)
_PROGRAM = re.compile(r"(?:^|/)(pure-ftpd(?:-[a-z]+)?|pure-config\.pl)$")
_OPERATORS = ("&&", "||", "|", ";", "&")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_REDIRECT = re.compile(r"^\d*(?:>>?|<|>&|<&)")


@dataclass(frozen=True, slots=True)
class ShellWord:
    text: str
    column: int  # 1-based column of the word in the command text
    dynamic: bool = False  # contains an expansion the shell performs at run time
    operator: bool = False


@dataclass(frozen=True)
class Invocation:
    """The program (None when the text holds only flags) and the words it receives."""

    program: str | None
    words: tuple[ShellWord, ...]

    @property
    def flavour(self) -> str:
        """``mysql`` for pure-ftpd-mysql, ``""`` for the vanilla binary."""
        if self.program is None:
            return ""
        name = self.program.rsplit("/", 1)[-1]
        return name.removeprefix("pure-ftpd-") if name.startswith("pure-ftpd-") else ""

    @property
    def config_script(self) -> bool:
        """pure-config.pl reads the conf file itself and passes further arguments on as flags."""
        return self.program is not None and self.program.endswith("pure-config.pl")


def split_words(text: str, environ: Mapping[str, str] | None = None) -> list[ShellWord]:
    """A small POSIX-shell word splitter that keeps columns; expansions become dynamic words."""
    words: list[ShellWord] = []
    pos, end = 0, len(text)
    while pos < end:
        if text[pos] in " \t\r\n":
            pos += 1
            continue
        if text.startswith("\\\n", pos):
            pos += 2
            continue
        operator = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
        if operator:
            words.append(ShellWord(operator, pos + 1, operator=True))
            pos += len(operator)
            continue
        start, value, dynamic = pos, [], False
        while pos < end and text[pos] not in " \t\r\n" and not any(text.startswith(op, pos) for op in _OPERATORS):
            ch = text[pos]
            if ch == "\\" and pos + 1 < end:
                value.append(text[pos + 1])
                pos += 2
            elif ch == "'":
                close = text.find("'", pos + 1)
                close = end if close < 0 else close
                value.append(text[pos + 1 : close])
                pos = close + 1
            elif ch == '"':
                pos += 1
                while pos < end and text[pos] != '"':
                    if text[pos] == "\\" and pos + 1 < end and text[pos + 1] in '"\\$`':
                        pos += 1
                    elif text[pos] in "$`":
                        dynamic = True
                    value.append(text[pos])
                    pos += 1
                pos += 1
            elif ch in "$`":
                expansion, pos = _expansion(text, pos)
                resolved = _resolve(expansion, environ)
                dynamic = dynamic or resolved is None
                value.append(expansion if resolved is None else resolved)
            else:
                value.append(ch)
                pos += 1
        words.append(ShellWord("".join(value), start + 1, dynamic))
    return words


def _expansion(text: str, pos: int) -> tuple[str, int]:
    """The text of ``$NAME``, ``${...}``, ``$(...)`` or a backquoted command starting at ``pos``."""
    pairs = {"${": "}", "$(": ")", "`": "`"}
    for opener, closer in pairs.items():
        if text.startswith(opener, pos):
            depth, scan = 0, pos + len(opener)
            while scan < len(text):
                if text.startswith(opener, scan) and opener != "`":
                    depth += 1
                elif text[scan] == closer:
                    if depth == 0:
                        return text[pos : scan + 1], scan + 1
                    depth -= 1
                scan += 1
            return text[pos:], len(text)
    match = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])?").match(text, pos)
    assert match is not None
    return match.group(0), match.end()


def _resolve(expansion: str, environ: Mapping[str, str] | None) -> str | None:
    if environ is None:
        return None
    name = re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", expansion)
    return environ.get(name[1]) if name else None


def parse_invocation(command: str | Sequence[str], environ: Mapping[str, str] | None = None) -> Invocation:
    if not isinstance(command, str):  # an argv: every word reaches the daemon, after the program if present
        words = [ShellWord(word, 1) for word in command]
        if words and _PROGRAM.search(words[0].text):
            return Invocation(words[0].text, tuple(words[1:]))
        return Invocation(None, tuple(words))
    body = _PREFIX.sub("", command, count=1)
    offset = len(command) - len(body)
    if body.lstrip().startswith("["):
        try:
            argv = json.loads(body)
        except ValueError:
            argv = None
        if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
            # Each word at its own opening quote: the array holds only strings, so they come in order.
            columns = [offset + m.start() + 1 for m in _JSON_STRING.finditer(body)]
            if len(columns) != len(argv):  # cannot happen for valid JSON; the array's start stands in
                columns = [offset + 1] * len(argv)
            return _from_words([ShellWord(a, column) for a, column in zip(argv, columns, strict=True)])
    words = [ShellWord(w.text, w.column + offset, w.dynamic, w.operator) for w in split_words(body, environ)]
    found = _from_words(words)
    if found.program is None and len(words) == 1 and ASSIGNMENT.match(words[0].text):
        name, _, value = words[0].text.partition("=")  # FLAGS="-E -j ...": the value holds the flags
        inner = split_words(value, environ)
        column = words[0].column + len(name) + 2
        return Invocation(None, tuple(ShellWord(w.text, column + w.column - 1, w.dynamic) for w in inner))
    return found


def _from_words(words: Sequence[ShellWord]) -> Invocation:
    program_at = next((i for i, w in enumerate(words) if not w.operator and _PROGRAM.search(w.text)), None)
    if program_at is None:
        first_flag = next((i for i, w in enumerate(words) if w.text.startswith("-") and not w.operator), None)
        start = len(words) if first_flag is None else first_flag
        return Invocation(None, _until_operator(words[start:]))
    return Invocation(words[program_at].text, _until_operator(words[program_at + 1 :]))


def _until_operator(words: Sequence[ShellWord]) -> tuple[ShellWord, ...]:
    kept: list[ShellWord] = []
    skip_next = False
    for word in words:
        if word.operator:
            break
        if skip_next:
            skip_next = False
            continue
        redirect = _REDIRECT.match(word.text)
        if redirect:
            skip_next = redirect.end() == len(word.text)  # "> file": the target is the next word
            continue
        kept.append(word)
    return tuple(kept)
