"""Compiler-style text: ``path:line:col: CODE severity: message``, the source line and a caret."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ftpconf.diagnostics import Diagnostic
from ftpconf.lint import LintResult
from ftpconf.source import printable

# Characters of a source line a code frame shows; a longer line (a 64 KB pure-ftpd.conf line, a
# minified proftpd include) is cut to a window around the caret, each cut marked with "…".
FRAME = 120


def render(results: Iterable[LintResult], color: bool = False, *, concise: bool = False, summary: bool = True) -> str:
    """The report; ``concise``: the first line of each finding only (as ruff's concise format),
    ``summary=False`` (``-q``): no closing count."""
    return "".join(pieces(results, color, concise=concise, summary=summary))


def pieces(
    results: Iterable[LintResult], color: bool = False, *, concise: bool = False, summary: bool = True
) -> Iterator[str]:
    """``render``'s text a finding at a time, newline included: the command writes it as it goes, so a big
    file's tens of thousands of findings are never held as one list and one string besides (bench/PROFILE.md §3)."""
    total = 0
    for result in results:
        lines_of = {} if concise else {path: text.split("\n") for path, text in result.texts.items()}
        for diagnostic in result.diagnostics:
            total += 1
            one = _one(diagnostic, lines_of.get(diagnostic.span.path), color)
            yield (one.split("\n", 1)[0] if concise else one) + "\n"
    if summary:
        yield (f"{total} finding{'s' if total != 1 else ''}" if total else "no findings") + "\n"


def _one(diagnostic: Diagnostic, lines: list[str] | None, color: bool) -> str:
    span = diagnostic.span
    severity = diagnostic.severity.value
    where, code, caret_on, off = f"{span.path}:{span.line}:{span.column}:", diagnostic.code, "", ""
    if color:  # bold location and code, the severity and the caret in its colour
        tint = {"error": "31", "warning": "33", "info": "36"}[severity]
        severity, caret_on, off = f"\x1b[1;{tint}m{severity}\x1b[0m", f"\x1b[1;{tint}m", "\x1b[0m"
        where, code = f"\x1b[1m{where}\x1b[0m", f"\x1b[1m{code}\x1b[0m"
    parts = [f"{where} {code} {severity}: {diagnostic.message}"]
    if lines is not None and 0 < span.line <= len(lines):
        source = lines[span.line - 1].rstrip("\r")
        shown = printable(source)
        # Columns count characters; the caret must count what printable() shows before it.
        lead = len(printable(source[: max(span.column - 1, 0)]))
        width = 1
        if span.end_column is not None and span.end_column > span.column:
            width = max(1, len(printable(source[span.column - 1 : span.end_column - 1])))
        shown, lead, width = _window(shown, lead, width)
        gutter = f"{span.line:>5} | "
        parts.append(f"{gutter}{shown}")
        parts.append(" " * (len(gutter) - 2) + "| " + " " * lead + caret_on + "^" + "~" * (width - 1) + off)
    for note in diagnostic.notes:
        parts.append(f"      = note: {note}")
    if diagnostic.fix is not None:
        parts.append(f"      = fix{'' if diagnostic.fix.safe else ' (unsafe)'}: {diagnostic.fix.description}")
    return "\n".join(parts)


def _window(shown: str, lead: int, width: int) -> tuple[str, int, int]:
    """The part of ``shown`` a frame prints, and the caret's lead and width within it."""
    if len(shown) <= FRAME:
        return shown, lead, width
    start = max(0, min(lead - FRAME // 3, len(shown) - FRAME))
    end = start + FRAME
    text = ("…" if start else "") + shown[start:end] + ("…" if end < len(shown) else "")
    return text, lead - start + (1 if start else 0), max(1, min(width, end - lead))
