"""Comment lines and the setting each stands above: what inline suppressions need of every dialect."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Comment:
    """A comment line, and the lines of the setting it stands above (empty when none follows)."""

    number: int
    offset: int
    text: str
    raw_length: int
    covers: range


def comments_above_settings(lines: Iterable[tuple[int, int, str, int, str]]) -> list[Comment]:
    """Line-per-setting files: each comment covers the next ``setting`` line.

    ``lines``: (number, offset, text, raw length, kind) with kind "comment", "setting" or other.
    """
    out: list[Comment] = []
    pending: list[tuple[int, int, str, int]] = []
    for number, offset, text, raw_length, kind in lines:
        if kind == "comment":
            pending.append((number, offset, text, raw_length))
        elif kind == "setting":
            out.extend(Comment(n, o, t, r, range(number, number + 1)) for n, o, t, r in pending)
            pending = []
    out.extend(Comment(n, o, t, r, range(0)) for n, o, t, r in pending)
    return out
