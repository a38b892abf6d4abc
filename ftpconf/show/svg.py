"""The data-connection picture as one standalone SVG: the same facts as the text drawing, drawn.

Hand-written SVG text with fixed geometry, so the output is deterministic (golden-tested) and needs
no drawing library.  One section per server, stacked; text is escaped and never wider than its lane.

Embedded in the HTML page (``render_one`` with a :class:`~ftpconf.show.health.Health`), the page says
the heading, the start-up status and the findings itself, and colour follows the findings: an
accepted connection that a finding concerns is marked ⚠ (or ℹ for advice) instead of ✓, and a
refused one is grey, so red and amber on the page always mean a finding.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from xml.sax.saxutils import escape

from ftpconf.lint import LintResult
from ftpconf.show.diagram import NOT_ACCEPTED
from ftpconf.show.health import Health
from ftpconf.show.picture import Channel
from ftpconf.show.report import ServerView, findings_line, heading, startup_status, views

WIDTH = 980
MARGIN = 20
CLIENT_X, CLIENT_W = MARGIN, 150
SERVER_W = 250
SERVER_X = WIDTH - MARGIN - SERVER_W
LANE_L, LANE_R = CLIENT_X + CLIENT_W, SERVER_X  # where the arrows run
ROW = 58  # height of one connection: label above, arrow below
HEADER = 52  # the boxes' title rows
LINE = 18  # one line of text under the picture
CHARS = 128  # characters per text line under the picture (13px sans-serif, 940px)

LEGEND = "→ opens the TCP connection · ✓ accepted · ✗ refused: the connection never happens"
COLOURS = {"control": "#57606a", "accepted": "#1a7f37", "refused": "#cf222e"}
# Embedded in the page: colour by the findings about a connection (health.CHANNEL_TOPICS).
LEVEL_COLOURS = {
    "control": "#57606a",
    "ok": "#1a7f37",
    "info": "#0969da",
    "warning": "#9a6700",
    "error": "#cf222e",
    "refused": "#57606a",
}
LEVEL_MARKS = {"ok": "✓", "info": "ℹ", "warning": "⚠", "error": "⚠"}
EMBEDDED_LEGEND = (
    "→ opens the TCP connection · ✓ accepted · ⚠ accepted, with findings · ℹ accepted, with advice · "
    "✗ refused: the connection never happens"
)
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def render(results: Iterable[LintResult]) -> str:
    """Every server of every file, stacked in one picture."""
    sections: list[str] = []
    y = MARGIN
    for result in results:
        for view in views(result):
            body, height = _section(result, view, y)
            sections.append(body)
            y += height + 24
    return _document(sections, y - 4)


def render_one(result: LintResult, view: ServerView, health: Health | None = None) -> str:
    """One server's picture; with ``health``, the picture the HTML page embeds (see the module doc)."""
    body, height = _section(result, view, MARGIN, health)
    colours = COLOURS if health is None else LEVEL_COLOURS
    return _document([body], MARGIN + height + 20, colours)


def _document(sections: list[str], height: int, colours: dict[str, str] = COLOURS) -> str:
    total = max(height, 2 * MARGIN)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{total}" viewBox="0 0 {WIDTH} {total}" '
        f'font-family="{FONT}" font-size="13">\n'
        "<title>ftpconf show: data connections</title>\n"
        f"{_defs(colours)}"
        f'<rect width="{WIDTH}" height="{total}" fill="#ffffff"/>\n' + "".join(sections) + "</svg>\n"
    )


def _defs(colours: dict[str, str]) -> str:
    markers = "".join(
        f'<marker id="head-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in colours.items()
    )
    return f"<defs>{markers}</defs>\n"


def _section(result: LintResult, view: ServerView, top: int, health: Health | None = None) -> tuple[str, int]:
    title, status, picture = heading(result, view), startup_status(result), view.picture
    out: list[str] = []
    y = top + 16
    if health is None:
        out.append(_text(MARGIN, y, title, weight="bold", size=16))
    else:
        y, status = top - 16, None  # the page's own heading and status say it
    if status:
        for line in textwrap.wrap("! " + status, CHARS):
            y += LINE
            out.append(_text(MARGIN, y, line, fill=COLOURS["refused"], weight="bold"))
    box_top = y + 16
    rows_top = box_top + HEADER
    box_bottom = rows_top + ROW * len(picture.channels) + 8
    height = box_bottom - box_top
    out.append(_rect(CLIENT_X, box_top, CLIENT_W, height))
    out.append(_rect(SERVER_X, box_top, SERVER_W, height))
    out.append(_text(CLIENT_X + CLIENT_W / 2, box_top + 24, "CLIENT", weight="bold", size=15, anchor="middle"))
    out.append(_text(SERVER_X + 12, box_top + 24, f"SERVER  {picture.daemon}", weight="bold", size=15))
    out.append(_text(SERVER_X + 12, box_top + 42, picture.listen, fill="#57606a"))
    for index, channel in enumerate(picture.channels):
        out.append(_channel(channel, rows_top + index * ROW, health))
    y = box_bottom + 22
    out.append(_text(MARGIN, y, LEGEND if health is None else EMBEDDED_LEGEND, fill="#57606a"))
    y += LINE + 8
    out.append(_text(MARGIN, y, "Ports to open (inbound TCP, on the server and 1:1 on a NAT gateway)", weight="bold"))
    for port in picture.inbound:
        y += LINE
        out.append(_text(MARGIN + 12, y, port.ports, family="DejaVu Sans Mono, monospace", weight="bold"))
        out.append(_text(MARGIN + 130, y, port.purpose))
        out.append(_text(MARGIN + 210, y, port.source, fill="#57606a"))
    for note in picture.notes:
        for number, line in enumerate(textwrap.wrap(note, CHARS - 4)):
            y += LINE
            out.append(_text(MARGIN + 12, y, ("• " if number == 0 else "   ") + line))
    if health is not None:  # the page lists the findings
        return "".join(out), y + 8 - top
    y += LINE + 4
    out.append(_text(MARGIN, y, findings_line(result), fill="#57606a"))
    return "".join(out), y + 8 - top


