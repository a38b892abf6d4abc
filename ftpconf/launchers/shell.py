"""A shell script (``*.sh`` or a ``#!/bin/sh``-style first line): every daemon it runs or ``exec``s.

Variables the script assigns for certain before a command (``PUBLICHOST=ftp.example.org`` or ``export
X=y`` at the top level, run unconditionally) are filled in there; one assigned inside ``if``, ``case``, a
loop, a function or after ``&&``/``||`` may or may not be set, so from then on it is the environment's,
as is any variable the script does not assign (FTP014).
"""

from __future__ import annotations

from collections.abc import Mapping

from ftpconf import shellwords
from ftpconf.launchers import Found, Launch, Lines, Token, launch_of

_OPENS = {"if", "case", "for", "while", "until", "select", "function", "{"}
_CLOSES = {"fi", "esac", "done", "}"}
_LEADING = {"then", "do", "else", "elif", "!", "{"}  # reserved words before a command's own words


def read(path: str, text: str) -> Found:
    return Found("shell script", script_launches(Lines(text), 0, len(text), "script"))


def script_launches(
    lines: Lines, start: int, end: int, via: str, environ: Mapping[str, str] | None = None
) -> list[Launch]:
    """The daemons the script ``lines.text[start:end]`` starts, each with the variables set for certain before it."""
    state = _State(dict(environ or {}))
    found: list[Launch] = []
    command: list[Token] = []
    before = "\n"  # the separator before the command being read
    for word in [*shellwords.split(lines.text, start, end), shellwords.Word("\n", end, end, operator=True)]:
        if not word.operator:
            command.append(lines.token(word))
            continue
        if command:
            found.extend(state.run(command, before in ("&&", "||"), via, lines))
            command, before = [], word.text
        elif word.text != "\n":
            before = word.text  # `a &&<newline> b`: b still runs only if a succeeds
    return found


class _State:
    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.depth = 0

    def run(self, command: list[Token], conditional: bool, via: str, lines: Lines) -> list[Launch]:
        texts = [t.text for t in command]
        if texts[0] in _OPENS or texts[0].endswith("()") or texts[1:2] == ["()"]:
            self.depth += 1
        own = 0
        while own < len(texts) and texts[own] in _LEADING:
            own += 1
        if own < len(texts) and texts[own] in ("export", "readonly", "local", "declare"):
            own += 1
        words = command[own:]
        launches: list[Launch] = []
        if words and all(shellwords.ASSIGNMENT.match(t.text) for t in words):
            for token in words:
                name, _, value = (token.raw or token.text).partition("=")
                expanded = shellwords.expand(value, self.known)
                if self.depth > 0 or conditional or expanded.unresolved:
                    self.known.pop(name, None)  # set or not, depending on what happens at run time
                else:
                    self.known[name] = " ".join(expanded.fields)  # an assignment is not split into words
        elif words and words[0].text == "unset":
            for token in words[1:]:
                self.known.pop(token.text, None)
        else:
            launches = launch_of(command, via, lines, self.known)
        if texts[0] in _CLOSES or texts[-1] in _CLOSES:
            self.depth = max(self.depth - 1, 0)
        return launches
