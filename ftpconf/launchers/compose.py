"""A compose file: every service's ``entrypoint:`` and ``command:``, as a list or a string.

Read with ruamel.yaml (YAML 1.2, so ``21:21`` is a string, not a base-60 number), which keeps each
value's line and column.  As compose does, values are interpolated first (``${VAR}``, ``${VAR:-default}``,
``$$`` for a ``$``) from the ``.env`` file beside the compose file, and a string is then split into words
(shell quoting, no shell); a variable neither gives is the host's (FTP014).  The service runs
``entrypoint`` + ``command``; when the entrypoint is no daemon (an image's script ending in
``exec "$@"``), ``command`` is looked at alone.  ``extends`` (in the same file) brings the base
service's keys; ``environment`` and ``env_file`` set what a shell inside the container (``sh -c``)
expands.  ``volumes:`` that bind a file beside the compose file to an absolute path say where the
container's files come from.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
from collections.abc import Mapping
from typing import Any

from ftpconf import shellwords
from ftpconf.launchers import Found, Launch, Lines, Token, argv_launches

_VARIABLE = re.compile(
    r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)
_KEYS = ("entrypoint", "command", "environment", "env_file", "volumes")


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
    project = read_env_file(os.path.join(folder, ".env")) or {}  # compose interpolates from it (and the host)
    for name, service in services.items():
        if not hasattr(service, "get"):
            continue
        keys = _extended(services, name)
        environ, context = _container_environment(keys, folder, project)
        entrypoint = _argv(lines, keys, "entrypoint", project)
        command = _argv(lines, keys, "command", project)
        via = f"services.{name}"
        launches = argv_launches(
            entrypoint + command, f"{via}.entrypoint" if entrypoint else f"{via}.command", lines, environ
        )
        if not launches and entrypoint and command:
            launches = argv_launches(command, f"{via}.command", lines, environ)
        found.launches.extend(launch if not context else _with(launch, context) for launch in launches)
        _volumes(_value(keys, "volumes"), folder, found.files)
    return found


def _with(launch: Launch, context: str) -> Launch:
    return dataclasses.replace(launch, context=context)


def _extended(services: Any, name: str, seen: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A service's keys (the mapping holding each, for its place), with what ``extends:`` brings from a service
    of the same file underneath (another file's service is not followed)."""
    service = services.get(name)
    if not hasattr(service, "get") or name in seen:
        return {}
    extends = service.get("extends")
    base_name = extends if isinstance(extends, str) else extends.get("service") if hasattr(extends, "get") else None
    other_file = hasattr(extends, "get") and extends.get("file")
    keys: dict[str, Any] = {}
    if isinstance(base_name, str) and not other_file:
        keys = _extended(services, base_name, seen | {name})
    keys.update({key: (service, key) for key in _KEYS if key in service})
    return keys


def _value(keys: Mapping[str, Any], key: str) -> Any:
    holder = keys.get(key)
    return None if holder is None else holder[0].get(holder[1])


def _container_environment(
    keys: Mapping[str, Any], folder: str, project: Mapping[str, str]
) -> tuple[dict[str, str], str]:
    """What a shell in the container sees: ``env_file`` (read beside the compose file), then ``environment``;
    and what could not be read, to say so."""
    environ: dict[str, str] = {}
    missing = []
    files = _value(keys, "env_file")
    for entry in [files] if isinstance(files, str) else files or ():
        relative = entry if isinstance(entry, str) else str(entry.get("path", "")) if hasattr(entry, "get") else ""
        values = read_env_file(os.path.join(folder, relative)) if relative else None
        if values is None:
            missing.append(relative)
        else:
            environ.update(values)
    environment = _value(keys, "environment")
    pairs: list[tuple[str, Any]] = []
    if hasattr(environment, "items"):
        pairs = list(environment.items())
    elif isinstance(environment, list):
        pairs = [
            (str(item).partition("=")[0], str(item).partition("=")[2] if "=" in str(item) else None)
            for item in environment
        ]
    for name, value in pairs:
        if value is None:
            environ.pop(str(name), None)  # `- NAME` alone: the host's value
            continue
        interpolated, unknown = interpolate(str(value), project)
        if unknown:
            environ.pop(str(name), None)
        else:
            environ[str(name)] = interpolated
    context = (
        f"env_file {', '.join(missing)} is not beside the compose file: its variables are not checked"
        if missing
        else ""
    )
    return environ, context


