"""Apply the fixes attached to findings: plan, apply in memory, re-lint, repeat; then diff or write.

A fix is a set of edits (offsets into the decoded text of one or more files).  Each pass takes the
fixes of the current findings in a fixed order (file, position, code) and keeps a fix only when none
of its edits touches an edit already kept, so the result never depends on which finding came
first in a list.  Skipped fixes get their turn after the next re-lint, which runs on the fixed text
held in memory (``source.overlay``), never on half-written files.  The loop ends when no fix
applies, when a state repeats, or after ``MAX_PASSES``.  Nothing touches the disk until
``write_changes``, which replaces only files whose bytes changed, each atomically.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ftpconf.atomic import write_atomically
from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.lint import LintResult
from ftpconf.source import InputError, encode, overlay, read_source

MAX_PASSES = 10
# Inputs that are not files: fixes there can be shown but never written.
VIRTUAL_PATHS = frozenset({"<stdin>", "<command line>"})

Relint = Callable[[], list[LintResult]]


@dataclass
class FixOutcome:
    original: dict[str, str]  # path -> text before any fix (only files a fix touched)
    fixed: dict[str, str]  # path -> text after every applied fix (same keys)
    applied: list[Diagnostic] = field(default_factory=list)  # the findings whose fix was applied
    results: list[LintResult] = field(default_factory=list)  # the re-lint of the fixed text
    passes: int = 0

    @property
    def changed(self) -> dict[str, str]:
        return {path: text for path, text in self.fixed.items() if text != self.original[path]}


def eligible(diagnostic: Diagnostic, unsafe: bool) -> Fix | None:
    fix = diagnostic.fix
    if fix is None or not fix.edits or (not fix.safe and not unsafe):
        return None
    return fix


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to one text; offsets refer to ``text`` as given."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out


def _clash(a: Edit, b: Edit) -> bool:
    """Edits clash when they overlap or meet at a point where the order of the two would matter."""
    if a.path != b.path:
        return False
    if a.start < b.end and b.start < a.end:
        return True
    touching = a.end == b.start or b.end == a.start
    return touching and (a.start == a.end or b.start == b.end)


def _fix_key(diagnostic: Diagnostic, fix: Fix) -> tuple[str, int, int, str, str]:
    first = min(fix.edits, key=lambda e: (e.path, e.start, e.end))
    return (first.path, first.start, first.end, diagnostic.code, fix.description)


def _select(
    results: Iterable[LintResult], texts: Mapping[str, str], unsafe: bool, trusted: Callable[[str], bool]
) -> list[tuple[Diagnostic, Fix]]:
    """The fixes that apply this pass: valid, not redundant, and clear of each other."""
    candidates: dict[tuple[Edit, ...], tuple[Diagnostic, Fix]] = {}
    for result in results:
        for diagnostic in result.diagnostics:
            fix = eligible(diagnostic, unsafe)
            if fix is None or not _applicable(fix, texts) or not all(trusted(e.path) for e in fix.edits):
                continue
            candidates.setdefault(tuple(sorted(fix.edits, key=lambda e: (e.path, e.start, e.end))), (diagnostic, fix))
    chosen: list[tuple[Diagnostic, Fix]] = []
    kept: list[Edit] = []
    for diagnostic, fix in sorted(candidates.values(), key=lambda pair: _fix_key(*pair)):
        if any(_clash(edit, other) for edit in fix.edits for other in kept):
            continue
        chosen.append((diagnostic, fix))
        kept.extend(fix.edits)
    return chosen


def _applicable(fix: Fix, texts: Mapping[str, str]) -> bool:
    """Every edit lands inside a text we hold, the edits of the fix do not clash, and it changes something."""
    changes = False
    for index, edit in enumerate(fix.edits):
        text = texts.get(edit.path)
        if text is None or not 0 <= edit.start <= edit.end <= len(text):
            return False
        if any(_clash(edit, other) for other in fix.edits[index + 1 :]):
            return False
        changes = changes or text[edit.start : edit.end] != edit.text
    return changes


def _texts_of(results: Iterable[LintResult]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for result in results:
        for path, text in result.texts.items():
            texts.setdefault(path, text)
    return texts


def fix_all(
    results: list[LintResult], relint: Relint, *, unsafe: bool = False, virtual: Iterable[str] = ()
) -> FixOutcome:
    """Apply fixes to the texts of ``results`` until none applies; ``relint`` lints the inputs again.
    ``virtual``: more paths that are no file on disk (standard input under its ``--stdin-filename``).

    ``relint`` is called inside ``source.overlay`` holding the fixed files, so it must read every
    file through ``read_source`` (all readers do).
    """
    original: dict[str, str] = {}
    current = _texts_of(results)
    outcome = FixOutcome(original, {})
    seen = {_state(current)}
    verdicts: dict[str, bool] = {}
    virtual = VIRTUAL_PATHS | set(virtual)

    def trusted(path: str) -> bool:
        """Edit a file only if the text a reader kept is the file, byte for byte (never write a partial view)."""
        if path not in verdicts:
            verdicts[path] = path in original or path in virtual or _on_disk(path) == encode(current[path])
        return verdicts[path]

    while outcome.passes < MAX_PASSES:
        chosen = _select(results, current, unsafe, trusted)
        if not chosen:
            break
        outcome.passes += 1
        by_path: dict[str, list[Edit]] = {}
        for diagnostic, fix in chosen:
            outcome.applied.append(diagnostic)
            for edit in fix.edits:
                by_path.setdefault(edit.path, []).append(edit)
        for path, edits in by_path.items():
            original.setdefault(path, current[path])
            current[path] = apply_edits(current[path], edits)
        state = _state(current)
        with overlay({path: encode(current[path]) for path in original}):
            results = relint()
        current = {**_texts_of(results), **{path: current[path] for path in original}}
        if state in seen:
            break
        seen.add(state)
    outcome.fixed = {path: current[path] for path in original}
    outcome.results = results
    return outcome


def _on_disk(path: str) -> bytes | None:
    try:
        return read_source(path).raw
    except InputError:
        return None


def _state(texts: Mapping[str, str]) -> int:
    return hash(tuple(sorted(texts.items())))


def unified_diff(outcome: FixOutcome) -> str:
    """A unified diff (``--- path`` / ``+++ path``) of every changed file, in path order."""
    out: list[str] = []
    for path, after in sorted(outcome.changed.items()):
        before = outcome.original[path]
        lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=path, tofile=path)
        out.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines split at ``\\n`` only (a ``\\r`` or form feed is part of the line, as for the daemons)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


@dataclass(frozen=True)
class WriteProblem:
    path: str
    message: str


def write_changes(outcome: FixOutcome) -> list[WriteProblem]:
    """Write each changed file atomically (owner and mode kept); files that did not change are not touched."""
    problems: list[WriteProblem] = []
    by_real: dict[str, list[tuple[str, str]]] = {}
    for path, text in sorted(outcome.changed.items()):
        if path in VIRTUAL_PATHS:
            problems.append(WriteProblem(path, f"{path}: is not a file, fixes cannot be written there"))
        else:
            by_real.setdefault(os.path.realpath(path), []).append((path, text))
    for versions in by_real.values():
        path, text = versions[0]
        if len({t for _, t in versions}) > 1:  # one file read under two names, fixed two ways
            names = ", ".join(p for p, _ in versions)
            problems.append(WriteProblem(path, f"{names}: one file, fixed differently under each name; not written"))
            continue
        try:
            # The file must still hold what was read: an edit made meanwhile is never overwritten.
            write_atomically(path, encode(text), expected=encode(outcome.original[path]))
        except OSError as exc:
            problems.append(WriteProblem(path, f"{path}: cannot write the fixed file: {exc.strerror or exc}"))
    return problems
