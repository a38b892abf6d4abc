"""``--statistics``: how many findings of each code, most frequent first (as ruff prints it)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ftpconf.diagnostics import REGISTRY, Diagnostic
from ftpconf.lint import LintResult


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    severity: str
    count: int
    fixable: int  # findings of this code that carry a fix


def rows(results: Iterable[LintResult], unread: Iterable[Diagnostic] = ()) -> list[Row]:
    """``unread``: the FTP019 findings of inputs that could not be read, counted with the rest."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    severity: dict[str, str] = {}  # as reported: a project file may override the rule's default
    for diagnostics in (unread, *(r.diagnostics for r in results)):
        for diagnostic in diagnostics:
            counts[diagnostic.code] += 1
            severity[diagnostic.code] = diagnostic.severity.value
            fixable[diagnostic.code] += diagnostic.fix is not None
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [
        Row(code, REGISTRY[code].name, severity[code], counts[code], fixable[code]) for code in ordered
    ]


def render_text(results: Iterable[LintResult], unread: Iterable[Diagnostic] = ()) -> str:
    table = rows(results, unread)
    if not table:
        return "no findings\n"
    width = max(len(str(r.count)) for r in table)
    lines = [f"{r.count:>{width}}  {r.code}  {'[*]' if r.fixable else '   '} {r.name}" for r in table]
    total = sum(r.count for r in table)
    lines.append(f"{total} finding{'s' if total != 1 else ''}; [*] has an automatic fix")
    return "\n".join(lines) + "\n"


def render_json(results: Iterable[LintResult], unread: Iterable[Diagnostic] = ()) -> str:
    return (
        json.dumps(
            [
                {"code": r.code, "name": r.name, "severity": r.severity, "count": r.count, "fixable": r.fixable}
                for r in rows(results, unread)
            ],
            indent=2,
        )
        + "\n"
    )
