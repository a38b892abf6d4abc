"""Origins as a reader wants them: short when the setting is in the file being shown, full otherwise."""

from __future__ import annotations

import os

from ftpconf.model import Origin
from ftpconf.source import printable


def place(origin: Origin, base: str | None) -> str:
    """Where a value was written: ``line 9``, ``conf/PassivePortRange:1``, ``other.conf:3`` or a default."""
    if origin.kind not in ("file", "argv") or origin.path is None:
        return "default" if origin.kind == "default" else "derived"
    path = origin.path
    if base is not None and path == base:
        return f"line {origin.line}" if origin.line else "the file"
    shown = _relative(path, base)
    return f"{shown}:{origin.line}" if origin.line else shown


def where(origin: Origin, base: str | None) -> str:
    """The whole origin: its place and what the line says, or what the default is."""
    detail = printable(origin.detail)
    if origin.kind in ("file", "argv") and origin.path is not None:
        at = place(origin, base)
        return f"{at}: {detail}" if detail else at
    if origin.kind == "default":
        if not detail:
            return "compiled-in default"
        return detail if "default" in detail else f"default: {detail}"
    return f"derived: {detail}" if detail else "derived"


def _relative(path: str, base: str | None) -> str:
    """A path under the directory being shown (Debian's pure-ftpd conf/) is shown from that directory's name."""
    if base is not None and os.path.isdir(base):
        parent = os.path.dirname(os.path.normpath(base))
        try:
            relative = os.path.relpath(path, parent)
        except ValueError:  # pragma: no cover - different drives on Windows
            return printable(path)
        if not relative.startswith(".."):
            return printable(relative)
    return printable(path)
