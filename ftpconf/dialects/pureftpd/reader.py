"""pure-ftpd: a configuration (pure-ftpd.conf, a command line, Debian's conf directory) -> flags -> model.

Whatever the form, pure-ftpd itself only ever sees flags: the daemon turns pure-ftpd.conf into long
options line by line (simpleconf.py), Debian's wrapper turns /etc/pure-ftpd/conf/ into short ones
(confdir.py).  So every reader produces argv words with their provenance, and one path reads them
as getopt does, applies the daemon's value checks and builds the model.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ftpconf import catalog, host_codes, input_codes
from ftpconf.catalog_pureftpd import PureftpdConfEntry
from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.dialects.base import Occurrence, ReaderResult, Repeat, Which
from ftpconf.dialects.linescan import LineDocument
from ftpconf.dialects.pureftpd import builds, codes
from ftpconf.dialects.pureftpd.builds import BuildChoice
from ftpconf.dialects.pureftpd.checks import CheckState, check
from ftpconf.dialects.pureftpd.cmdline import parse_invocation
from ftpconf.dialects.pureftpd.flags import Flag, Problem, SwitchedOff, Word, getopt
from ftpconf.dialects.pureftpd.grammar import Line, parse_text
from ftpconf.dialects.pureftpd.model_builder import build_server
from ftpconf.dialects.pureftpd.simpleconf import LineResult, match_line
from ftpconf.integers import decimal
from ftpconf.model import Config
from ftpconf.source import (
    HostPaths,
    InputError,
    ReadOptions,
    SourceFile,
    Span,
    encode,
    in_confinement,
    printable,
    read_source,
)
from ftpconf.suggest import Suggester

COMMAND_LINE = "<command line>"
Opener = Callable[[str], SourceFile]


PureftpdDocument = LineDocument[Line]  # one pureftpd configuration file, kept byte for byte


class ReadResult(ReaderResult[PureftpdDocument]):
    flags: list[Flag]
    other_texts: dict[str, str]
    build: BuildChoice  # which of Debian's binaries it was read for
    unseen: bool = False  # some settings are in a file or a `$VAR` word that cannot be read here

    @property
    def texts(self) -> dict[str, str]:
        return {**self.other_texts, **super().texts}

    @property
    def has_error(self) -> bool:
        return any(d.severity.value == "error" for d in self.diagnostics)


# -- pure-ftpd.conf ---------------------------------------------------------------------------------


@dataclass
class ConfReader:
    """Turns pure-ftpd.conf (and what it includes) into argv words, as the daemon's parser does."""

    open_file: Opener = read_source
    words: list[Word] = field(default_factory=list)
    documents: list[PureftpdDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ignored: list[SwitchedOff] = field(default_factory=list)  # boolean lines set to no
    failed: bool = False  # the daemon would refuse the file; the other lines are still read (see read_conf)
    include_budget: input_codes.IncludeBudget = field(default_factory=input_codes.IncludeBudget)
    choice: BuildChoice = field(default_factory=BuildChoice)
    stack: list[str] = field(default_factory=list)  # the files being read, outermost first
    host: HostPaths = field(default_factory=HostPaths)  # where the server's absolute paths are here

    def read(self, source: SourceFile, depth: int = 0) -> None:
        self.stack.append(source.path)
        try:
            self._read(source, depth)
        finally:
            self.stack.pop()

    def _read(self, source: SourceFile, depth: int) -> None:
        lines = parse_text(source.text)
        self.documents.append(PureftpdDocument(source.path, lines))
        pending: int | None = None
        limit = catalog.pureftpd().max_line_bytes
        for line in lines:
            if len(encode(line.text)) >= limit:
                self._fail(codes.LINE_TOO_LONG.at(Span(source.path, line.number), self._too_long(limit)))
                continue
            text = line.content
            result, after = match_line(text, _entries(self.choice.build), pending)
            if result.kind == "ok" and result.entry is not None and not result.entry.built:
                build = builds.by_conf_key(result.entry.key)
                written = text.strip().split(None, 1)[0] if text.strip() else ""
                if build is None or not self.choice.admit(build, Span(source.path, line.number), written):
                    # Another build's key: the binary this file is read for does not know it.
                    result, after = match_line(text, _entries(self.choice.build), pending)
            pending = after
            self._apply(source, line, text, result, depth)

    def _apply(self, source: SourceFile, line: Line, text: str, result: LineResult, depth: int) -> None:
        start = len(text) - len(text.lstrip())
        span = Span(source.path, line.number, start + 1, len(text) + 1)
        if result.kind == "empty":
            return
        if result.kind == "syntax":
            self._syntax(source.path, line, text, result)
        elif result.kind == "not-found":
            self._unknown(source.path, line, text)
        elif result.kind == "ignore" and result.entry is not None:
            self.ignored.append(SwitchedOff(result.entry.option or "", span, text[start:]))
        elif result.kind == "include":
            self._include(span, result.argument, depth)
        elif result.kind == "ok" and result.entry is not None:
            label = text[start:]
            # The key as written: one of a few dozen spellings, interned so a big file holds each once.
            key = sys.intern(label.split(None, 1)[0]) if label else ""
            self.words.append(Word(result.argument, span, "file", key))
            if "<any" in result.entry.template and " #" in result.values[-1]:
                self.diagnostics.append(
                    codes.COMMENT_IN_VALUE.at(
                        span,
                        f"`{result.entry.key}` is `{printable(result.values[-1])}`: pure-ftpd.conf has no trailing "
                        "comments, the `#` and what follows are part of the value",
                        fix=_comment_fix(source.path, line, text, text.find(" #", start) + 1),
                    )
                )

    def _fail(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)
        self.failed = True  # the daemon stops at the first error; every one is reported, each must be fixed

    @staticmethod
    def _too_long(limit: int) -> str:
        return f"line longer than pure-ftpd's {limit:,}-byte buffer: the daemon answers `421 Configuration error`"

    def _syntax(self, path: str, line: Line, text: str, result: LineResult) -> None:
        column = result.error_at + 1
        shown = printable(text[result.error_at :])
        daemon = f"{path}:{line.number}:{column}: syntax error line {line.number}: [{shown}]."
        message = f"syntax error: pure-ftpd stops here (`{daemon}`)"
        notes = []
        if result.entry is not None and result.entry.boolean:
            notes.append("booleans are yes/no, on/off, true/false or 1/0, with nothing after them")
        fix = None
        if "#" in text[result.error_at :] and "#" not in text[: result.error_at]:
            notes.append("comments must be on a line of their own")
            fix = _comment_fix(path, line, text, text.index("#"))
        self._fail(codes.SYNTAX.at(Span(path, line.number, column, len(text) + 1), message, *notes, fix=fix))

    def _unknown(self, path: str, line: Line, text: str) -> None:
        start = len(text) - len(text.lstrip())
        key = text[start:].split(None, 1)[0].split("=", 1)[0].split(":", 1)[0] if text.strip() else ""
        notes = []
        fix = None
        removed = {v["conf_key"] or v["debian_file"]: k for k, v in catalog.pureftpd().removed.items()}
        own = builds.by_conf_key(key)
        if own is not None:
            notes.append(f"`{key}` exists only in {own.program}; this configuration is {self.choice.why()}")
        elif key.startswith("\ufeff"):
            note, bom_fix = input_codes.byte_order_mark(path, "which the daemon reads as part of the key")
            notes.append(note)
            fix = bom_fix if line.offset == 0 and start == 0 else None
        elif key in removed:
            notes.append(f"`{key}` is not a pure-ftpd.conf key in 1.0.50 (--{removed[key]} was removed or not built)")
        else:
            close = _conf_keys().suggest(key)
            if close:
                notes.append("did you mean " + " or ".join(f"`{k}`" for k in close) + "?")
            if len(close) == 1 and key:
                fix = self._rename_fix(path, line, start, key, close[0])
        self._fail(
            codes.UNKNOWN_KEY.at(
                Span(path, line.number, start + 1, start + 1 + len(key)),
                f"unknown key `{printable(key)}`: pure-ftpd refuses to start (`property not found line {line.number}`)",
                *notes,
                fix=fix,
            )
        )

    def _rename_fix(self, path: str, line: Line, start: int, key: str, wanted: str) -> Fix:
        """Safe when ``wanted`` is the one close match, a typo of ``key`` (not another word), and no line of the
        configuration sets it already."""
        taken = any(
            other.text.split(None, 1)[0].lower() == wanted.lower()
            for document in self.documents
            for other in document.lines
            if other.kind == "setting" and other.text.strip()
        )
        from ftpconf.suggest import is_typo

        at = line.offset + start
        edit = Edit(path, at, at + len(key), wanted)
        return Fix(f"rename to `{wanted}`", (edit,), safe=not taken and is_typo(key, wanted))

    def _resolve(self, including: str, target: str) -> str:
        """The daemon opens a relative path from its working directory, which a linter cannot know:
        try it as given, then beside the including file.  An absolute path is the server's."""
        if os.path.isabs(target):
            return self.host.resolve(target)
        if os.path.exists(target):
            return target
        return os.path.join(os.path.dirname(including), target)

    def _include(self, span: Span, target: str, depth: int) -> None:
        # A file that includes itself (directly or not) nests until the daemon's depth limit; the lines
        # read meanwhile are the same ones again, so the loop is reported where it closes.
        looping = os.path.realpath(self._resolve(span.path, target)) in self.reading
        if looping or depth + 1 >= catalog.pureftpd().include_depth:
            self._fail(
                codes.INCLUDE_RECURSION.at(
                    span, f"`Include {printable(target)}` nests too deep: `[{target}]: too many levels of recursion`"
                )
            )
            return
        if not self.include_budget.admit(span, self.diagnostics):
            return
        try:
            included = self.open_file(self._resolve(span.path, target))
        except InputError:
            self.diagnostics.append(
                host_codes.INCLUDE_NOT_FOUND.at(
                    span,
                    f"`{printable(target)}` is not found {self.host.where(target)}: the settings in it are not checked",
                    "where the server lacks it too, pure-ftpd includes nothing, without a message",
                )
            )
            return
        self.read(included, depth + 1)

    @property
    def reading(self) -> set[str]:
        """The files being read, the including ones and the one at hand (their real paths)."""
        return {os.path.realpath(path) for path in self.stack}


# -- flags: the one path every reader ends in -------------------------------------------------------


def read_options(
    options: tuple[list[Flag], list[Problem]],
    path: str,
    documents: Sequence[PureftpdDocument] = (),
    diagnostics: Sequence[Diagnostic] = (),
    other_texts: Mapping[str, str] | None = None,
    choice: BuildChoice | None = None,
    switched_off: Sequence[SwitchedOff] = (),
) -> ReadResult:
    """What getopt returned -> the daemon's value checks -> the model.

    ``choice``: which of Debian's builds the options are read for (undecided: the first build-only ``-l``
    method decides); ``switched_off``: lines that set a switch to no, which the model names as declared.
    """
    choice = BuildChoice() if choice is None else choice
    flags, problems = options
    texts: dict[str, str] | None = None  # the files as text, for a range's fix: not rendered for every file
    found = list(diagnostics)
    found.extend(_problem(p) for p in problems)
    state = CheckState()
    valid: list[Flag] = []
    for flag in flags:
        if flag.dynamic:
            continue  # reported as FTP189 by the command-line reader; its value is unknown
        own = builds.by_method(flag.value or "") if flag.option.name == "login" else None
        message = None if own is not None and choice.admit(own, flag.span, flag.detail) else check(flag, state)
        if message is None:
            valid.append(flag)
            continue
        rule = codes.ILLEGAL_RANGE if flag.option.name == "passiveportrange" else codes.ILLEGAL_VALUE
        fix = None
        if rule is codes.ILLEGAL_RANGE:
            texts = texts or {**(other_texts or {}), **{doc.path: doc.text() for doc in documents}}
            fix = _swap_range_fix(flag, texts)
        note = f"`{own.method}` exists only in {own.program}; this configuration is {choice.why()}" if own else ""
        found.append(
            rule.at(
                flag.span, f"`{printable(flag.detail)}`: pure-ftpd refuses to start: `421 {message}`", note, fix=fix
            )
        )
    found.extend(_forced_ip(valid))
    server = build_server(valid, switched_off, choice.current)
    sources = tuple(doc.path for doc in documents) or (path,)
    config = Config.model_construct(dialect="pureftpd", sources=sources, servers=(server,))
    repeats = _repeated(valid, documents)
    return ReadResult(
        config, list(documents), found, repeats, flags=flags, other_texts=dict(other_texts or {}), build=choice
    )


@functools.cache
def _entries(build: builds.Build | None) -> list[PureftpdConfEntry]:
    """The templates the binary tries, in its order: the shared ones and its build's own key.  Not decided yet
    (None): every build's key, so that the first one met decides."""
    return [
        e
        for e in catalog.pureftpd().conf_entries
        if e.built or (build is None and builds.by_conf_key(e.key)) or (build is not None and e.key == build.conf_key)
    ]


@functools.cache
def _conf_keys() -> Suggester:
    """The pure-ftpd.conf keys this build knows, for "did you mean" (keys are matched case-insensitively)."""
    return Suggester((e.key for e in catalog.pureftpd().conf_entries if e.built), cutoff=0.75, limit=2)


def _comment_fix(path: str, line: Line, text: str, hash_at: int) -> Fix | None:
    """Move the ``# comment`` that starts at ``hash_at`` of the line's ``text`` onto a line of its own above,
    when what is left is a line the daemon accepts."""
    kept = text[:hash_at].rstrip()
    entries = [e for e in catalog.pureftpd().conf_entries if e.built]
    if hash_at <= 0 or match_line(kept, entries, None)[0].kind not in ("ok", "ignore"):
        return None
    indent = text[: len(text) - len(text.lstrip())]
    newline = "\r\n" if line.text.endswith("\r") else "\n"
    return Fix(
        "move the comment onto its own line",
        (
            Edit(path, line.offset, line.offset, f"{indent}{text[hash_at:]}{newline}"),
            Edit(path, line.offset + len(kept), line.offset + len(text), ""),
        ),
    )


_NUMBER_PAIR = re.compile(r"([0-9]+)([ \t]+|:)([0-9]+)")


def _swap_range_fix(flag: Flag, texts: Mapping[str, str]) -> Fix | None:
    """``40000:30000`` (or ``PassivePortRange 40000 30000``) -> ``30000:40000``, when that range is legal."""
    from ftpconf.dialects.pureftpd.cnum import scan_pair

    pair = scan_pair(flag.value or "")
    text = texts.get(flag.span.path)
    if pair is None or text is None or not 1024 <= pair[1] <= pair[0] <= 65535:
        return None
    line_start = 0
    for _ in range(flag.span.line - 1):
        line_start = text.find("\n", line_start) + 1
        if line_start == 0:
            return None
    line_end = text.find("\n", line_start)
    found = _NUMBER_PAIR.search(text, line_start + flag.span.column - 1, len(text) if line_end < 0 else line_end)
    if found is None or (decimal(found[1]), decimal(found[3])) != pair:
        return None
    path = flag.span.path
    edits = (Edit(path, found.start(1), found.end(1), found[3]), Edit(path, found.start(3), found.end(3), found[1]))
    return Fix(f"swap the two ports: {pair[1]}-{pair[0]}", edits)


def _problem(problem: Problem) -> Diagnostic:
    if problem.what == "stray":
        word = problem.word.text
        rule = codes.CONF_WITH_FLAGS if word.endswith(".conf") else codes.STRAY_ARGUMENT
        note = (
            "a configuration file is read only when it is the one and only argument"
            if rule is codes.CONF_WITH_FLAGS
            else ""
        )
        return rule.at(problem.word.span, f"pure-ftpd refuses to start: `421 {problem.message}`", note)
    return codes.UNKNOWN_FLAG.at(
        problem.word.span,
        f"pure-ftpd: {problem.message}: it refuses to start (`421 Unknown run-time option`)",
    )


def _forced_ip(flags: Sequence[Flag]) -> list[Diagnostic]:
    from ftpconf.dialects.pureftpd.hostnames import never_resolves

    found = []
    winner = next((f for f in flags if f.option.name == "forcepassiveip"), None)
    natmode = any(f.option.name == "natmode" for f in flags)
    if winner is not None and winner.value is not None and not natmode and never_resolves(winner.value):
        found.append(
            codes.UNRESOLVABLE_PASSIVE_IP.at(
                winner.span,
                f"`{printable(winner.detail)}` can never be resolved: every session ends with "
                "`421 Illegal forced IP for passive connections`",
            )
        )
    return found


def _repeated(flags: Sequence[Flag], documents: Sequence[PureftpdDocument]) -> list[Repeat]:
    """Options given more than once: the last one wins, or the first where the catalogue says so."""
    by_name: dict[str, list[Flag]] = {}
    for flag in flags:
        if flag.value is not None and flag.option.repeat != "every":
            by_name.setdefault(flag.option.name, []).append(flag)
    by_path = {doc.path: doc.lines for doc in documents}  # a line by its number: no map of every line

    def line_of(flag: Flag) -> Line | None:
        lines = by_path.get(flag.span.path) if flag.kind == "file" else None
        return lines[flag.span.line - 1] if lines and 0 < flag.span.line <= len(lines) else None

    found = []
    for group in by_name.values():
        if len(group) < 2:
            continue
        which: Which = "first" if group[0].option.repeat == "first" else "last"
        winner = group[0] if which == "first" else group[-1]

        def occurrence(flag: Flag) -> Occurrence:
            line = line_of(flag)
            text = line.text.strip() if line is not None else flag.detail  # a file's line as written
            return Occurrence(flag.span, text, flag.value, None, line is not None)

        ignored = tuple(occurrence(flag) for flag in group if flag is not winner)
        # Deleting a redundant file line is safe only when a line of a file wins, not a flag given beside it.
        found.append(Repeat(occurrence(winner), ignored, which, winner.written, winner.kind == "file"))
    return found


# -- entry points -----------------------------------------------------------------------------------


def read(source: SourceFile, options: ReadOptions | None = None, open_file: Opener = read_source) -> ReadResult:
    """Read one pure-ftpd.conf as ``pure-ftpd /path/pure-ftpd.conf`` would.

    A ``*.cmdline`` file holds a command line instead (a Dockerfile CMD, an ExecStart=, a script line);
    ``options.environ``, when given, fills in its ``$NAME`` words.
    """
    build = None if options is None else options.pureftpd_build
    if source.path.endswith(".cmdline") or flags_per_line(source.text):
        environ = None if options is None else options.environ
        result = read_cmdline(source.text.rstrip("\n"), source.path, environ, open_file, build=build)
        result.other_texts[source.path] = source.text  # the whole file: a fix rewrites it, newline included
        return result
    host = (options or ReadOptions()).host_paths(source.path)
    conf = read_conf(source, open_file, BuildChoice.of(build), host)
    parsed = getopt(conf.words)
    conf.words = []  # a word per line of a big file: freed before the model is built, which lowers the peak
    return read_options(parsed, source.path, conf.documents, conf.diagnostics, None, conf.choice, conf.ignored)


def read_conf(
    source: SourceFile,
    open_file: Opener = read_source,
    choice: BuildChoice | None = None,
    host: HostPaths | None = None,
) -> ConfReader:
    """pure-ftpd.conf -> the words the daemon passes to getopt, the documents read, the findings
    (with those of the whole configuration added), the lines that switch an option off."""
    reader = ConfReader(open_file, choice=BuildChoice() if choice is None else choice, host=host or HostPaths())
    reader.read(source)
    reader.diagnostics += [*_not_undone(reader), *_dead_beside_debian(source.path)]
    # The daemon stops at the first error and refuses the whole file (reported as an error).  The model is
    # still built from every line it accepts: what the file asks for once that line is fixed, so the rules
    # judge the admin's settings, not the compiled-in defaults a refused file would fall back to.
    return reader


def _not_undone(reader: ConfReader) -> list[Diagnostic]:
    # By key, not by option: `PAMAuthentication no` after `PureDB` leaves -l pam out, as it says; only the
    # same key's earlier `yes` (`NoAnonymous yes` ... `NoAnonymous no`) is what a `no` cannot take back.
    switched_on = {(w.text.removeprefix("--").split("=", 1)[0], w.label.casefold()): w for w in reader.words}
    found = []
    for off in reader.ignored:
        earlier = switched_on.get((off.option, off.label.split(None, 1)[0].casefold()))
        if earlier is not None:
            found.append(
                codes.BOOLEAN_NOT_UNDONE.at(
                    off.span,
                    f"this `no` has no effect: `{earlier.label}` at line {earlier.span.line} switched "
                    f"--{off.option} on, and no line can switch it off again",
                )
            )
    return found


def _dead_beside_debian(path: str) -> list[Diagnostic]:
    conf_dir = Path(path).parent / "conf"
    if not conf_dir.is_dir() or not any(conf_dir.iterdir()):
        return []
    return [
        codes.CONF_BESIDE_DEBIAN.at(
            Span(path, 1),
            f"Debian's pure-ftpd-wrapper builds the daemon's flags from {conf_dir}/ and never reads this file: "
            "its settings are dead unless the daemon is started with this file explicitly",
        )
    ]


def read_cmdline(
    command: str | Sequence[str],
    path: str = COMMAND_LINE,
    environ: Mapping[str, str] | None = None,
    open_file: Opener = read_source,
    line: int = 1,
    build: str | None = None,
) -> ReadResult:
    """Read a pure-ftpd command line: a string as written in a script or unit file, or an argv list.

    ``environ`` fills in ``$NAME`` words; without it they stay unknown and unchecked (FTP189).  ``build``:
    Debian's binary it runs on (builds.NAMES); None: the program named, else what the options show.
    """
    invocation = parse_invocation(command, environ)
    choice = BuildChoice.of(build, invocation.program)
    text = command if isinstance(command, str) else " ".join(command)
    words: list[Word] = []
    diagnostics: list[Diagnostic] = []
    unseen = False
    for index, shell_word in enumerate(invocation.words):
        at_line, column = _line_column(text, line, shell_word.column)
        span = Span(path, at_line, column, column + len(shell_word.text))
        if shell_word.dynamic:
            diagnostics.append(
                codes.DYNAMIC_VALUE.at(span, f"`{printable(shell_word.text)}` is expanded at run time: not checked")
            )
            if not _is_option_value(invocation.words[index - 1].text if index else ""):
                unseen = True
                continue  # it may stand for any number of words, or none (`pure-ftpd $CONF`: a file)
        words.append(Word(shell_word.text, span, "argv", dynamic=shell_word.dynamic))
    texts = {path: text}
    conf_mode = (len(words) == 1 and not words[0].text.startswith("-")) or invocation.config_script
    if not conf_mode or not words or words[0].dynamic:
        return _seen(read_options(getopt(words), path, (), diagnostics, texts, choice), unseen)
    conf_word, extra = words[0], words[1:]  # extra: only pure-config.pl passes further words on as flags
    try:
        source = open_file(conf_word.text)
    except InputError as exc:
        if in_confinement():
            raise  # a file of an image: the launcher says so (FTP012) and judges nothing it would set
        diagnostics.append(
            codes.DYNAMIC_VALUE.at(
                conf_word.span, f"the settings are in {conf_word.text}, which cannot be read here ({exc.reason})"
            )
        )
        return _seen(read_options(getopt(extra), path, (), diagnostics, texts, choice), unseen=True)
    conf = read_conf(source, open_file, choice)
    flags = getopt([*conf.words, *extra])
    return read_options(flags, path, conf.documents, diagnostics + conf.diagnostics, texts, choice, conf.ignored)


def _line_column(text: str, line: int, column: int) -> tuple[int, int]:
    """A 1-based column of a command line that spans lines (`\\` continuations, a flag per line) as its
    own line and column."""
    before = text.rfind("\n", 0, column - 1)
    return (line, column) if before < 0 else (line + text.count("\n", 0, column - 1), column - before - 1)


def flags_per_line(text: str) -> bool:
    """A file of command-line flags, one or more per line (CRUX's /etc/pure-ftpd.conf, which its rc script
    passes to pure-ftpd as `$(sed '/^#/d' $CONF)`), rather than pure-ftpd.conf's `Key value` lines."""
    active = [s for s in (raw.strip() for raw in text.splitlines()) if s and not s.startswith("#")]
    return bool(active) and all(s.startswith("-") for s in active)


def _seen(result: ReadResult, unseen: bool) -> ReadResult:
    result.unseen = unseen
    return result


def _is_option_value(previous: str) -> bool:
    """Is the word after ``previous`` that option's argument (``-P $HOST``), not a word of its own?"""
    if previous.startswith("--") and "=" not in previous:
        matches = [o for n, o in catalog.pureftpd().options.items() if n.startswith(previous[2:])]
        return len(matches) == 1 and matches[0].argument
    if previous.startswith("-") and len(previous) >= 2 and not previous.startswith("--"):
        # in a bundle the first letter that takes an argument takes the rest of the word, or the next word
        for position, letter in enumerate(previous[1:], start=2):
            option = catalog.pureftpd().by_short.get(letter)
            if option is not None and option.argument:
                return position == len(previous)
    return False
