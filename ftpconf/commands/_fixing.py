"""``ftpconf lint --fix / --diff``: run the fix loop, then write the files, print a diff or the fixed input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ftpconf.commands._io import write
from ftpconf.fixes import VIRTUAL_PATHS, FixOutcome, fix_all, unified_diff, write_changes
from ftpconf.lint import LintResult

STDIN = "<stdin>"


@dataclass
class FixRun:
    results: list[LintResult]  # findings left after fixing
    outcome: FixOutcome
    failed: bool  # a file could not be written, or a fix landed where nothing can be written


def run_fixes(
    results: list[LintResult],
    relint: Callable[[], list[LintResult]],
    *,
    diff: bool,
    unsafe: bool,
    text_mode: bool,
    stdin: str | None = STDIN,
) -> FixRun:
    """Fix ``results``; with ``diff`` print a unified diff and write nothing, else write the files.

    Fixed standard input goes to standard output (the caller then prints its report on stderr);
    ``stdin`` is the name it goes by (``--stdin-filename``), never written to disk under that name.
    """
    stdin = stdin or STDIN
    outcome = fix_all(results, relint, unsafe=unsafe, virtual=(stdin,))
    remaining = sum(len(r.diagnostics) for r in outcome.results)
    fixed = len(outcome.applied)
    failed = False
    if diff:
        from ftpconf.redact import redact_diff

        shown, masked = redact_diff(unified_diff(outcome), [*results, *outcome.results])
        write(shown)
        if masked:
            write(
                f"ftpconf: {masked} line(s) of this diff hold a secret and are shown masked; a hunk with such a "
                "line will not apply with patch (--fix applies it)\n",
                err=True,
            )
        if text_mode:
            write(f"would fix {fixed}, {remaining} remaining\n", err=True)
        return FixRun(outcome.results, outcome, failed)
    changed = outcome.changed
    if stdin in changed:
        write(changed[stdin])
    elif any(r.path == stdin for r in results):
        write(_stdin_text(results, stdin))  # nothing to fix: the input goes through unchanged, as with ruff
    for path in sorted(set(changed) & (VIRTUAL_PATHS - {STDIN})):
        write(f"ftpconf: error: {path}: a fix applies here, but a command line cannot be rewritten\n", err=True)
        failed = True
    for problem in write_changes(_files_only(outcome, stdin)):
        write(f"ftpconf: error: {problem.message}\n", err=True)
        failed = True
    if text_mode:
        write(f"{fixed} fixed, {remaining} remaining\n", err=True)
    return FixRun(outcome.results, outcome, failed)


def _stdin_text(results: list[LintResult], stdin: str) -> str:
    for result in results:
        if stdin in result.texts:
            return result.texts[stdin]
    return ""


def _files_only(outcome: FixOutcome, stdin: str) -> FixOutcome:
    keep = {p for p in outcome.original if p not in VIRTUAL_PATHS and p != stdin}
    return FixOutcome(
        {p: outcome.original[p] for p in keep}, {p: outcome.fixed[p] for p in keep}, outcome.applied, outcome.results
    )