def _channel(channel: Channel, top: int, health: Health | None = None) -> str:
    kind = "control" if channel.command == "control" else ("accepted" if channel.accepted else "refused")
    mark = "✓" if channel.accepted else "✗"
    if health is not None and kind != "control":
        kind = health.channel_level(channel.command) if channel.accepted else "refused"
        mark = LEVEL_MARKS.get(kind, "✗")
    colour = (COLOURS if health is None else LEVEL_COLOURS)[kind]
    label = (
        f"control connection · {channel.summary}"
        if channel.command == "control"
        else f"{channel.command} {mark} · {channel.summary}"
    )
    y = top + 38
    out = [_text(LANE_L + 14, top + 22, label, fill=colour, weight="bold")]
    dash = "" if channel.accepted else ' stroke-dasharray="7 5"'
    if channel.accepted:
        start, end = (LANE_L, LANE_R - 2) if channel.to_server else (LANE_R, LANE_L + 2)
        if channel.via:
            out.append(_via(channel.via, start, end, y, kind, colour))
        else:
            out.append(_line(start, end, y, colour, dash, f"head-{kind}"))
    else:
        start, end = (LANE_L, LANE_R - 30) if channel.to_server else (LANE_R, LANE_L + 30)
        out.append(_line(start, end, y, colour, dash, None))
        out.append(_cross(end, y, colour))
        why = channel.reason if len(channel.reason) <= 80 else channel.short_reason
        out.append(_text((LANE_L + LANE_R) / 2, y + 18, f"refused by {why}", anchor="middle", size=11, fill=colour))
    out.append(_text(CLIENT_X + CLIENT_W - 10, y + 4, channel.client_end, anchor="end"))
    server_end = channel.server_end if channel.accepted else NOT_ACCEPTED[channel.to_server]
    out.append(_text(SERVER_X + 12, y + 4, server_end, family="DejaVu Sans Mono, monospace", weight="bold"))
    if channel.server_note:
        out.append(_text(SERVER_X + 12, y + 20, channel.server_note, size=11, fill="#9a6700", weight="bold"))
    return "".join(out)


def _via(address: str, start: float, end: float, y: float, kind: str, colour: str) -> str:
    """The advertised address as a stop on the arrow: the client dials it, NAT forwards to the server."""
    width = 16 + 8 * len(address)
    left = start + (end - start) * 0.42 - width / 2
    return (
        _line(start, left - 2, y, colour, "", f"head-{kind}")
        + f'<rect x="{left:.0f}" y="{y - 12}" width="{width}" height="24" rx="12" fill="#fff8c5" stroke="{colour}"/>'
        + _text(left + width / 2, y + 4, address, anchor="middle", family="DejaVu Sans Mono, monospace", weight="bold")
        + _text(left + width / 2, y + 26, "advertised in the 227 reply", anchor="middle", size=11, fill="#57606a")
        + _line(left + width, end, y, colour, "", f"head-{kind}")
    )


def _line(x1: float, x2: float, y: float, colour: str, dash: str, head: str | None) -> str:
    marker = f' marker-end="url(#{head})"' if head else ""
    return f'<line x1="{x1:.0f}" y1="{y}" x2="{x2:.0f}" y2="{y}" stroke="{colour}" stroke-width="2.5"{dash}{marker}/>'


def _cross(x: float, y: float, colour: str) -> str:
    return (
        f'<path d="M{x - 7:.0f},{y - 7} L{x + 7:.0f},{y + 7} M{x - 7:.0f},{y + 7} L{x + 7:.0f},{y - 7}" '
        f'stroke="{colour}" stroke-width="3"/>'
    )


def _rect(x: float, y: float, width: float, height: float) -> str:
    return f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="8" fill="#f6f8fa" stroke="#24292f"/>'


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    weight: str = "normal",
    size: int = 13,
    fill: str = "#24292f",
    family: str | None = None,
) -> str:
    attributes = f'x="{x:.0f}" y="{y:.0f}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if weight != "normal":
        attributes += f' font-weight="{weight}"'
    if size != 13:
        attributes += f' font-size="{size}"'
    if fill != "#24292f":
        attributes += f' fill="{fill}"'
    if family:
        attributes += f' font-family="{family}"'
    return f"<text {attributes}>{escape(text)}</text>\n"
