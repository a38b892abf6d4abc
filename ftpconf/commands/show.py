"""``ftpconf show``: each server's effective settings with their origin, and a picture of its data connections."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ftpconf.commands._io import read_stdin, usage_error, warn_unread, write
from ftpconf.commands._options import (
    cmdline_option,
    dialect_option,
    format_option,
    read_options,
    target_version_option,
)

if TYPE_CHECKING:
    from ftpconf.lint import LintResult
    from ftpconf.source import ReadOptions


@click.command()
@click.argument("paths", nargs=-1)
@dialect_option
@format_option(("text", "svg", "html", "json"), "text", "text: a terminal; svg or html: a picture; json: scripts.")
@cmdline_option("Show")
@click.option("--color/--no-color", default=None, help="Colour the text (default: on a terminal; see NO_COLOR).")
@click.option("--ascii", "ascii_only", is_flag=True, help="Draw with ASCII characters only.")
@read_options
@target_version_option
@click.option("-o", "--output", metavar="FILE", default=None, help="Write to FILE (atomically) instead of stdout.")
def show(
    paths: tuple[str, ...],
    dialect: str,
    output_format: str,
    cmdlines: tuple[str, ...],
    color: bool | None,
    ascii_only: bool,
    options: ReadOptions,
    target_versions: tuple[tuple[str, str], ...],
    output: str | None,
) -> None:
    """Show what the daemon will do: settings with their origin, and its data connections (``-`` reads stdin)."""
    from ftpconf import versions
    from ftpconf.lint import UnsupportedDialect, lint_invocation, lint_path, lint_source
    from ftpconf.source import InputError, SourceFile

    if not paths and not cmdlines:
        usage_error("nothing to show: give a file, '-' for standard input, or --cmdline")
    results: list[LintResult] = []
    errors: list[dict[str, str]] = []
    with versions.targeting(target_versions):
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
                results.append(lint_invocation(command, dialect, options))
            except (InputError, UnsupportedDialect) as exc:
                errors.append({"path": command, "message": str(exc)})

    for error in errors:
        write(f"ftpconf: error: {error['message']}\n", err=True)
    for result in results:
        warn_unread(result.diagnostics)
    if results or output_format == "json":
        from ftpconf.redact import redact_result

        results = [redact_result(r) for r in results]  # secrets never reach any output format
        text = _render(results, errors, output_format, color, ascii_only, output is not None)
        if output is None:
            write(text)
        else:
            from ftpconf.atomic import write_atomically
            from ftpconf.source import encode

            try:
                write_atomically(output, encode(text))
            except OSError as exc:
                usage_error(f"{output}: cannot write ({exc.strerror or exc})")
    if errors:
        sys.exit(2)


def _render(
    shown: list[LintResult],
    errors: list[dict[str, str]],
    output_format: str,
    color: bool | None,
    ascii_only: bool,
    to_file: bool,
) -> str:
    from ftpconf.show import report

    if output_format == "json":
        return report.render_json(shown, errors)
    if output_format == "svg":
        from ftpconf.show import svg

        return svg.render(shown)
    if output_format == "html":
        from ftpconf.show import page

        return page.render(shown)
    from ftpconf import terminal
    from ftpconf.commands._report import use_color

    width = 100 if to_file else terminal.width()  # a file is read later, on some other screen
    return report.render_text(
        shown, color=use_color(color, False if to_file else None), ascii_only=ascii_only, width=width
    )