def read_env_file(path: str) -> dict[str, str] | None:
    """``NAME=value`` lines (``#`` comments, ``export``, quotes as compose reads them); None: no such file."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if value[:1] in ("'", '"') and value.endswith(value[:1]) and len(value) >= 2:
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[name.strip()] = value
    return values


def interpolate(value: str, environ: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """``value`` as compose interpolates it from ``environ``; the expansions it cannot fill in are kept as
    written and named."""
    unknown: list[str] = []

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            return "$"
        name = match.group(2) or match.group(5)
        operator, word = match.group(3), match.group(4) or ""
        current = environ.get(name)
        if current is None:  # the host's environment may set it, default or not
            unknown.append(match.group(0))
            return match.group(0)
        if operator is None:
            return current
        unset_or_empty = operator.startswith(":") and current == ""
        if operator.endswith("+"):
            return "" if unset_or_empty else interpolate(word, environ)[0]
        if not unset_or_empty:
            return current or ""
        if operator.endswith("?"):
            unknown.append(match.group(0))  # compose stops unless the host sets it
            return match.group(0)
        inner, inner_unknown = interpolate(word, environ)
        unknown.extend(inner_unknown)
        return inner

    return _VARIABLE.sub(one, value), tuple(unknown)


def _argv(lines: Lines, keys: Mapping[str, Any], key: str, project: Mapping[str, str]) -> list[Token]:
    holder = keys.get(key)
    if holder is None:
        return []
    service, name = holder
    value = service.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        line, column = service.lc.value(name)
        return _split(lines, value, line, column, project)
    if isinstance(value, list) and hasattr(value, "lc"):
        items: Any = value
        tokens = []
        for index, item in enumerate(value):
            line, column = items.lc.item(index)
            tokens.append(_scalar(lines, str(item), line, column, project))
        return tokens
    return []


def _scalar(lines: Lines, value: str, line: int, column: int, project: Mapping[str, str]) -> Token:
    """One list item at its place: its width on the line as written (quotes included)."""
    start = lines.starts[line] + column
    written = lines.text[start : lines.text.find("\n", start) if "\n" in lines.text[start:] else len(lines.text)]
    quote = written[:1]
    if quote in ("'", '"'):
        close = written.find(quote, 1)
        width = close + 1 if close > 0 else len(written)
    else:
        width = len(value) if written.startswith(value) else max(len(written.split("#")[0].rstrip(" ,]")), 1)
    text, unknown = interpolate(value, project)
    return Token(text, line + 1, column + 1, width, value if unknown else "", unresolved=unknown)


def _split(lines: Lines, value: str, line: int, column: int, project: Mapping[str, str]) -> list[Token]:
    """A string value, interpolated and split as compose does; words placed where they stand when written
    plainly, else at the value's place."""
    start = lines.starts[line] + column
    plain = lines.text.startswith(value, start)
    if not plain:
        quote = lines.text[start : start + 1]
        plain = quote in ("'", '"') and lines.text.startswith(value, start + 1) and "\\" not in value
        start += 1
    if plain:
        words = [w for w in shellwords.split(lines.text, start, start + len(value)) if not w.operator]
        placed = [(lines.text[w.start : w.end], *lines.at(w.start), w.end - w.start) for w in words]
    else:  # folded or escaped: at the value's place
        words = [w for w in shellwords.split(value) if not w.operator]
        placed = [(value[w.start : w.end], line + 1, column + 1, 1) for w in words]
    tokens = []
    for raw, word_line, word_column, width in placed:
        text, unknown = interpolate(raw, project)
        if unknown:
            tokens.append(Token(shellwords.decode(text), word_line, word_column, width, text, unresolved=unknown))
            continue
        try:
            fields = shlex.split(text)  # compose splits the interpolated string
        except ValueError:
            fields = [text]
        tokens.extend(Token(field, word_line, word_column, width) for field in fields)
    return tokens


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
