"""``ftpconf lint``'s report in each output format, and its exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from ftpconf.commands._io import write
from ftpconf.lint import LintResult

FORMATS = ("text", "json", "sarif", "github")
RANK = {"info": 1, "warning": 2, "error": 3}


def use_color(flag: bool | None) -> bool:
    """--color/--no-color win; otherwise colour on a terminal unless NO_COLOR is set (https://no-color.org)."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(
    output_format: str,
    results: list[LintResult],
    errors: list[dict[str, str]],
    *,
    color: bool | None = None,
    statistics: bool = False,
    to_stderr: bool = False,
) -> None:
    """Print the report; unreadable inputs go into machine formats, and to stderr for people."""
    from ftpconf.redact import redact_result

    results = [redact_result(result) for result in results]  # every format below inherits the masking
    if statistics:
        from ftpconf.report import statistics as stats

        _errors_to_stderr(errors)
        from ftpconf.input_codes import unreadable

        unread = unreadable(errors)
        body = stats.render_json(results, unread) if output_format == "json" else stats.render_text(results, unread)
        write(body, err=to_stderr)
        return
    if output_format == "json":
        from ftpconf.report import json_report

        write(json_report.render(results, errors), err=to_stderr)
    elif output_format == "sarif":
        from ftpconf.report import sarif

        write(sarif.render(results, errors), err=to_stderr)
    elif output_format == "github":
        from ftpconf.report import github

        _errors_to_stderr(errors)
        write(github.render(results, errors), err=to_stderr)
    else:
        from ftpconf.report import text

        _errors_to_stderr(errors)
        if results:
            write(text.render(results, color=use_color(color)), err=to_stderr)


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
