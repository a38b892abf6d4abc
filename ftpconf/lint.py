"""The library's front door: read a configuration in any dialect, build the model, run the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ftpconf.diagnostics import Diagnostic, sorted_diagnostics
from ftpconf.dialects.detect import Dialect, detect
from ftpconf.model import Config
from ftpconf.source import SourceFile


class UnsupportedDialect(Exception):
    pass


@dataclass
class LintResult:
    path: str
    dialect: Dialect
    config: Config
    diagnostics: list[Diagnostic]
    texts: dict[str, str] = field(default_factory=dict)  # every file read, for code frames


def resolve_dialect(source: SourceFile, requested: str | None) -> Dialect:
    if requested and requested != "auto":
        if requested not in ("vsftpd", "proftpd", "pureftpd"):
            raise UnsupportedDialect(f"unknown dialect {requested!r}")
        return requested  # type: ignore[return-value]
    found = detect(source.path, source.text[:20000])
    if found is None:
        raise UnsupportedDialect(f"{source.path}: cannot tell which FTP daemon this file is for; use --dialect")
    return found


# Each dialect's reader module exposes ``read(source, options) -> result`` where the result has
# ``config``, ``diagnostics`` and ``texts`` (every file it read, for code frames).  Imported lazily.
READERS: dict[str, str] = {
    "vsftpd": "ftpconf.dialects.vsftpd.reader",
    "proftpd": "ftpconf.dialects.proftpd.reader",
    "pureftpd": "ftpconf.dialects.pureftpd.reader",
}


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the file: proftpd's module set and defines, the environment."""

    modules: tuple[str, ...] | None = None  # None: the dialect's default (Debian 12 stock set for proftpd)
    defines: tuple[str, ...] = ()
    environ: dict[str, str] | None = None  # None: os.environ


def lint_source(source: SourceFile, dialect: str | None = None, options: ReadOptions | None = None) -> LintResult:
    import importlib

    chosen = resolve_dialect(source, dialect)
    if chosen not in READERS:
        raise UnsupportedDialect(f"{source.path}: {chosen} files are not supported yet")
    reader = importlib.import_module(READERS[chosen])
    result = reader.read(source, options or ReadOptions())
    config, diagnostics, texts = result.config, result.diagnostics, result.texts
    del result  # the reader's documents and trees: freed before the rules run, which lowers the peak
    return finish(source.path, chosen, config, diagnostics, texts)


def lint_path(path: str, dialect: str | None = None, options: ReadOptions | None = None) -> LintResult:
    """Lint a file, or a directory: only Debian's /etc/pure-ftpd/conf/ is configuration spread over a directory."""
    import os

    from ftpconf.source import read_source

    if not os.path.isdir(path):  # the pure-ftpd reader is imported only for a directory: a cold start saves it
        return lint_source(read_source(path), dialect, options)
    from ftpconf.dialects.pureftpd.confdir import looks_like_conf_dir, read_conf_dir

    if not looks_like_conf_dir(path):
        return lint_source(read_source(path), dialect, options)  # read_source reports a plain directory
    if dialect not in (None, "auto", "pureftpd"):
        raise UnsupportedDialect(f"{path}: a directory is read as Debian's pure-ftpd conf directory, not as {dialect}")

    result = read_conf_dir(path)
    return finish(path, "pureftpd", result.config, result.diagnostics, result.texts)


def lint_invocation(command: str, dialect: str = "vsftpd") -> LintResult:
    """Lint a daemon command line such as ``vsftpd -olisten_port=2121 /etc/vsftpd.conf``."""
    from ftpconf.dialects.vsftpd.reader import parse_command_line, read_invocation

    arguments, problems = parse_command_line(command)
    result = read_invocation(arguments)
    texts = {a.path: a.text for a in arguments if isinstance(a, SourceFile)}
    if problems:
        raise UnsupportedDialect("; ".join(problems))
    return finish(result.config.sources[0], "vsftpd", result.config, result.diagnostics, texts)


def finish(
    path: str, dialect: Dialect, config: Config, diagnostics: list[Diagnostic], texts: dict[str, str]
) -> LintResult:
    from ftpconf.rules import run_checks, textfixes

    found = textfixes.attach(config, diagnostics + run_checks(config), texts)  # model findings get their fixes
    if any("ftpconf" in text for text in texts.values()):  # a suppression comment names us: most files have none
        from ftpconf import suppressions

        found = suppressions.apply(path, dialect, found, texts)
    return LintResult(path, dialect, config, sorted_diagnostics(found), texts)
