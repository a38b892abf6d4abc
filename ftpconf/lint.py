"""The library's front door: read a configuration in any dialect, build the model, run the rules."""

from __future__ import annotations

from collections.abc import Sequence

from ftpconf.diagnostics import Diagnostic, sorted_diagnostics
from ftpconf.dialects import registry
from ftpconf.dialects.base import InvocationError, Reading
from ftpconf.model import Config, DialectName
from ftpconf.records import MutableRecord
from ftpconf.source import HostPaths, ReadOptions, SourceFile

__all__ = ["LintResult", "ReadOptions", "UnsupportedDialect", "lint_invocation", "lint_path", "lint_source"]


class UnsupportedDialect(Exception):
    pass


class LintResult(MutableRecord):
    path: str
    dialect: DialectName
    config: Config
    diagnostics: list[Diagnostic]
    texts: dict[str, str]  # every file read, for code frames
    main: str | None = None  # a fragment read inside this file, which includes it (parts.py)
    fragment: bool = False  # a fragment no main file was found for, linted as a fragment
    root: HostPaths | None = None  # where the server's absolute paths were looked up, when not on this machine


def resolve_dialect(source: SourceFile, requested: str | None) -> registry.Dialect:
    if requested and requested != "auto":
        try:
            return registry.get(requested)
        except registry.UnknownDialect as exc:
            raise UnsupportedDialect(str(exc)) from None
    found = registry.detect(source.path, source.text[:20000])
    if found is None:
        raise UnsupportedDialect(f"{source.path}: cannot tell which FTP daemon this file is for; use --dialect")
    return found


def lint_source(source: SourceFile, dialect: str | None = None, options: ReadOptions | None = None) -> LintResult:
    from ftpconf import carriers

    # a Dockerfile, compose file, unit file or script: the command lines in it (its reader only for one of them)
    found = None
    if carriers.recognise(source.path, source.text) is not None:
        from ftpconf import launchers

        found = launchers.find(source.path, source.text)
    if found is not None:  # the command lines in it; --dialect names the daemon whose ones are checked
        from ftpconf.launchers.linting import lint_found

        wanted = None if dialect in (None, "auto") else resolve_dialect(source, dialect)
        return lint_found(source, found, options or ReadOptions(), wanted)
    chosen = resolve_dialect(source, dialect)
    reading = chosen.read(source, options or ReadOptions())
    return finish_reading(source.path, chosen.name, reading)


def lint_path(path: str, dialect: str | None = None, options: ReadOptions | None = None) -> LintResult:
    """Lint a file, or a directory that a dialect reads as a whole (Debian's /etc/pure-ftpd/conf/)."""
    import os

    from ftpconf.source import read_source

    options = options or ReadOptions()
    if not os.path.isdir(path):  # a file of a directory configuration (pure-ftpd's conf/): the directory
        path = _directory_holding(path) or path
    if not os.path.isdir(path):
        source = read_source(path)
        result = _lint_part(source, dialect, options) or lint_source(source, dialect, options)
        result.root = _root_used(options.host_paths(path), path, result.texts)
        return result
    readers = [d for d in registry.DIALECTS if d.code.reads_directory(path)]
    if not readers:
        return lint_source(read_source(path), dialect, options)  # read_source reports a plain directory
    if dialect not in (None, "auto") and all(dialect not in (d.name, *d.aliases) for d in readers):
        raise UnsupportedDialect(f"{path}: a directory is read as {readers[0].daemon} configuration, not as {dialect}")
    return finish_reading(path, readers[0].name, readers[0].code.read_directory(path, options or ReadOptions()))


def _directory_holding(path: str) -> str | None:
    import os

    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    for dialect in registry.DIALECTS:
        if folder in dialect.entry_folders:
            held = dialect.code.directory_holding(path)
            if held is not None:
                return held
    return None


def _root_used(host: HostPaths, path: str, texts: dict[str, str]) -> HostPaths | None:
    """The mapping of the server's paths, when a given root, or an inferred one that some file was read through."""
    import os

    if host.local is None:
        return None
    if not host.inferred:
        return host
    local = os.path.abspath(host.local)
    read = (os.path.abspath(p) for p in texts if p != path)
    return host if any(p.startswith(local.rstrip("/") + "/") for p in read) else None


def _lint_part(source: SourceFile, dialect: str | None, options: ReadOptions) -> LintResult | None:
    """A file that is part of a configuration (proftpd's conf.d/), linted as such (parts.py); None: a whole one."""
    if dialect in (None, "auto"):
        from ftpconf import carriers

        if carriers.recognise(source.path, source.text) is not None:
            return None
    try:
        chosen = resolve_dialect(source, dialect)
    except UnsupportedDialect:
        return None
    from ftpconf.parts import lint_part

    return lint_part(source, chosen, options)


def lint_invocation(
    command: str | Sequence[str], dialect: str | None = None, options: ReadOptions | None = None
) -> LintResult:
    """Lint a daemon command line such as ``vsftpd -olisten_port=2121 /etc/vsftpd.conf``: the program it
    names says the dialect (``dialect`` decides when the command line names none)."""
    chosen = registry.for_command(command)
    if chosen is None:
        if dialect in (None, "auto"):
            raise UnsupportedDialect("cannot tell which FTP daemon this command line starts; use --dialect")
        chosen = resolve_dialect(SourceFile("", b""), dialect)
    try:
        reading = chosen.invocation(command, options or ReadOptions())
    except InvocationError as exc:
        raise UnsupportedDialect(str(exc)) from None
    return finish_invocation(chosen, reading, options or ReadOptions())


def finish_invocation(chosen: registry.Dialect, reading: Reading, options: ReadOptions) -> LintResult:
    """A command line's findings; when some of its settings cannot be seen (``pure-ftpd $CONF``, a file not
    here), only those on what it writes: its defaults are not what runs."""
    result = finish_reading(reading.path, chosen.name, reading)
    if not reading.unseen:
        return result
    from ftpconf.parts import own_lines

    bare = chosen.invocation(chosen.daemon, options)
    return own_lines(result, finish_reading(bare.path, chosen.name, bare))


def finish_reading(path: str, dialect: DialectName, reading: Reading) -> LintResult:
    reading.facts = None  # the reader's own records (proftpd's section tree): freed before the rules run
    diagnostics = findings_of(dialect, reading)
    reading.repeats = []  # judged: freed before the model checks run, which lowers the peak
    return finish(path, dialect, reading.config, diagnostics, reading.texts)


def findings_of(dialect: str, reading: Reading) -> list[Diagnostic]:
    """What the reader reported, and the judgements on the facts it recorded."""
    from ftpconf.rules import repeats

    return reading.diagnostics + repeats.check(dialect, reading.repeats, reading.texts)


def finish(
    path: str, dialect: DialectName, config: Config, diagnostics: list[Diagnostic], texts: dict[str, str]
) -> LintResult:
    from ftpconf.rules import run_checks, textfixes
    from ftpconf.rules.defects import one_per_defect

    found = textfixes.attach(config, one_per_defect(diagnostics + run_checks(config)), texts)  # with their fixes
    if any("ftpconf" in text for text in texts.values()):  # a suppression comment names us: most files have none
        from ftpconf import suppressions

        found = suppressions.apply(path, dialect, found, texts)
    return LintResult(path, dialect, config, sorted_diagnostics(found), texts)
