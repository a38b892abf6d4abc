"""SARIF 2.1.0, the format GitHub code scanning and other viewers read.

One run; ``tool.driver.rules`` carries the metadata (summary, explanation as help text, default
level, dialects as tags) of every rule the results use, and each result points at its rule by id and
index.  Columns count characters of the decoded text, so the run says ``unicodeCodePoints``.
Automatic fixes become SARIF ``fixes`` (character offsets into the file).  Inputs that could not be
read are tool execution notifications, and make the invocation unsuccessful; each is also an FTP019
result, so a viewer of the results does not show the input as clean.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from ftpconf import __version__
from ftpconf.diagnostics import Diagnostic, RuleInfo
from ftpconf.input_codes import unreadable
from ftpconf.lint import LintResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative stays relative (code scanning resolves it against the
    checkout), absolute becomes ``file://``."""
    if os.path.isabs(path):
        return PurePath(path).as_uri()
    return quote(PurePath(path).as_posix(), safe="/")


def rule_descriptor(info: RuleInfo) -> dict[str, Any]:
    first_paragraph = info.explanation.split("\n\n", 1)[0].replace("\n", " ")
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": first_paragraph},
        "help": {"text": info.explanation, "markdown": rule_markdown(info)},
        "defaultConfiguration": {"level": LEVELS[info.severity.value]},
        "properties": {"tags": ["ftpconf", *info.dialects], "fixable": info.fixable},
    }


def rule_markdown(info: RuleInfo) -> str:
    from ftpconf.docs import explanation_markdown

    return f"**{info.code} {info.name}** ({info.severity.value}): {info.summary}.\n\n" + explanation_markdown(info)


def _location(path: str, line: int, column: int, end_column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
    if line >= 1:
        region: dict[str, Any] = {"startLine": line, "startColumn": max(column, 1)}
        if end_column is not None and end_column > column:
            region["endColumn"] = end_column
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(diagnostic: Diagnostic, index: int) -> dict[str, Any]:
    span = diagnostic.span
    text = diagnostic.message + "".join(f"\nnote: {note}" for note in diagnostic.notes)
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": index,
        "level": LEVELS[diagnostic.severity.value],
        "message": {"text": text},
        "locations": [_location(span.path, span.line, span.column, span.end_column)],
    }
    fix = diagnostic.fix
    if fix is not None and fix.edits:
        by_path: dict[str, list[dict[str, Any]]] = {}
        for edit in fix.edits:
            by_path.setdefault(edit.path, []).append(
                {
                    "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
                    "insertedContent": {"text": edit.text},
                }
            )
        result["fixes"] = [
            {
                "description": {"text": fix.description + ("" if fix.safe else " (unsafe)")},
                "artifactChanges": [
                    {"artifactLocation": {"uri": artifact_uri(path)}, "replacements": replacements}
                    for path, replacements in by_path.items()
                ],
            }
        ]
    return result


def document(results: Iterable[LintResult], errors: Iterable[dict[str, str]] = ()) -> dict[str, Any]:
    errors = list(errors)
    # An unreadable input is a result as well as a notification: viewers that list results must not show it clean.
    diagnostics = unreadable(errors) + [d for r in results for d in r.diagnostics]
    used = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(used)}
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": e["message"]}, "locations": [_location(e["path"], 0, 0, None)]}
            for e in errors
        ]
    from ftpconf.diagnostics import REGISTRY

    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ftpconf",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [rule_descriptor(REGISTRY[code]) for code in used],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code]) for d in diagnostics],
            }
        ],
    }


def render(results: Iterable[LintResult], errors: Iterable[dict[str, str]] = ()) -> str:
    return json.dumps(document(results, errors), indent=2, ensure_ascii=True) + "\n"
