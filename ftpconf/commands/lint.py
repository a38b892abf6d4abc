"""``ftpconf lint``: check configuration files and command lines, print a report."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ftpconf.commands._io import read_stdin, usage_error, write
from ftpconf.commands._options import (
    cmdline_option,
    dialect_option,
    format_option,
    parse_modules,
    read_flags,
    target_version_option,
)
from ftpconf.commands._report import FORMATS

if TYPE_CHECKING:
    from ftpconf.firewall.readers.common import ReadResult

FAIL_ON = ("error", "warning", "info", "none")
STDIN = "<stdin>"


@click.command()
# A Path so that shells complete file names; the reader, not click, reports an unreadable one (exit 2).
@click.argument("paths", nargs=-1, type=click.Path(readable=False, allow_dash=True))
@dialect_option
@format_option(
    FORMATS,
    "text",
    "text for people (concise: one line each); json; sarif (code scanning); github (workflow annotations); "
    "junit (CI test reports); gitlab (GitLab code quality).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only, without the closing summary.")
@click.option("-s", "--silent", is_flag=True, help="Print no report; the exit status says it all.")
@click.option(
    "-o", "--output-file", metavar="FILE", default=None, help="Write the report to FILE (atomically) instead of stdout."
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    default=None,
    help="The name of what '-' reads: it picks the dialect and project settings, and names it in the report.",
)
@click.option(
    "--exclude",
    "exclude",
    multiple=True,
    metavar="GLOBS",
    help="Skip these files and folders when searching a directory (replaces the project's exclude; comma-separated).",
)
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Skip these as well (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when a finding of this severity or worse is reported [default: the project's, else warning].",
)
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (codes or prefixes, e.g. FTP2).")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Add rules to those selected.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODES", help="Leave these rules out (codes or prefixes).")
@click.option("--config", "config_file", metavar="PATH", default=None, help="Use this .ftpconf.toml / pyproject.toml.")
@click.option("--isolated", is_flag=True, help="Ignore every project configuration file.")
@click.option("--statistics", is_flag=True, help="Print how many findings of each rule instead of the findings.")
@cmdline_option("Lint")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@read_flags
@target_version_option
@click.option(
    "--host-checks/--no-host-checks",
    default=None,
    help="Report the FTP08x facts of this machine (an Include target missing here) "
    "[default: the project's host-checks, else on].",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files (fixed standard input goes to stdout).")
@click.option("--diff", is_flag=True, help="Print a unified diff of the fixes instead of writing; exit 1 if any.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply fixes that change behaviour.")
@click.option(
    "--firewall",
    "firewalls",
    multiple=True,
    metavar="FILE|DIR",
    help="Check against firewall rules: iptables-save, nftables, nft -j, firewalld, ufw, docker compose (repeatable).",
)
def lint(
    paths: tuple[str, ...],
    dialect: str,
    output_format: str,
    fail_on: str | None,
    cmdlines: tuple[str, ...],
    color: bool | None,
    modules: str | None,
    defines: tuple[str, ...],
    pureftpd_build: str | None,
    target_versions: tuple[tuple[str, str], ...],
    root: str | None,
    host_checks: bool | None,
    fix: bool,
    diff: bool,
    unsafe_fixes: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: str | None,
    isolated: bool,
    statistics: bool,
    firewalls: tuple[str, ...],
    quiet: bool,
    silent: bool,
    output_file: str | None,
    stdin_filename: str | None,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
) -> None:
    """Check configuration files (``-`` reads standard input)."""
    from ftpconf.lint import LintResult, UnsupportedDialect, lint_invocation, lint_path, lint_source
    from ftpconf.source import InputError, SourceFile

    if not paths and not cmdlines:
        usage_error("nothing to lint: give a file, '-' for standard input, or --cmdline")
    if unsafe_fixes and not (fix or diff):
        usage_error("--unsafe-fixes only applies together with --fix or --diff")
    if config_file is not None and isolated:
        usage_error("--config and --isolated exclude each other")
    if statistics and output_format not in ("text", "json"):
        usage_error("--statistics prints text or json")
    if stdin_filename is not None and "-" not in paths:
        usage_error("--stdin-filename names standard input: give '-' too")
    stdin_name = stdin_filename or STDIN
    from ftpconf import gcpolicy, project_config, versions

    try:
        resolver = project_config.Resolver(
            project_config.CommandLine(
                select=_codes(select) if select else None,
                extend_select=_codes(extend_select),
                ignore=_codes(ignore),
                fail_on=fail_on,
                dialect=dialect,
                modules=parse_modules(modules),
                defines=defines,
                pureftpd_build=pureftpd_build,
                target_versions=target_versions,
                config=config_file,
                isolated=isolated,
                root=root,
                host_checks=host_checks,
                exclude=_globs(exclude) if exclude else None,
                extend_exclude=_globs(extend_exclude),
            )
        )
        from ftpconf.discovery import expand

        paths, unfound = expand(paths, resolver)
    except project_config.ConfigError as exc:
        usage_error(str(exc))
    fail_on_of: dict[str, str] = {}  # a result's path -> its threshold (its project file may set one)
    firewall = _read_firewalls(firewalls)

    def settle(result: LintResult, settings: project_config.Settings) -> LintResult:
        if firewall is not None:  # the firewall's own notes go with the first file only
            from ftpconf.firewall.crosscheck import add_findings

            add_findings(result, firewall, with_notes=not fail_on_of or result.path == next(iter(fail_on_of)))
        fail_on_of[result.path] = settings.fail_on
        return project_config.apply(settings, result)

    stdin: list[bytes] = []  # read once: a re-lint after fixing sees the fixed text instead

    def lint_all() -> tuple[list[LintResult], list[dict[str, str]]]:
        results: list[LintResult] = []
        errors: list[dict[str, str]] = list(unfound)
        for path in paths:
            try:
                named = stdin_filename if path == "-" else path
                settings = resolver.for_path(named)
                chosen, options = settings.dialect_for(named or path), settings.read_options()
                if path == "-":
                    stdin[:] = stdin or [read_stdin()]
                    source = SourceFile(stdin_name, _stdin_bytes(stdin[0], stdin_name))
                    with gcpolicy.paused(), versions.targeting(settings.target_versions):
                        results.append(settle(lint_source(source, chosen, options), settings))
                else:
                    with gcpolicy.paused(), versions.targeting(settings.target_versions):
                        results.append(settle(lint_path(path, chosen, options), settings))
            except (InputError, UnsupportedDialect) as exc:
                errors.append({"path": path, "message": str(exc)})
            except project_config.ConfigError as exc:
                usage_error(str(exc))
        for command in cmdlines:
            try:
                settings = resolver.for_path(None)
                with versions.targeting(settings.target_versions):
                    results.append(settle(lint_invocation(command, dialect, settings.read_options()), settings))
            except (InputError, UnsupportedDialect) as exc:
                errors.append({"path": command, "message": str(exc)})
            except project_config.ConfigError as exc:
                usage_error(str(exc))
        from ftpconf.parts import covered

        return covered(results), errors

    results, errors = lint_all()
    report_to_stderr = False  # fixed standard input owns stdout
    if fix or diff:
        from ftpconf.commands._fixing import run_fixes  # with the fixer: a plain lint starts without it

        fixing = run_fixes(
            results,
            lambda: lint_all()[0],
            diff=diff,
            unsafe=unsafe_fixes,
            text_mode=output_format in ("text", "concise") and not (quiet or silent),
            stdin=stdin_name if "-" in paths else None,
        )
        results = fixing.results
        if diff:
            for error in errors:
                write(f"ftpconf: error: {error['message']}\n", err=True)
            sys.exit(2 if errors else 1 if fixing.outcome.changed else 0)
        report_to_stderr = "-" in paths
        if fixing.failed:
            errors.append({"path": "", "message": "some fixes could not be written"})

    from ftpconf.commands._report import emit, exit_status

    emit(
        output_format,
        results,
        errors,
        color=color,
        statistics=statistics,
        to_stderr=report_to_stderr,
        quiet=quiet,
        silent=silent,
        output_file=output_file,
    )
    status = exit_status(results, errors, fail_on_of)
    if status:
        sys.exit(status)


def _read_firewalls(paths: tuple[str, ...]) -> ReadResult | None:
    """Every --firewall FILE|DIR, read once; a file the real tool would refuse is a usage error (exit 2)."""
    if not paths:
        return None
    from ftpconf.firewall.crosscheck import load
    from ftpconf.firewall.policy import FirewallError
    from ftpconf.source import InputError

    try:
        return load(paths)
    except (FirewallError, InputError) as exc:
        usage_error(f"firewall: {exc}")


def _stdin_bytes(original: bytes, name: str) -> bytes:
    """Standard input as the current pass sees it: the fixed text while re-linting, else what was read."""
    from ftpconf.source import overlaid

    current = overlaid(name)
    return original if current is None else current


def _globs(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--exclude a,b --exclude c`` -> every glob, in order."""
    return tuple(glob.strip() for value in values for glob in value.split(",") if glob.strip())


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select FTP2,FTP3 --select FTP601`` -> every code, in order."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())
