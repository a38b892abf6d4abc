"""A file that is part of a configuration (proftpd's ``conf.d/*.conf``): linted where the daemon reads it.

A fragment means something only inside the file that includes it.  Linted alone it has no ServerName,
no TLS, no passive range, and every judgement about what the whole server lacks would be false.  So:

- when a main file includes it (the dialect names the candidates: ``[proftpd] main`` in the project
  file, else a ``proftpd.conf`` in the directories above), the main file is read, with its root, and the
  findings that lie in the fragment are the fragment's;
- when none does, it is linted as a fragment: what its own lines show, without the judgements that the
  empty configuration would get too (those are about what is absent) nor those listed in WHOLE_SERVER.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ftpconf.source import InputError, SourceFile, read_source

if TYPE_CHECKING:
    from ftpconf.diagnostics import Diagnostic
    from ftpconf.dialects.registry import Dialect
    from ftpconf.lint import LintResult
    from ftpconf.source import ReadOptions

# Rules that judge the server as a whole, whichever line they point at: what the rest of the
# configuration may settle (a passive range, TLS being required, which data commands are open, what
# a firewall lets through).  A fragment alone cannot show them.
WHOLE_SERVER = frozenset(
    {
        "FTP121",  # no login allowed
        "FTP206",  # no passive range
        "FTP208",  # no data connection works
        "FTP209",  # an extended data command left open
        "FTP501",  # TLS off
        "FTP502",  # TLS not required
        "FTP601",  # anonymous login by default
        "FTP640",  # local users not chrooted
    }
)
WHOLE_SERVER_PREFIXES = ("FTP4",)  # firewall cross-checks: the ports may be set elsewhere


def lint_part(source: SourceFile, dialect: Dialect, options: ReadOptions) -> LintResult | None:
    """The fragment's findings in context, or as a fragment; None when ``source`` is a whole configuration."""
    from ftpconf.lint import lint_source

    mains = dialect.code.main_files(source.path, options)
    fragment = dialect.code.is_fragment(source.path)
    if not mains and not fragment:
        return None
    me = os.path.realpath(source.path)
    for main in mains:
        try:
            whole = lint_source(read_source(main), dialect.name, options)
        except InputError:
            continue
        read = [path for path in whole.texts if os.path.realpath(path) == me]
        if read:
            return _in_context(whole, source.path, read[0], main)
    if not fragment:
        return None
    empty = lint_source(SourceFile(source.path, b""), dialect.name, options)
    return _alone(lint_source(source, dialect.name, options), empty)


def _in_context(whole: LintResult, path: str, spelled: str, main: str) -> LintResult:
    """The main file's findings that lie in the fragment, under the fragment's own name."""
    from ftpconf.lint import LintResult

    mine = [_renamed(d, spelled, path) for d in whole.diagnostics if d.span.path == spelled]
    return LintResult(path, whole.dialect, whole.config, mine, {path: whole.texts[spelled]}, main=main)


def _renamed(diagnostic: Diagnostic, old: str, new: str) -> Diagnostic:
    if old == new:
        return diagnostic
    fix = diagnostic.fix
    if fix is not None:
        edits = tuple(e.replace(path=new) if e.path == old else e for e in fix.edits)
        fix = fix.replace(edits=edits)
    return diagnostic.replace(span=diagnostic.span.replace(path=new), fix=fix)


def _alone(result: LintResult, empty: LintResult) -> LintResult:
    """What a fragment's own lines show: not what the empty configuration gets too, nor whole-server judgements."""
    result = own_lines(result, empty)
    result.fragment = True
    return result


def own_lines(result: LintResult, empty: LintResult) -> LintResult:
    """The findings on what the lines themselves say, for a configuration partly elsewhere (a fragment, a
    command line whose file cannot be read): not what the empty one gets too, nor whole-server judgements."""
    absent = {(d.code, d.span) for d in empty.diagnostics}
    result.diagnostics = [d for d in result.diagnostics if (d.code, d.span) not in absent and not _whole_server(d.code)]
    return result


def _whole_server(code: str) -> bool:
    return code in WHOLE_SERVER or code.startswith(WHOLE_SERVER_PREFIXES)


def covered(results: list[LintResult]) -> list[LintResult]:
    """A fragment read in its main file is left out when that main file is linted too (its findings come with
    it), and a directory configuration is linted once however many of its files were named (pure-ftpd's conf/)."""
    linted = {os.path.realpath(r.path) for r in results}
    kept: list[LintResult] = []
    seen: set[str] = set()
    for result in results:
        real = os.path.realpath(result.path)
        again = real in seen and os.path.isdir(real)
        if again or (result.main is not None and os.path.realpath(result.main) in linted):
            continue
        seen.add(real)
        kept.append(result)
    return kept
