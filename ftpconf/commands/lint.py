"""``ftpconf lint``: check configuration files and command lines, print a report."""

from __future__ import annotations

import sys

import click

from ftpconf.commands._io import read_stdin, usage_error, write

FAIL_ON = ("error", "warning", "info", "none")


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--dialect",
    type=click.Choice(["auto", "vsftpd", "proftpd", "pureftpd"]),
    default="auto",
    show_default=True,
    help="Which daemon the files are for.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding of this severity or worse is reported.",
)
@click.option(
    "--cmdline",
    "cmdlines",
    multiple=True,
    metavar="COMMAND",
    help='Lint a daemon command line, e.g. "vsftpd -olisten_port=2121 /etc/vsftpd.conf".',
)
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option(
    "--modules",
    metavar="LIST",
    default=None,
    help="proftpd: the loaded module set, comma-separated (default: Debian 12's stock set).",
)
@click.option("--define", "defines", multiple=True, metavar="NAME", help="proftpd: a -D define, for <IfDefine>.")
def lint(
    paths: tuple[str, ...],
    dialect: str,
    output_format: str,
    fail_on: str,
    cmdlines: tuple[str, ...],
    color: bool | None,
    modules: str | None,
    defines: tuple[str, ...],
) -> None:
    """Check configuration files (``-`` reads standard input)."""
    import os

    from ftpconf.lint import LintResult, ReadOptions, UnsupportedDialect, lint_invocation, lint_path, lint_source
    from ftpconf.source import InputError, SourceFile

    if not paths and not cmdlines:
        usage_error("nothing to lint: give a file, '-' for standard input, or --cmdline")
    options = ReadOptions(
        modules=None if modules is None else tuple(m.strip() for m in modules.split(",") if m.strip()),
        defines=defines,
    )
    results: list[LintResult] = []
    errors: list[dict[str, str]] = []
    for path in paths:
        try:
            if path == "-":
                results.append(lint_source(SourceFile("<stdin>", read_stdin()), dialect, options))
            else:
                results.append(lint_path(path, dialect, options))
        except (InputError, UnsupportedDialect) as exc:
            errors.append({"path": path, "message": str(exc)})
    for command in cmdlines:
        try:
            results.append(lint_invocation(command))
        except (InputError, UnsupportedDialect) as exc:
            errors.append({"path": command, "message": str(exc)})

    if output_format == "json":
        from ftpconf.report import json_report

        write(json_report.render(results, errors))
    else:
        from ftpconf.report import text

        use_color = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        for error in errors:
            write(f"ftpconf: error: {error['message']}\n", err=True)
        if results:
            write(text.render(results, color=use_color))
    if errors:
        sys.exit(2)
    if fail_on != "none":
        threshold = {"info": 1, "warning": 2, "error": 3}[fail_on]
        if any(d.severity.rank >= threshold for r in results for d in r.diagnostics):
            sys.exit(1)
