"""What each server needs (needs.py) against what the firewall files allow (readers) -> FTP4xx findings.

Host firewalls are asked about new TCP connections per address family the daemon listens on and the
files cover; a docker compose service that publishes the FTP server replaces the host's INPUT rules
for inbound traffic (published ports are DNAT'ed past them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ftpconf.diagnostics import Diagnostic, sorted_diagnostics
from ftpconf.firewall.needs import PortNeed, ServerNeeds, needs_of
from ftpconf.firewall.policy import (
    CLIENT_PORTS,
    ComposeService,
    Family,
    Outcome,
    Ports,
    Published,
    Ruleset,
    Segment,
    rule_at,
    scan,
)
from ftpconf.firewall.readers.common import ReadResult
from ftpconf.model import Config, Server
from ftpconf.rules._where import span_of
from ftpconf.rules.firewall import (
    ACTIVE_EGRESS_BLOCKED,
    COMPOSE_PORT_SHIFTED,
    CONTROL_PORT_BLOCKED,
    HELPER_DEFEATED_BY_TLS,
    HELPER_ON_OTHER_PORT,
    PASSIVE_RANGE_BLOCKED,
    PORT_OPEN_TO_SOME,
    RANGE_OPENED_TOO_WIDE,
)
from ftpconf.source import Span

if TYPE_CHECKING:
    from ftpconf.lint import LintResult

EPHEMERAL = (32768, 60999)  # Linux's default ip_local_port_range: where an unbound active connection comes from
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def load(paths: Iterable[str]) -> ReadResult:
    """Read ``--firewall`` arguments; raises FirewallError or InputError for a file the tool would refuse."""
    from ftpconf.firewall.readers.detect import read_paths

    return read_paths(paths)


def add_findings(result: LintResult, firewall: ReadResult, with_notes: bool = True) -> None:
    """Add the FTP4xx findings for ``result``'s configuration, and the firewall texts for code frames."""
    found = check(result.config, firewall)
    if with_notes:
        found += firewall.notes
    result.diagnostics = sorted_diagnostics(result.diagnostics + found)
    result.texts.update(firewall.texts)


def check(config: Config, firewall: ReadResult) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for server in config.servers:
        needs = needs_of(server)
        service = ftp_service(firewall.compose, needs)
        if service is not None:
            out.extend(_compose(config, needs, service))
        if firewall.rulesets:
            out.extend(_host(config, server, needs, firewall.rulesets, inbound=service is None))
    return _dedupe(out)


def _dedupe(found: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, Span, str]] = set()
    out = []
    for d in found:
        if (d.code, d.span, d.message) not in seen:
            seen.add((d.code, d.span, d.message))
            out.append(d)
    return out


def _where(span: Span | None) -> str:
    if span is None:
        return "the default policy"
    return f"{span.path}:{span.line}" + (f":{span.column}" if span.column > 1 else "")


def _families(server: Server, rulesets: list[Ruleset]) -> list[Family]:
    pairs: tuple[tuple[Family, bool], ...] = (("ipv4", server.listen.ipv4), ("ipv6", server.listen.ipv6))
    listened = [f for f, on in pairs if on]
    return [f for f in listened if any(f in r.families for r in rulesets)]


def _label(families: list[Family]) -> str:
    names = {"ipv4": "IPv4", "ipv6": "IPv6"}
    return " and ".join(names[f] for f in families)


def _ranges(segments: Iterable[Segment]) -> str:
    """``port 60006`` or ``ports 30000-30004, 30008``."""
    segments = list(segments)
    text = ", ".join(str(s.low) if s.low == s.high else f"{s.low}-{s.high}" for s in segments)
    return f"port {text}" if len(segments) == 1 and segments[0].low == segments[0].high else f"ports {text}"


# --- host firewalls -----------------------------------------------------------------------------------


def _helper_ports(rulesets: list[Ruleset], family: Family) -> list[tuple[Ports | None, Span]]:
    return [(h.dports, h.span) for r in rulesets for h in r.helpers if family in h.families]


def _host(
    config: Config, server: Server, needs: ServerNeeds, rulesets: list[Ruleset], inbound: bool
) -> Iterator[Diagnostic]:
    families = _families(server, rulesets)
    if not families:
        return
    if inbound:
        yield from _control(config, needs.control, rulesets, families)
        if needs.passive_range is not None:
            yield from _passive(config, server, needs, needs.passive_range, rulesets, families)
    if needs.active_egress:
        yield from _egress(config, server, needs, rulesets, families)


def _control(config: Config, need: PortNeed, rulesets: list[Ruleset], families: list[Family]) -> Iterator[Diagnostic]:
    port = need.ports.low
    closed: dict[Family, Outcome] = {}
    for family in families:
        result = scan(rulesets, "in", family, "new", (port, port), CLIENT_PORTS)[0].outcome
        if result.status == "closed":
            closed[family] = result
        elif result.status == "partial":
            yield _partial(result, f"the control port {port}", family)
    if closed:
        first = next(iter(closed.values()))
        yield CONTROL_PORT_BLOCKED.at(
            span_of(config, need.origin),
            f"the firewall drops new connections to the control port {port} ({_label(list(closed))})",
            f"dropped by {_where(first.deciders[0] if first.deciders else None)}",
        )


