"""GitHub Actions workflow commands: one ``::warning file=…,line=…,col=…,title=…::message`` per finding.

The runner turns each line into an annotation on the pull request's diff.  Values are escaped as
the runner's toolkit does: ``%``, CR and LF everywhere, and ``:`` and ``,`` in the properties.
"""

from __future__ import annotations

from collections.abc import Iterable

from ftpconf.diagnostics import Diagnostic
from ftpconf.input_codes import unreadable
from ftpconf.lint import LintResult

# GitHub has error, warning and notice annotations; ftpconf's info is a notice.
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    properties = [("file", span.path), ("line", str(span.line)), ("col", str(span.column))]
    if span.end_column is not None and span.end_column > span.column:
        properties.append(("endColumn", str(span.end_column)))
    properties.append(("title", f"{diagnostic.code} {diagnostic.rule.name}"))
    message = "\n".join((f"{diagnostic.code} {diagnostic.message}", *diagnostic.notes))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{LEVELS[diagnostic.severity.value]} {joined}::{escape_data(message)}"


def render(results: Iterable[LintResult], errors: Iterable[dict[str, str]] = ()) -> str:
    errors = list(errors)
    lines = [annotation(d) for d in unreadable(errors)]  # an input that could not be read: an annotation on it
    lines.extend(f"::error title=ftpconf::{escape_data(e['message'])}" for e in errors if not e["path"])
    lines.extend(annotation(d) for r in results for d in r.diagnostics)
    return "".join(line + "\n" for line in lines)
