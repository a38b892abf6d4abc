"""The data-connection picture as plain text: a client box, a server box, one arrow per connection.

An arrow points from the side that opens the TCP connection to the side that accepts it; a refused
command is a dashed line ending in ✗.  Every row is at most ``WIDTH`` columns and says everything
without colour; colour (ANSI) only repeats what the ✓/✗ marks already say.
"""

from __future__ import annotations

import textwrap

from ftpconf.show.picture import Channel, Picture

CLIENT = 12  # inner widths of the two boxes
GAP = 56  # the columns between the boxes, where the arrows run
SERVER = 26
INDENT = "  "
WIDTH = len(INDENT) + CLIENT + 2 + GAP + SERVER + 2  # 100

# What the server end of a refused connection says: nothing is opened, nothing connects.
NOT_ACCEPTED = {True: "(no port opened)", False: "(does not connect)"}

Segment = tuple[str, str | None]  # text and an ANSI style, or None


def draw(picture: Picture, color: bool = False) -> list[str]:
    rows: list[list[Segment]] = []
    rows.append(_boxes("┌" + "─" * CLIENT + "┐", "┌" + "─" * SERVER + "┐"))
    rows.append(_frame("CLIENT".center(CLIENT), " " * GAP, f" SERVER  {picture.daemon}"))
    rows.append(_frame("", " " * GAP, f" {picture.listen}"))
    for channel in picture.channels:
        rows.append(_frame("", "", ""))
        labels = _label(channel)
        for number, text in enumerate(labels):
            note = channel.server_note if number == len(labels) - 1 and channel.server_note else ""
            rows.append(_frame("", text, f" {note}" if note else ""))
        rows.append(_arrow(channel))
    rows.append(_boxes("└" + "─" * CLIENT + "┘", "└" + "─" * SERVER + "┘"))
    return [_join(row, color) for row in rows]


def legend() -> str:
    return f"{INDENT}─▶ opens the TCP connection   ✓ accepted   ✗ refused: the connection never happens"


def _label(channel: Channel) -> list[Segment]:
    if channel.command == "control":
        text = f" control connection · {channel.summary}"
        style = "1"
    else:
        mark = "✓" if channel.accepted else "✗"
        text = f" {channel.command} {mark} · {channel.summary}"
        style = "1;32" if channel.accepted else "1;31"
    return [(line.ljust(GAP), style) for line in textwrap.wrap(text, GAP - 1, subsequent_indent="   ")]


def _arrow(channel: Channel) -> list[Segment]:
    style = "36" if channel.command == "control" else ("32" if channel.accepted else "31")
    line = "─" if channel.accepted else "╌"
    if channel.to_server:
        head = "▶" if channel.accepted else "✗"
        if channel.via:
            tag = f"▶ {channel.via} "
            lead = max(4, (GAP - len(tag)) // 3)
            body = line * lead + tag + line * (GAP - lead - len(tag) - 1) + head
        else:
            body = line * (GAP - 1) + head
        left, right = "├", "│"
    else:
        head = "◀" if channel.accepted else "✗"
        body = head + line * (GAP - 1)
        left, right = "│", "┤"
    client = channel.client_end.center(CLIENT)
    server = f" {channel.server_end}" if channel.accepted else f" {NOT_ACCEPTED[channel.to_server]}"
    return [
        (INDENT + "│", None),
        (client, None),
        (left, style),
        (body[:GAP], style),
        (right, style),
        (server.ljust(SERVER)[:SERVER], None),
        ("│", None),
    ]


def _boxes(client: str, server: str) -> list[Segment]:
    return [(INDENT + client + " " * GAP + server, None)]


def _frame(client: str, gap: str | Segment, server: str) -> list[Segment]:
    middle: Segment = gap if isinstance(gap, tuple) else (gap.ljust(GAP), None)
    return [
        (INDENT + "│" + client.ljust(CLIENT)[:CLIENT] + "│", None),
        middle,
        ("│" + server.ljust(SERVER)[:SERVER] + "│", None),
    ]


def _join(row: list[Segment], color: bool) -> str:
    if not color:
        return "".join(text for text, _ in row).rstrip()
    return "".join(f"\x1b[{style}m{text}\x1b[0m" if style and text.strip() else text for text, style in row).rstrip()