def _partial(result: Outcome, what: str, family: Family) -> Diagnostic:
    span, restriction = result.partial[0]
    return PORT_OPEN_TO_SOME.at(span, f"{what}: accepted only for some clients ({restriction}) over {_label([family])}")


def _helped(rulesets: list[Ruleset], family: Family, control: int) -> tuple[Span | None, Span | None]:
    """(a helper attached to the control port, a helper attached elsewhere) for this family."""
    on_control = other = None
    for ports, span in _helper_ports(rulesets, family):
        if ports is None or control in ports:
            on_control = on_control or span
        else:
            other = other or span
    return on_control, other


def _passive(
    config: Config, server: Server, needs: ServerNeeds, need: PortNeed, rulesets: list[Ruleset], families: list[Family]
) -> Iterator[Diagnostic]:
    where = span_of(config, need.origin, server.passive.enabled.origin)
    span_range = (need.ports.low, need.ports.high)
    blocked: dict[str, list[tuple[Family, list[Segment]]]] = {}
    wide: dict[Span, Ports | None] = {}
    for family in families:
        segments = scan(rulesets, "in", family, "new", span_range, CLIENT_PORTS)
        on_control, other = _helped(rulesets, family, needs.control_port)
        if on_control and not needs.tls:  # plain FTP: the helper turns the data connection into RELATED
            related = scan(rulesets, "in", family, "related", span_range, CLIENT_PORTS)
            if all(s.outcome.status == "open" for s in related):
                segments = [s for s in segments if s.outcome.status == "open"]
        closed = [s for s in segments if s.outcome.status == "closed"]
        partial = [s for s in segments if s.outcome.status == "partial"]
        if partial:
            yield _partial(partial[0].outcome, f"passive {_ranges(partial)}", family)
        for segment in segments:
            if segment.outcome.status == "open":
                for decider in segment.outcome.deciders:
                    rule = rule_at(rulesets, decider)
                    if rule is not None:
                        wide[rule.match.port_span or rule.span] = rule.match.dports
        if not closed:
            continue
        helper = on_control or other
        related = scan(rulesets, "in", family, "related", span_range, CLIENT_PORTS) if helper else []
        related_open = bool(related) and all(s.outcome.status == "open" for s in related)
        kind = "tls" if on_control and related_open else "other" if other and related_open else "blocked"
        blocked.setdefault(kind, []).append((family, closed))
    for kind, found in blocked.items():
        fams = [f for f, _ in found]
        segments = found[0][1]
        first = segments[0].outcome.deciders[0] if segments[0].outcome.deciders else None
        ranges = _ranges(segments)
        if kind == "tls":
            helper_span = _helped(rulesets, fams[0], needs.control_port)[0]
            yield HELPER_DEFEATED_BY_TLS.at(
                where,
                f"passive {ranges} not open, and the ftp conntrack helper ({_where(helper_span)}) cannot "
                f"read the encrypted PASV/EPSV replies: TLS is on ({_label(fams)})",
                f"TLS: {server.tls.mode.origin.describe()}",
                f"dropped by {_where(first)}",
            )
        elif kind == "other":
            helper_span = _helped(rulesets, fams[0], needs.control_port)[1]
            assert helper_span is not None
            yield HELPER_ON_OTHER_PORT.at(
                helper_span,
                f"the ftp helper is attached to another port than the control port {needs.control_port}, so passive "
                f"{ranges} stay closed ({_label(fams)})",
                f"the server listens on {needs.control_port}: {needs.control.origin.describe()}",
            )
        else:
            yield PASSIVE_RANGE_BLOCKED.at(
                where,
                f"passive {ranges} of the range {need.ports} not open inbound ({_label(fams)})",
                f"dropped by {_where(first)}",
                *_blocked_notes(rulesets, fams[0], needs, segments),
            )
    yield from _too_wide(need, needs.control_port, wide)


def _blocked_notes(rulesets: list[Ruleset], family: Family, needs: ServerNeeds, segments: list[Segment]) -> list[str]:
    notes = []
    on_control, _ = _helped(rulesets, family, needs.control_port)
    if on_control is not None:
        notes.append(f"the ftp helper is attached ({_where(on_control)}) but RELATED connections are not accepted")
    established = scan(rulesets, "in", family, "established", (segments[0].low, segments[0].low), CLIENT_PORTS)
    for decider in established[0].outcome.deciders:
        rule = rule_at(rulesets, decider)
        if rule is not None and rule.match.dports is not None:  # a rule for these ports, not the stock ESTABLISHED one
            notes.append(f"{_where(decider)} accepts these ports only for ESTABLISHED packets, not the SYN that "
                         "opens a data connection")
            break
    return notes


