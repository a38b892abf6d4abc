"""GitLab code quality: a JSON array of issues, shown on merge requests and in the pipeline.

GitLab needs, per issue, a ``description``, a ``check_name``, a ``fingerprint`` that is the same
for the same problem in the next pipeline (it tells new issues from fixed ones), a ``severity``
(info, minor, major, critical, blocker) and ``location.path`` relative to the repository with
``location.lines.begin``.  The fingerprint hashes the path, the code and the message, never the
line number, so a finding keeps its fingerprint when lines are added above it (as ruff does);
identical findings are told apart by their order.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ftpconf.lint import LintResult

# error: the daemon refuses the configuration; warning: something will not work as written.
SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def repository_path(path: str) -> str:
    """Relative to the working directory (CI runs in the checkout) when it lies inside it."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def issues(results: Iterable[LintResult]) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    out: list[dict[str, Any]] = []
    for result in results:
        for diagnostic in result.diagnostics:
            path = repository_path(diagnostic.span.path)
            key = json.dumps([path, diagnostic.code, diagnostic.message])
            seen[key] += 1
            digest = hashlib.sha256(f"{key}#{seen[key]}".encode("utf-8", "surrogateescape")).hexdigest()
            line = max(diagnostic.span.line, 1)
            out.append(
                {
                    "type": "issue",
                    "description": f"{diagnostic.code} {diagnostic.message}",
                    "check_name": f"{diagnostic.code} {diagnostic.rule.name}",
                    "fingerprint": digest,
                    "severity": SEVERITIES[diagnostic.severity.value],
                    "categories": ["Bug Risk"],
                    "location": {"path": path, "lines": {"begin": line, "end": line}},
                }
            )
    return out


def render(results: Iterable[LintResult]) -> str:
    return json.dumps(issues(results), indent=2, ensure_ascii=True) + "\n"
