"""Find pure-ftpd's argv in a command line as written in Dockerfiles, systemd units, compose files and scripts.

``exec /usr/sbin/pure-ftpd -c 50 -p 30000:30009 2>&1 | tee log``, ``ExecStart=/usr/sbin/pure-ftpd
/etc/pure-ftpd.conf``, ``CMD ["pure-ftpd", "/etc/pure-ftpd.conf"]``, ``PURE_FTPD_FLAGS="-E -j"`` and a
bare flag list all give the words pure-ftpd receives, each with its column in the text.  Words
that the shell expands at run time (``$PUBLICHOST``, ``$(...)``) are marked dynamic: their value is
unknown here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ftpconf import shellwords
from ftpconf.shellwords import ASSIGNMENT

_PROGRAM = re.compile(r"(?:^|/)(pure-ftpd(?:-[a-z]+)?|pure-config\.pl)$")
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
    """The shell words of ``text`` with their columns (``ftpconf.shellwords``); a word holding an expansion
    ``environ`` does not fill in is dynamic, kept as written.  Lines run on: a flag list may span several."""
    words: list[ShellWord] = []
    for word in shellwords.split(text):
        if word.operator:
            if word.text != "\n":
                words.append(ShellWord(word.text, word.start + 1, operator=True))
            continue
        expanded = shellwords.expand(word.raw(text), environ)
        dynamic = bool(expanded.unresolved)
        words.extend(ShellWord(field, word.start + 1, dynamic) for field in expanded.fields)
    return words


def parse_invocation(command: str | Sequence[str], environ: Mapping[str, str] | None = None) -> Invocation:
    if not isinstance(command, str):  # an argv: every word reaches the daemon, after the program if present
        words = [ShellWord(word, 1) for word in command]
        if words and _PROGRAM.search(words[0].text):
            return Invocation(words[0].text, tuple(words[1:]))
        return Invocation(None, tuple(words))
    body = shellwords.CARRIER_PREFIX.sub("", command, count=1)
    offset = len(command) - len(body)
    argv = shellwords.exec_form(body)
    if argv is not None:
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
