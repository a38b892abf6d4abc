"""A compose file: every service's ``entrypoint:`` and ``command:``, as a list or a string.

Read with ruamel.yaml (YAML 1.2, so ``21:21`` is a string, not a base-60 number), which keeps each
value's line and column.  A string is split into words as compose does (shell quoting, no shell);
the service runs ``entrypoint`` + ``command``; when the entrypoint is no daemon (an image's script
ending in ``exec "$@"``), ``command`` is looked at alone.  ``volumes:`` that bind a file beside the
compose file to an absolute path say where the container's files come from.
"""

from __future__ import annotations

import os
from typing import Any

from ftpconf.launchers import Found, Lines, Token, argv_launches


def read(path: str, text: str) -> Found:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    found = Found("compose file", in_container=True)
    try:
        document = YAML(typ="rt").load(text)
    except YAMLError:
        return found
    services: Any = document.get("services") if hasattr(document, "get") else None
    if not hasattr(services, "items"):
        return found
    lines = Lines(text)
    folder = os.path.dirname(path)
    for name, service in services.items():
        if not hasattr(service, "get"):
            continue
        entrypoint = _argv(lines, service, "entrypoint")
        command = _argv(lines, service, "command")
        via = f"services.{name}"
        launches = argv_launches(entrypoint + command, f"{via}.entrypoint" if entrypoint else f"{via}.command", lines)
        if not launches and entrypoint and command:
            launches = argv_launches(command, f"{via}.command", lines)
        found.launches.extend(launches)
        _volumes(service.get("volumes"), folder, found.files)
    return found


def _argv(lines: Lines, service: Any, key: str) -> list[Token]:
    value = service.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        line, column = service.lc.value(key)
        return _split(lines, value, line, column)
    if isinstance(value, list) and hasattr(value, "lc"):
        items: Any = value
        tokens = []
        for index, item in enumerate(value):
            line, column = items.lc.item(index)
            tokens.append(_scalar(lines, str(item), line, column))
        return tokens
    return []


def _scalar(lines: Lines, value: str, line: int, column: int) -> Token:
    """One list item at its place: its width on the line as written (quotes included)."""
    start = lines.starts[line] + column
    written = lines.text[start : lines.text.find("\n", start) if "\n" in lines.text[start:] else len(lines.text)]
    quote = written[:1]
    if quote in ("'", '"'):
        close = written.find(quote, 1)
        width = close + 1 if close > 0 else len(written)
    else:
        width = len(value) if written.startswith(value) else max(len(written.split("#")[0].rstrip(" ,]")), 1)
    return Token(_unescaped(value), line + 1, column + 1, width, value if _interpolated(value) else "")


def _split(lines: Lines, value: str, line: int, column: int) -> list[Token]:
    """A string value, split as compose splits it; words placed where they stand when written plainly."""
    from ftpconf import shellwords

    start = lines.starts[line] + column
    plain = lines.text.startswith(value, start)
    if not plain:
        quote = lines.text[start : start + 1]
        plain = quote in ("'", '"') and lines.text.startswith(value, start + 1) and "\\" not in value
        start += 1
    if plain:
        words = [w for w in shellwords.split(lines.text, start, start + len(value)) if not w.operator]
        return [_word(w.text, lines.text[w.start : w.end], *lines.at(w.start), w.end - w.start) for w in words]
    words = [w for w in shellwords.split(value) if not w.operator]  # folded or escaped: at the value's place
    return [_word(w.text, value[w.start : w.end], line + 1, column + 1, 1) for w in words]


def _word(text: str, raw: str, line: int, column: int, width: int) -> Token:
    """A word compose hands over as it is (no shell); ``$VAR`` is compose's own interpolation, ``$$`` a ``$``."""
    return Token(_unescaped(text), line, column, width, raw if _interpolated(text) else "")


def _interpolated(value: str) -> bool:
    return "$" in value.replace("$$", "")


def _unescaped(value: str) -> str:
    return value.replace("$$", "$")


def _volumes(volumes: Any, folder: str, files: dict[str, str]) -> None:
    for volume in volumes or ():
        if isinstance(volume, str):
            parts = volume.split(":")
            source, target = (parts[0], parts[1]) if len(parts) >= 2 else ("", "")
        elif hasattr(volume, "get"):
            source, target = str(volume.get("source", "")), str(volume.get("target", ""))
        else:
            continue
        if source.startswith((".", "/")) and target.startswith("/"):
            local = os.path.join(folder, source)
            if os.path.isfile(local):
                files[target] = local
