"""docker compose ``ports:``: which container ports a service publishes, on which host ports.

Read with ruamel.yaml in YAML 1.2 mode: YAML 1.1 loaders (PyYAML, compose v1) read an unquoted
``21:21`` as the base-60 integer 1281.  Short syntax ``[IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTO]``
and the long syntax (target, published, protocol, host_ip) are both accepted; ``${VAR:-default}``
takes the environment's value or the default, as compose does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ftpconf.firewall.policy import MAX_PORT, ComposeService, FirewallError, Published
from ftpconf.firewall.readers.common import ReadResult, shown
from ftpconf.integers import decimal
from ftpconf.source import SourceFile, Span

SHORT = re.compile(
    r"^(?:(?P<ip>\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+::?[0-9a-fA-F:]*):)??"
    r"(?:(?P<host>[0-9]*(?:-[0-9]+)?):)?(?P<container>[0-9]+(?:-[0-9]+)?)(?:/(?P<proto>\w+))?$"
)
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<default>[^}]*))?\}|\$(?P<bare>\w+)")


def looks_like_compose(text: str, path: str) -> bool:
    name = os.path.basename(path)
    if re.match(r"(docker-)?compose.*\.ya?ml$", name):
        return True
    return re.search(r"^services\s*:", text, re.M) is not None


def _interpolate(text: str, environ: Mapping[str, str], span: Span) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group("name") or m.group("bare")
        value = environ.get(name)
        op = m.group("op") or ""
        if op.endswith("?") and (value is None or (op == ":?" and not value)):
            raise FirewallError(span.path, span.line, f"required variable {name} is not set")
        if op.endswith("-") and (value is None or (op == ":-" and not value)):
            return m.group("default") or ""
        return value or ""

    return VARIABLE.sub(one, text.replace("$$", "\0")).replace("\0", "$")


def _range(text: str, span: Span) -> tuple[int, int]:
    low_text, _, high_text = text.partition("-")
    low, high = decimal(low_text), decimal(high_text or low_text)
    if not 0 < low <= high <= MAX_PORT:
        raise FirewallError(span.path, span.line, f"invalid port range '{shown(text)}'")
    return low, high


def _short(entry: str, span: Span) -> Published:
    m = SHORT.match(entry.strip())
    if m is None:
        raise FirewallError(span.path, span.line, f"invalid port specification {entry!r}")
    container = _range(m.group("container"), span)
    host = _range(m.group("host"), span) if m.group("host") else None
    if host is not None and host[1] - host[0] not in (0, container[1] - container[0]):
        raise FirewallError(span.path, span.line, f"invalid ranges specified for container and host ports: {entry!r} "
                            "(compose refuses ranges of different sizes)")
    ip = (m.group("ip") or "").strip("[]") or None
    return Published(container, host, ip, (m.group("proto") or "tcp").lower(), span)


def _long(entry: Mapping[str, Any], span: Span, environ: Mapping[str, str]) -> Published:
    if "target" not in entry:
        raise FirewallError(span.path, span.line, "a long-syntax port needs target:")
    target = _range(_interpolate(str(entry["target"]), environ, span), span)
    published = entry.get("published")
    host = _range(_interpolate(str(published), environ, span), span) if published not in (None, "") else None
    if host is not None and host[1] - host[0] not in (0, target[1] - target[0]):
        raise FirewallError(span.path, span.line, "invalid ranges specified for container and host ports")
    return Published(target, host, entry.get("host_ip"), str(entry.get("protocol", "tcp")).lower(), span)


def _span(path: str, node: Any, key: Any, lines: list[str]) -> Span:
    try:
        line, column = node.lc.item(key) if isinstance(key, int) else node.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return Span(path, 1)
    text = lines[line] if line < len(lines) else ""
    return Span(path, line + 1, column + 1, len(text.rstrip()) + 1 if len(text.rstrip()) > column else None)


def read(source: SourceFile, environ: Mapping[str, str] | None = None) -> ReadResult:
    environ = os.environ if environ is None else environ
    yaml = YAML(typ="rt")  # round-trip mode keeps line numbers; YAML 1.2 unless the file says %YAML 1.1
    try:
        document = yaml.load(source.text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise FirewallError(source.path, line, f"not valid YAML: {exc.problem or exc}") from None
    except YAMLError as exc:
        raise FirewallError(source.path, None, f"not valid YAML: {exc}") from None
    lines = source.text.split("\n")
    services = document.get("services") if isinstance(document, Mapping) else None
    if not isinstance(services, Mapping):
        raise FirewallError(source.path, 1, "not a compose file: no services: mapping")
    out: list[ComposeService] = []
    for name, service in services.items():
        if not isinstance(service, Mapping):
            continue
        ports_node = service.get("ports") or []
        published: list[Published] = []
        for index, entry in enumerate(ports_node):
            span = _span(source.path, ports_node, index, lines)
            if isinstance(entry, Mapping):
                published.append(_long(entry, span, environ))
            elif isinstance(entry, (str, int)) and not isinstance(entry, bool):
                published.append(_short(_interpolate(str(entry), environ, span), span))
            else:
                raise FirewallError(span.path, span.line, f"invalid port specification {entry!r}")
        image = str(service.get("image", "")) + str(service.get("build", ""))
        out.append(ComposeService(
            source.path, str(name), _span(source.path, services, name, lines), tuple(published),
            host_network=str(service.get("network_mode", "")) == "host",
            looks_like_ftp="ftp" in f"{name} {image}".lower(),
        ))
    return ReadResult(compose=out, texts={source.path: source.text})