def _too_wide(
    need: PortNeed, control: int, wide: dict[Span, Ports | None], what: str = "this rule opens"
) -> Iterator[Diagnostic]:
    size = need.ports.size
    for span, ports in wide.items():
        opened = ports or Ports.single(0, 65535)
        extra = opened.size - opened.overlap(need.ports.low, need.ports.high) - (1 if control in opened else 0)
        if extra > max(size, 100):
            ports_text = "every port" if ports is None else f"ports {opened}"
            yield RANGE_OPENED_TOO_WIDE.at(
                span, f"{what} {ports_text} ({extra} beyond the passive range {need.ports} and the control port)",
                f"the passive range is set at {need.origin.describe()}",
            )


def _egress(
    config: Config, server: Server, needs: ServerNeeds, rulesets: list[Ruleset], families: list[Family]
) -> Iterator[Diagnostic]:
    source = (20, 20) if needs.active_source_port == 20 else EPHEMERAL
    blocked: list[Family] = []
    decider: Span | None = None
    for family in families:
        segments = scan(rulesets, "out", family, "new", CLIENT_PORTS, source)
        closed = [s for s in segments if s.outcome.status == "closed"]
        if not closed:
            continue
        on_control, _ = _helped(rulesets, family, needs.control_port)
        related = scan(rulesets, "out", family, "related", CLIENT_PORTS, source)
        if on_control and not needs.tls and all(s.outcome.status == "open" for s in related):
            continue
        blocked.append(family)
        decider = decider or (closed[0].outcome.deciders[0] if closed[0].outcome.deciders else None)
    if blocked:
        origin = server.active.source_port.origin if needs.active_source_port == 20 else server.active.enabled.origin
        yield ACTIVE_EGRESS_BLOCKED.at(
            span_of(config, origin, server.active.enabled.origin),
            f"active mode connects out to clients {'from port 20 ' if source == (20, 20) else ''}but the firewall "
            f"drops these outbound connections ({_label(blocked)})",
            f"dropped by {_where(decider)}",
            "the ftp conntrack helper cannot read PORT/EPRT under TLS" if needs.tls else "",
        )


# --- docker compose -----------------------------------------------------------------------------------


def ftp_service(services: list[ComposeService], needs: ServerNeeds) -> ComposeService | None:
    """The compose service that runs this FTP server, if any publishes it (host networking: none does)."""
    candidates = [s for s in services if s.looks_like_ftp] or [
        s for s in services if any(True for _ in s.publishing(needs.control_port))
    ]
    if not candidates:
        with_ports = [s for s in services if s.ports]
        candidates = with_ports if len(with_ports) == 1 else []
    if len(candidates) != 1 or candidates[0].host_network:
        return None
    return candidates[0]


def _loopback(published: Published) -> bool:
    return published.host_ip is not None and published.host_ip in LOOPBACK


def _compose(config: Config, needs: ServerNeeds, service: ComposeService) -> Iterator[Diagnostic]:
    control = needs.control
    entries = list(service.publishing(control.ports.low))
    if not entries:
        yield CONTROL_PORT_BLOCKED.at(
            span_of(config, control.origin),
            f"docker compose service {service.name!r} does not publish the control port {control.ports.low}",
            f"ports of the service: {_where(service.span)}",
        )
    elif all(_loopback(p) for p in entries):
        yield PORT_OPEN_TO_SOME.at(
            entries[0].span, f"the control port {control.ports.low} is published only on {entries[0].host_ip}"
        )
    need = needs.passive_range
    if need is None:
        return
    missing: list[tuple[int, int]] = []
    shifted: dict[Span, list[int]] = {}
    for port in range(need.ports.low, need.ports.high + 1):
        mappings = list(service.publishing(port))
        if not mappings:
            if missing and missing[-1][1] == port - 1:
                missing[-1] = (missing[-1][0], port)
            else:
                missing.append((port, port))
        elif all(m.host_port(port) != port for m in mappings):
            shifted.setdefault(mappings[0].span, []).append(port)
    if missing:
        text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in missing)
        yield PASSIVE_RANGE_BLOCKED.at(
            span_of(config, need.origin),
            f"docker compose service {service.name!r} does not publish passive ports {text} of the range {need.ports}",
            f"ports of the service: {_where(service.span)}",
        )
    for span, ports in shifted.items():
        mapping = next(p for p in service.ports if p.span == span)
        host = "random host ports" if mapping.host is None else f"host ports {mapping.host[0]}-{mapping.host[1]}"
        yield COMPOSE_PORT_SHIFTED.at(
            span,
            f"passive ports {min(ports)}-{max(ports)} are published on {host}, but the server tells clients to "
            "connect to the container's port numbers",
        )
    wide = {p.span: Ports.single(*p.container) for p in service.ports if p.protocol == "tcp"
            and p.container[0] <= need.ports.high and p.container[1] >= need.ports.low}
    yield from _too_wide(need, needs.control_port, dict(wide.items()), "this mapping publishes")
