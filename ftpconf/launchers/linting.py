"""Lint the daemon invocations a carrier holds, each through the dialect table, with findings placed in the carrier.

Each invocation is handed to its dialect's ``invocation`` as one command string built from its words
(shell words as written, so ``$HOST`` stays an expansion; JSON and YAML strings quoted), and every
finding on that string is moved to the token it points into: a pure-ftpd flag on line 14, column 22
of the Dockerfile.  One file gives one result: the report, the project settings and the exit status
go by file, as for any configuration file; the model is the first invocation's.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections.abc import Iterator, Sequence
from contextlib import ExitStack

from ftpconf import input_codes
from ftpconf.diagnostics import Diagnostic, Fix, sorted_diagnostics
from ftpconf.dialects import registry
from ftpconf.dialects.base import COMMAND_LINE, InvocationError
from ftpconf.launchers import Found, Inline, Launch, Token
from ftpconf.lint import LintResult, finish_invocation
from ftpconf.model import Config
from ftpconf.source import InputError, ReadOptions, SourceFile, Span, confined, overlay, printable

_MAX_MISSING = 8  # files a command line names that are not here, before we give up on it


@dataclasses.dataclass(frozen=True)
class _Piece:
    start: int  # 0-based offset of the word in the command string
    text: str  # the word as written in the command string
    token: Token


def command_string(words: Sequence[Token]) -> tuple[str, list[_Piece]]:
    pieces: list[_Piece] = []
    offset = 0
    for token in words:
        written = token.raw if token.raw else shlex.quote(token.text)
        pieces.append(_Piece(offset, written, token))
        offset += len(written) + 1
    return " ".join(p.text for p in pieces), pieces


def place(span: Span, pieces: Sequence[_Piece], path: str) -> Span:
    """A span on the command string, moved to the token of the carrier it points into."""
    column = max(span.column - 1, 0)
    piece = next((p for p in reversed(pieces) if p.start <= column), pieces[0])
    token = piece.token
    into = column - piece.start  # 0: the whole word, at its first character (an opening quote)
    quoted = into > 0 and not token.raw and piece.text == token.text and token.width == len(token.text) + 2
    start = token.column + quoted + min(into, max(token.width - 1 - quoted, 0))
    end = token.column + token.width
    if span.end_column is not None:  # the end may lie in a later word (`-p 30009:30000`): so far, on this line
        last_column = max(span.end_column - 2, column)
        last = next((p for p in reversed(pieces) if p.start <= last_column), piece)
        if last.token.line == token.line and last.token.column >= token.column:
            end = last.token.column + min(last_column - last.start + 1, last.token.width)
    return Span(path, token.line, start, max(end, start + 1))


def lint_found(
    source: SourceFile, found: Found, options: ReadOptions, wanted: registry.Dialect | None = None
) -> LintResult:
    """``wanted``: only that daemon's command lines (``--dialect``); None: every daemon's."""
    path = source.path
    if wanted is not None:
        found.launches = [launch for launch in found.launches if launch.dialect is wanted]
    diagnostics: list[Diagnostic] = []
    texts = {path: source.text}
    first: LintResult | None = None
    for launch in found.launches:
        result = _lint_launch(path, found, launch, options, diagnostics)
        if result is None:
            continue
        first = first or result
        texts.update({name: text for name, text in result.texts.items() if name != COMMAND_LINE})
    diagnostics.extend(p.rule.at(Span(path, p.line, p.column, p.column + p.width), p.message) for p in found.problems)
    if not found.launches:
        diagnostics.append(
            input_codes.NO_DAEMON_COMMAND.at(
                Span(path, 1, 1),
                f"this {found.kind} starts no FTP daemon (vsftpd, proftpd, pure-ftpd): nothing to check"
                if wanted is None
                else f"this {found.kind} starts no {wanted.daemon} (--dialect): nothing to check",
            )
        )
    diagnostics = list(dict.fromkeys(diagnostics))  # one service extending another runs the same words twice
    if first is None:
        dialect = found.launches[0].dialect if found.launches else wanted or registry.DIALECTS[0]
        config = Config.model_construct(dialect=dialect.name, sources=(path,), servers=())
        return LintResult(path, dialect.name, config, sorted_diagnostics(diagnostics), texts)
    return LintResult(path, first.dialect, first.config, sorted_diagnostics(diagnostics), texts)


def _lint_launch(
    path: str, found: Found, launch: Launch, options: ReadOptions, out: list[Diagnostic]
) -> LintResult | None:
    program = launch.words[0]
    program_span = Span(path, program.line, program.column, program.column + program.width)
    if launch.settings_dir:
        out.append(
            input_codes.SETTINGS_ELSEWHERE.at(
                program_span,
                f"`{printable(program.text)}` ({launch.via}) starts {launch.dialect.daemon} with the settings in "
                f"{launch.settings_dir}, one file per option: lint that directory",
            )
        )
        return None
    out.extend(_unresolved(path, found, launch))
    command, pieces = command_string(launch.words)
    here = {image: _read(local) for image, local in found.files.items()}
    here.update({image: inline.text.encode() for image, inline in found.inline.items()})
    missing: list[str] = []
    while True:
        try:
            with ExitStack() as stack:
                stack.enter_context(overlay({**here, **dict.fromkeys(missing, b"")}))
                if found.in_container:
                    stack.enter_context(confined("is a file of the image, not of this machine"))
                result = _lint(command, launch, options)
            break
        except InputError as exc:
            if exc.path in missing or len(missing) >= _MAX_MISSING:
                return None
            missing.append(exc.path)
            named = next((p for p in pieces if p.token.text.endswith(exc.path)), pieces[0])
            if any(named.token is token for token, _ in launch.unresolved):
                continue  # `vsftpd $CONF`: FTP014 already says the word is not known here
            where = exc.reason if exc.reason.startswith("is ") else f"is not here ({exc.reason})"
            out.append(
                input_codes.SETTINGS_ELSEWHERE.at(
                    Span(path, named.token.line, named.token.column, named.token.column + named.token.width),
                    f"{launch.dialect.daemon} ({launch.via}) reads {printable(exc.path)}, which {where}: "
                    "only the command line is checked; lint that file too",
                )
            )
        except InvocationError as exc:
            if not any(t.text in str(exc) for t, _ in launch.unresolved):  # else: a value we do not know
                out.append(input_codes.REFUSED_COMMAND_LINE.at(program_span, f"{launch.via}: {exc}"))
            return None
    local = {image: found.files[image] for image in found.files}
    for diagnostic in result.diagnostics:
        where = diagnostic.span.path
        if where in missing or (missing and diagnostic.rule.check is not None and not _on_its_own(diagnostic)):
            continue  # the configuration is not here: its findings, and the model's, would be guesses
        if where == COMMAND_LINE:
            span = place(diagnostic.span, pieces, path)
            if any(_on(span, token) for token, _ in launch.unresolved):
                continue  # judged on a value we do not know: FTP014 says so
            notes = diagnostic.notes + tuple(_vanished_note(span, launch))
            out.append(diagnostic.replace(span=span, fix=None, notes=notes))
        elif where in found.inline:
            out.append(_inline(diagnostic, path, found.inline[where]))
        elif where in local:
            out.append(_moved(diagnostic, where, local[where]))
        else:
            out.append(diagnostic)
    result.texts = {
        local.get(name, name): text
        for name, text in result.texts.items()
        if name not in missing and name not in found.inline
    }
    return result


# Model findings judged on one value the command line itself writes, whatever the unread file holds
# (vsftpd applies -o options after its file): the advertised passive address.
_VALUE_ALONE = frozenset({"FTP301", "FTP302", "FTP303", "FTP304", "FTP340"})


def _on_its_own(diagnostic: Diagnostic) -> bool:
    return diagnostic.span.path == COMMAND_LINE and diagnostic.span.column > 1 and diagnostic.code in _VALUE_ALONE


def _on(span: Span, token: Token) -> bool:
    return span.line == token.line and token.column <= span.column < token.column + max(token.width, 1)


_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)(.*)\}", re.S)


def _unresolved(path: str, found: Found, launch: Launch) -> Iterator[Diagnostic]:
    """FTP014 on each word whose value the environment gives at run time, not this file."""
    for token, expansions in launch.unresolved:
        names = [e for e in expansions if e.startswith("$") and not e.startswith("$(")]
        build_only = [n for n in (e.strip("${}").split(":")[0] for e in names) if n in found.build_only]
        note = (
            f"ARG {build_only[0]} (line {found.build_only[build_only[0]]}) is set only while the image is built; "
            "at run time the variable comes from `docker run -e` or the orchestrator"
            if build_only
            else ""
            if token.unresolved  # the carrier's own interpolation (compose): not the container's environment
            else launch.context
        )
        written = token.raw or token.text
        word = "the word" if written in expansions else f"`{printable(written)}`"
        notes = [note] if note else []
        notes.extend(
            f"with `{d.group(1)}` unset{' or empty' if d.group(2) == ':-' else ''}, it is `{printable(d.group(3))}`"
            for d in (_DEFAULT.fullmatch(e) for e in expansions)
            if d is not None
        )
        following = launch.words[launch.words.index(token) + 1 :] if token in launch.words else ()
        if following and written in expansions and not token.unresolved:  # a bare $VAR, unquoted
            notes.append(
                f"unquoted, an empty value is no word at all: `{printable(following[0].text)}` would take its place"
            )
        yield input_codes.from_environment(
            Span(path, token.line, token.column, token.column + token.width),
            expansions,
            f" ({launch.via})",
            f"{launch.dialect.daemon} starts",
            f"this {found.kind} does not set for certain",
            word,
            *notes,
        )


def _vanished_note(span: Span, launch: Launch) -> Iterator[str]:
    """A finding on the word just before an empty unquoted expansion: the words after it moved up."""
    for before, gone in launch.vanished:
        if before is not None and _on(span, before):
            yield (
                f"`{printable(gone.raw or gone.text)}` (line {gone.line}, column {gone.column}) expands to nothing "
                "and, unquoted, is no word at all: the next word takes its place"
            )


def _inline(diagnostic: Diagnostic, path: str, inline: Inline) -> Diagnostic:
    """A finding in a file the carrier writes itself (a heredoc), moved to where its text stands."""
    span = diagnostic.span
    moved = span.replace(path=path, line=span.line + inline.line - 1)
    return diagnostic.replace(span=moved, fix=None)


def _lint(command: str, launch: Launch, options: ReadOptions) -> LintResult:
    return finish_invocation(launch.dialect, launch.dialect.invocation(command, options), options)


def _moved(diagnostic: Diagnostic, image_path: str, local: str) -> Diagnostic:
    """A finding in a file of the image, moved to the file beside the carrier it was copied from."""
    fix = diagnostic.fix
    if fix is not None:
        edits = tuple(e.replace(path=local) if e.path == image_path else e for e in fix.edits)
        fix = Fix(fix.description, edits, fix.safe)
    return diagnostic.replace(span=diagnostic.span.replace(path=local), fix=fix)


def _read(local: str) -> bytes:
    with open(local, "rb") as handle:
        return handle.read()
