"""``ftpconf show`` as text (the drawing, the ports to open, the settings table) and as JSON.

Each server gets one section.  The drawing is ``diagram.WIDTH`` columns; the prose and the settings
table wrap at the terminal's width (``ftpconf.terminal``, 100 when it is not a terminal): long
origins wrap onto continuation lines instead of running off the terminal.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import asdict, dataclass

from ftpconf import __version__
from ftpconf.lint import LintResult
from ftpconf.model import Server
from ftpconf.show import diagram
from ftpconf.show.picture import Picture, picture_of
from ftpconf.show.settings import Row, settings_of
from ftpconf.source import printable

MAX_WIDTH: ContextVar[int] = ContextVar("ftpconf_show_width", default=100)  # set by render_text
LABEL = 26
VALUE = 20


@dataclass(frozen=True)
class ServerView:
    server: Server
    picture: Picture
    rows: tuple[Row, ...]


def views(result: LintResult) -> list[ServerView]:
    base = result.path
    return [ServerView(s, picture_of(s, result.dialect, base), settings_of(s, base)) for s in result.config.servers]


def heading(result: LintResult, view: ServerView) -> str:
    many = len(result.config.servers) > 1
    server = view.picture.server
    name = ("" if not many else ", main server") if server == "main" else f", {server}"
    return f"{printable(result.path)} ({view.picture.daemon}{name})"


def startup_status(result: LintResult) -> str | None:
    """One line when the daemon refuses the file: the picture then shows what the file asks for."""
    errors = sorted({d.code for d in result.diagnostics if d.severity.value == "error"})
    if not errors:
        return None
    count = sum(1 for d in result.diagnostics if d.severity.value == "error")
    daemon = diagram_daemon(result)
    return (
        f"{daemon} refuses to start with this file ({count} error{'s' if count != 1 else ''}: {', '.join(errors)}); "
        "below is what it would do once they are fixed."
    )


def diagram_daemon(result: LintResult) -> str:
    from ftpconf.dialects.registry import daemon_name

    return daemon_name(result.dialect)


def findings_line(result: LintResult) -> str:
    counts: dict[str, list[str]] = {}
    for d in result.diagnostics:
        codes = counts.setdefault(d.severity.value, [])
        if d.code not in codes:
            codes.append(d.code)
    if not counts:
        return "ftpconf lint: no findings"
    parts = []
    for severity in ("error", "warning", "info"):
        if severity in counts:
            n = sum(1 for d in result.diagnostics if d.severity.value == severity)
            parts.append(f"{n} {severity}{'s' if n != 1 else ''} ({', '.join(counts[severity])})")
    return "ftpconf lint: " + "; ".join(parts) + " — `ftpconf lint` shows where and why"


# --ascii: every drawing character has a one-column ASCII stand-in, so columns stay aligned.
ASCII = str.maketrans("┌┐└┘├┤│─╌▶◀✓✗·═≠—", "+++++||-.><vx-=!-")


def render_text(results: Iterable[LintResult], color: bool = False, ascii_only: bool = False, width: int = 100) -> str:
    token = MAX_WIDTH.set(width)
    try:
        return _render_text(results, color, ascii_only)
    finally:
        MAX_WIDTH.reset(token)


def _render_text(results: Iterable[LintResult], color: bool, ascii_only: bool) -> str:
    out: list[str] = []
    for result in results:
        for view in views(result):
            if out:
                out.append("")
            out.extend(_section(result, view, color))
    text = "\n".join(out) + "\n"
    return text.translate(ASCII) if ascii_only else text


def _section(result: LintResult, view: ServerView, color: bool) -> Iterator[str]:
    title = heading(result, view)
    yield _style(f"═══ {title} " + "═" * max(3, diagram.WIDTH - len(title) - 5), "1", color)
    status = startup_status(result)
    if status:
        yield from _wrap("! " + status, "  ", color, "1;31")
    yield ""
    yield "Data connections"
    yield from diagram.draw(view.picture, color)
    yield diagram.legend()
    yield ""
    yield "Why each command is accepted or refused"
    for channel in view.picture.data:
        mark = "✓ accepted" if channel.accepted else "✗ REFUSED"
        line = f"  {channel.command}  {mark:<10}  {channel.reason}"
        yield from _wrap(line, " " * 20, color, "32" if channel.accepted else "31", width=MAX_WIDTH.get())
    yield ""
    yield from _wrap(
        "Ports to open (inbound TCP, on the server and 1:1 on a NAT gateway in front of it)", "  ", color, None
    )
    for port in view.picture.inbound:
        yield from _wrap(f"  {port.ports:<13} {port.purpose:<9} {port.source}", " " * 26, color, None)
    for note in view.picture.notes:
        yield from _wrap(f"  - {note}", "    ", color, None)
    yield ""
    yield from _wrap(
        f"Effective settings{' ' * (LABEL - 14)}(≠: the daemon does not do what the file declares)", "  ", color, None
    )
    group = None
    for row in view.rows:
        if row.group != group:
            group = row.group
            yield _style(f"  {group}", "1", color)
        yield from _row(row, color)
    yield ""
    yield from _wrap(findings_line(result), "  ", color, None)


def _row(row: Row, color: bool) -> Iterator[str]:
    mark = "≠ " if row.differs else "  "
    label = row.label if len(row.label) <= LABEL - 2 else row.label[: LABEL - 3] + "…"
    style = "33" if row.differs else ("2" if row.origin is not None and row.origin.kind == "default" else None)
    lead = f"  {mark}{label:<{LABEL - 2}}"
    column = len(lead) + VALUE
    # The origin column: each origin wrapped at word boundaries; one that cannot be moves left, indented less.
    pieces: list[tuple[int, str]] = []
    for part in row.source.split("; "):
        lines = textwrap.wrap(part, MAX_WIDTH.get() - column, break_long_words=False, break_on_hyphens=False)
        if all(len(line) <= MAX_WIDTH.get() - column for line in lines):
            pieces.extend((column, line) for line in lines)
        else:
            pieces.extend((8, line) for line in textwrap.wrap(part, MAX_WIDTH.get() - 8, subsequent_indent="  "))
    first = f"{lead}{row.effective:<{VALUE}}"
    if len(row.effective) < VALUE and pieces and pieces[0][0] == column:
        yield _style(first + pieces.pop(0)[1], style, color)
    else:
        yield _style(first.rstrip(), style, color)
    for indent, line in pieces:
        yield _style(" " * indent + line, style, color)
    if row.differs:
        yield _style(" " * (LABEL + 2) + f"└ {row.differs}, the daemon uses {row.effective}", "33", color)


def _wrap(text: str, indent: str, color: bool, style: str | None, width: int | None = None) -> Iterator[str]:
    width = MAX_WIDTH.get() if width is None else width
    if len(text) <= width:
        yield _style(text, style, color)
        return
    lines = textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False, drop_whitespace=True)
    for line in lines:
        yield _style(line, style, color)


def _style(text: str, style: str | None, color: bool) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if color and style else text


def render_json(results: Iterable[LintResult], errors: list[dict[str, str]]) -> str:
    files = []
    for result in results:
        servers = []
        for view in views(result):
            servers.append(
                {
                    "name": view.picture.server,
                    "listen": view.picture.listen,
                    "channels": [asdict(c) for c in view.picture.channels],
                    "inbound": [asdict(p) for p in view.picture.inbound],
                    "notes": list(view.picture.notes),
                    "settings": [
                        {
                            "group": r.group,
                            "label": r.label,
                            "effective": r.effective,
                            "declared": r.declared,
                            "differs": r.differs,
                            "source": r.source,
                            "origin": None if r.origin is None else r.origin.model_dump(mode="json"),
                        }
                        for r in view.rows
                    ],
                }
            )
        files.append({"path": result.path, "dialect": result.dialect, "servers": servers})
    document = _printable({"version": __version__, "files": files, "errors": errors})
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _printable(value: object) -> object:
    """Undecodable bytes of the input as visible escapes, so the JSON is valid UTF-8."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value
