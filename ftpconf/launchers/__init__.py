"""Daemon command lines where admins keep them: Dockerfiles, compose files, systemd units, supervisord, scripts.

``recognise(path, text)`` says which carrier a file is (by its name, else its content); ``find`` gives
each daemon invocation in it as :class:`Launch`: the words the daemon receives, each with its line and
column in the carrying file, and the dialect-table row whose program the first word names.  Linting
them is ``ftpconf.lint``'s job; this package only reads the carriers.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ftpconf import shellwords
from ftpconf.carriers import CARRIERS
from ftpconf.carriers import recognise as recognise  # the package's own name for it, as before

if TYPE_CHECKING:
    from ftpconf.diagnostics import RuleInfo
    from ftpconf.dialects.registry import Dialect


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a command line, where it stands in the carrying file."""

    text: str  # as the program receives it
    line: int  # 1-based
    column: int  # 1-based, of the token's first character (its opening quote, if quoted)
    width: int  # characters of the token on that line
    raw: str = ""  # the token as shell source (quotes kept), when it is one; "" for JSON and YAML strings
    shell: bool = False  # written as shell source: its expansions happen at run time
    unresolved: tuple[str, ...] = ()  # the carrier's own interpolations (compose ${VAR}) it could not fill in


@dataclass(frozen=True)
class Launch:
    """A daemon started by a carrier: the program's word first, then its arguments."""

    dialect: Dialect
    words: tuple[Token, ...]
    via: str  # where the carrier says it: "CMD", "ExecStart=", "command:" ...
    settings_dir: str = ""  # the program only starts the daemon with settings kept in this directory
    context: str = ""  # what the carrier says of the environment it leaves out (a missing env_file)
    # words whose expansions take values this file does not give ($PUBLICHOST, $(hostname)): handed over as
    # written, with those expansions
    unresolved: tuple[tuple[Token, tuple[str, ...]], ...] = ()
    # unquoted expansions that came to nothing, so no word at all: (the word before it, the vanished word)
    vanished: tuple[tuple[Token | None, Token], ...] = ()


@dataclass
class Found:
    """What a carrier holds: its kind and the daemon invocations in it."""

    kind: str  # "Dockerfile", "compose file", "systemd unit", "supervisord configuration", "shell script"
    launches: list[Launch] = field(default_factory=list)
    in_container: bool = False  # absolute paths name files inside an image, not on this machine
    files: dict[str, str] = field(default_factory=dict)  # image path -> file on this machine (COPY, volumes)
    inline: dict[str, Inline] = field(default_factory=dict)  # image path -> text written in the carrier itself
    build_only: dict[str, int] = field(default_factory=dict)  # Dockerfile ARG names not in ENV -> their line
    problems: list[Problem] = field(default_factory=list)  # what the carrier itself gets wrong


@dataclass(frozen=True)
class Inline:
    """A file whose text stands in the carrier (``COPY <<EOF /etc/vsftpd.conf``): its first line there."""

    text: str
    line: int  # the carrier's line of the text's first line


@dataclass(frozen=True)
class Problem:
    """A defect of the carrier itself (a rule of ``ftpconf.input_codes``), where it stands."""

    rule: RuleInfo
    line: int
    column: int
    width: int
    message: str


def find(path: str, text: str) -> Found | None:
    """The daemon invocations a carrier holds; None when the file is no carrier."""
    module = recognise(path, text)
    if module is None:
        return None
    kind = dict(CARRIERS)[module]
    reader = importlib.import_module(f"ftpconf.launchers.{module}")
    found: Found = reader.read(path, text)
    found.kind = kind
    return found


# -- positions ---------------------------------------------------------------------------------------


class Lines:
    """Offsets of a text as 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def token(self, word: shellwords.Word) -> Token:
        line, column = self.at(word.start)
        raw = self.text[word.start : word.end]
        same_line = "\n" not in raw
        width = len(raw) if same_line else len(raw.split("\n", 1)[0])
        return Token(word.text, line, column, width, raw if same_line else "", shell=True)


# -- from words to daemon invocations -----------------------------------------------------------------

_SHELLS = {"sh", "bash", "dash", "ash", "ksh", "zsh"}


def simple_commands(tokens: Sequence[Token], operators: Sequence[bool]) -> list[list[Token]]:
    """Words cut at the shell's separators."""
    commands: list[list[Token]] = [[]]
    for token, operator in zip(tokens, operators, strict=True):
        if operator:
            commands.append([])
        else:
            commands[-1].append(token)
    return [c for c in commands if c]


def program_words(words: Sequence[Token]) -> list[Token]:
    """The words from the program on (``shellwords.program_start``)."""
    return list(words[shellwords.program_start([w.text for w in words]) :])


def arguments(words: Sequence[Token]) -> list[Token]:
    """The words a program receives: redirections and their targets left out."""
    kept: list[Token] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        match = shellwords.REDIRECT.match(word.text) if word.shell else None
        if match:
            skip = match.end() == len(word.text)
            continue
        kept.append(word)
    return kept


_SSD_PROGRAM = ("--exec", "-x", "--startas", "-a")


