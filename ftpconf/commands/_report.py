"""``ftpconf lint``'s report in each output format, and its exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping

from ftpconf.commands._io import write, write_pieces
from ftpconf.lint import LintResult

FORMATS = ("text", "concise", "json", "sarif", "github", "junit", "gitlab")
RANK = {"info": 1, "warning": 2, "error": 3}
# Formats that carry unreadable inputs themselves; the others name them on stderr.
CARRY_ERRORS = ("json", "sarif", "junit")


def use_color(flag: bool | None, terminal: bool | None = None) -> bool:
    """--color/--no-color win; a file (``terminal=False``: ``-o``) gets none; then https://no-color.org (a
    non-empty NO_COLOR turns colour off), then a non-empty FORCE_COLOR turns it on where no terminal is;
    otherwise colour on a terminal only."""
    if flag is not None:
        return flag
    if terminal is False or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def emit(
    output_format: str,
    results: list[LintResult],
    errors: list[dict[str, str]],
    *,
    color: bool | None = None,
    statistics: bool = False,
    to_stderr: bool = False,
    quiet: bool = False,
    silent: bool = False,
    output_file: str | None = None,
) -> None:
    """Print the report (or write it to ``output_file``, atomically); unreadable inputs go into the
    formats that can carry them, and to stderr for the others.  ``quiet``: no closing summary;
    ``silent``: no report at all (the exit status says it)."""
    from ftpconf.redact import redact_result

    results = [redact_result(result) for result in results]  # every format below inherits the masking
    if statistics or output_format not in CARRY_ERRORS:
        _errors_to_stderr(errors)
    if silent:
        return
    body = _body(output_format, results, errors, statistics, quiet, use_color(color, False if output_file else None))
    if output_file is None:
        write_pieces(body, err=to_stderr)
        return
    from ftpconf.atomic import write_atomically

    try:
        write_atomically(output_file, "".join(body).encode("utf-8", "surrogateescape"))
    except OSError as exc:
        write(f"ftpconf: error: {output_file}: cannot write the report ({exc.strerror or exc})\n", err=True)
        sys.exit(2)


def _body(
    output_format: str,
    results: list[LintResult],
    errors: list[dict[str, str]],
    statistics: bool,
    quiet: bool,
    color: bool,
) -> Iterable[str]:
    """The report, in pieces: the text formats a finding at a time, the others whole."""
    if statistics:
        from ftpconf.input_codes import unreadable
        from ftpconf.report import statistics as stats

        unread = unreadable(errors)  # counted with the findings; stderr says them too
        return [stats.render_json(results, unread) if output_format == "json" else stats.render_text(results, unread)]
    if output_format == "json":
        from ftpconf.report import json_report

        return [json_report.render(results, errors)]
    if output_format == "sarif":
        from ftpconf.report import sarif

        return [sarif.render(results, errors)]
    if output_format == "github":
        from ftpconf.report import github

        return [github.render(results, errors)]
    if output_format == "junit":
        from ftpconf.report import junit

        return [junit.render(results, errors)]
    if output_format == "gitlab":
        from ftpconf.report import gitlab

        return [gitlab.render(results)]
    from ftpconf.report import text

    if not results:
        return []
    return text.pieces(results, color, concise=output_format == "concise", summary=not quiet)


def _errors_to_stderr(errors: list[dict[str, str]]) -> None:
    for error in errors:
        write(f"ftpconf: error: {error['message']}\n", err=True)


def exit_status(results: list[LintResult], errors: list[dict[str, str]], fail_on: Mapping[str, str]) -> int:
    """2 for unreadable input; 1 when a file has a finding at or above its threshold (``fail_on``
    maps a result's path to error/warning/info/none, from the command line or its project file)."""
    if errors:
        return 2
    for result in results:
        threshold = fail_on.get(result.path, "warning")
        if threshold != "none" and any(d.severity.rank >= RANK[threshold] for d in result.diagnostics):
            return 1
    return 0
