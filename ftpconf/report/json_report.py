"""Machine-readable output: one object, ``diagnostics`` a list of flat findings.

Its layout is described by the JSON Schema shipped as ``ftpconf/schemas/lint-report-1.schema.json``;
``schema`` is that layout's version and ``$schema`` its identifier, apart from ``version``, ftpconf's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ftpconf import __version__
from ftpconf.diagnostics import Diagnostic
from ftpconf.input_codes import unreadable
from ftpconf.lint import LintResult

SCHEMA_VERSION = 1
SCHEMA_ID = f"urn:ftpconf:schema:lint-report:{SCHEMA_VERSION}"


def diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    record: dict[str, Any] = {
        "path": span.path,
        "line": span.line,
        "column": span.column,
        "end_column": span.end_column,
        "code": diagnostic.code,
        "rule": diagnostic.rule.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "notes": list(diagnostic.notes),
    }
    if diagnostic.fix is not None:
        record["fix"] = {
            "description": diagnostic.fix.description,
            "safe": diagnostic.fix.safe,
            "edits": [{"path": e.path, "start": e.start, "end": e.end, "text": e.text} for e in diagnostic.fix.edits],
        }
    return record


def file_dict(result: LintResult) -> dict[str, object]:
    """A linted file, with how it was read when that is not plain: where the server's / was found (``root``),
    the main file a fragment was read in (``read_in``), or that it was linted as a fragment alone."""
    record: dict[str, object] = {"path": result.path, "dialect": result.dialect}
    if result.root is not None and result.root.local is not None:
        record["root"] = {"server": result.root.server, "here": result.root.local, "inferred": result.root.inferred}
    if result.main is not None:
        record["read_in"] = result.main
    if result.fragment:
        record["fragment"] = True
    return record
def schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) of this report."""
    from importlib import resources

    text = resources.files("ftpconf").joinpath(f"schemas/lint-report-{SCHEMA_VERSION}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def render(results: Iterable[LintResult], errors: Iterable[dict[str, str]] = ()) -> str:
    results, errors = list(results), list(errors)
    # An input that could not be read is a finding too: a consumer of `diagnostics` must not see a clean file.
    failed = unreadable(errors)
    document = {
        "$schema": SCHEMA_ID,
        "schema": SCHEMA_VERSION,
        "version": __version__,
        "files": [file_dict(r) for r in results],
        "diagnostics": [diagnostic_dict(d) for d in (*failed, *(d for r in results for d in r.diagnostics))],
        "errors": list(errors),
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"