def _started_by_ssd(words: Sequence[Token]) -> list[Token]:
    """What `start-stop-daemon --start ... --exec PROG -- ARGS` runs: PROG and ARGS; nothing for --stop."""
    texts = [w.text for w in words]
    if not {"--start", "-S"} & set(texts):
        return []
    end = texts.index("--") if "--" in texts else len(texts)
    named = [i + 1 for i, t in enumerate(texts[:end]) if t in _SSD_PROGRAM and i + 1 < end]
    named += [i for i, t in enumerate(texts[:end]) if t.startswith(tuple(o + "=" for o in _SSD_PROGRAM[::2]))]
    if not named:
        return []
    at = named[-1]  # --startas wins over --exec when both are given, and it comes later in practice
    program = words[at]
    if "=" in program.text and program.text.startswith("--"):
        value = program.text.split("=", 1)[1]
        program = replace(program, text=value)
    return [program, *words[end + 1 :]]


def launch_of(
    words: Sequence[Token], via: str, lines: Lines | None = None, environ: Mapping[str, str] | None = None
) -> list[Launch]:
    """The daemon a simple command starts (through runners and ``sh -c``), if any.  ``environ``: the
    variables the carrier sets for the shell that runs it (Dockerfile ENV); any other is unknown."""
    from ftpconf.dialects import registry

    expanded = _expanded(words, environ)
    words = program_words(expanded.words)
    if not words:
        return []
    program = words[0]
    base = program.text.rsplit("/", 1)[-1]
    if base == "start-stop-daemon":  # Debian's init scripts: `--start ... --exec PROG -- ARGS` runs PROG ARGS
        words = _started_by_ssd(words)
        if not words:
            return []
        program = words[0]
        base = program.text.rsplit("/", 1)[-1]
    if base in _SHELLS and len(words) >= 3 and words[1].text == "-c":
        return inner_launches(words[2], via, lines, environ)
    directory = registry.settings_directory(program.text)
    if directory is not None:
        return [Launch(directory[0], (program,), via, directory[1])]
    dialect = registry.for_command([program.text])
    if dialect is None:
        return []
    kept = arguments(words)
    unresolved = tuple((t, e) for t, e in expanded.unresolved if t in kept)
    return [Launch(dialect, tuple(kept), via, unresolved=unresolved, vanished=tuple(expanded.vanished))]


@dataclass
class _Expanded:
    words: list[Token] = field(default_factory=list)
    unresolved: list[tuple[Token, tuple[str, ...]]] = field(default_factory=list)
    vanished: list[tuple[Token | None, Token]] = field(default_factory=list)


def _expanded(words: Sequence[Token], environ: Mapping[str, str] | None) -> _Expanded:
    """Shell words after parameter expansion, as far as ``environ`` tells the values (``shellwords.expand``).
    A word whose value is known becomes what the program receives (none, one or several words), placed at
    the word as written; the others stay as written."""
    out = _Expanded()
    for token in words:
        if token.unresolved:
            out.words.append(token)
            out.unresolved.append((token, token.unresolved))
            continue
        if not token.shell or not token.raw or not shellwords.dynamic(token.raw):
            out.words.append(token)
            continue
        result = shellwords.expand(token.raw, environ)
        if result.unresolved:
            out.words.append(token)
            out.unresolved.append((token, result.unresolved))
            continue
        if not result.fields:
            out.vanished.append((out.words[-1] if out.words else None, token))
        out.words.extend(Token(f, token.line, token.column, token.width) for f in result.fields)
    return out


def inner_launches(
    script: Token, via: str, lines: Lines | None, environ: Mapping[str, str] | None = None
) -> list[Launch]:
    """``sh -c 'SCRIPT'``: the commands of the script, placed in the file where the script's text stands."""
    if lines is not None:
        start = lines.starts[script.line - 1] + script.column  # just past the opening quote
        quoted = script.raw[:1] in ("'", '"') and script.raw[-1:] == script.raw[:1]
        as_written = not script.raw and lines.text[start : start + len(script.text)] == script.text  # no escapes
        if quoted or (as_written and script.width == len(script.text) + 2):
            return shell_launches(lines, start, start + script.width - 2, via, environ)
    # a JSON or YAML string: scan its text on its own, and place every word at the string's token
    inner = Lines(script.text)
    found = []
    for launch in shell_launches(inner, 0, len(script.text), via, environ):

        def at_string(word: Token) -> Token:
            return Token(word.text, script.line, script.column, script.width, "", word.shell)

        found.append(
            Launch(
                launch.dialect,
                tuple(at_string(w) for w in launch.words),
                via,
                launch.settings_dir,
                unresolved=tuple((at_string(t), e) for t, e in launch.unresolved),
                vanished=tuple((None if p is None else at_string(p), at_string(v)) for p, v in launch.vanished),
            )
        )
    return found


def shell_launches(
    lines: Lines, start: int, end: int, via: str, environ: Mapping[str, str] | None = None
) -> list[Launch]:
    """Every daemon the shell text ``lines.text[start:end]`` starts."""
    words = shellwords.split(lines.text, start, end)
    tokens = [lines.token(w) for w in words]
    found: list[Launch] = []
    for command in simple_commands(tokens, [w.operator for w in words]):
        found.extend(launch_of(command, via, lines, environ))
    return found


def argv_launches(
    argv: Sequence[Token], via: str, lines: Lines | None = None, environ: Mapping[str, str] | None = None
) -> list[Launch]:
    """The daemon an exec-form argv starts (no shell: its words are not split or expanded; ``environ`` is
    for the shell of an ``sh -c`` among them)."""
    return launch_of(argv, via, lines, environ)
