"""Comment text every format shares: the header naming the source config, and what each rule is for."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, TypeVar

from ftpconf.firewall.emit.plan import Egress, Family, HelperAttach, Opening, Plan
from ftpconf.model import PortRange
from ftpconf.source import printable

WIDTH = 100
T = TypeVar("T")


def header(plan: Plan, fmt: str, prefix: str = "#") -> list[str]:
    lines = [
        f"ftpconf firewall --format {fmt}: generated from {printable(plan.source)} ({plan.dialect}); "
        f"servers: {', '.join(printable(s) for s in plan.servers)}",
    ]
    if plan.tls_servers:
        lines.append(
            f"TLS is on for {', '.join(printable(s) for s in plan.tls_servers)}: a conntrack helper cannot read "
            "the encrypted PASV/EPSV replies, so the passive range is opened explicitly and no helper is used there."
        )
    lines += [printable(note) for note in plan.notes]
    return comment(lines, prefix)


def head(plan: Plan, fmt: str, usage: list[str], interpreter: str | None = None) -> list[str]:
    """The top of every generated file: its interpreter line, what it was generated from, how to use it."""
    return [*([interpreter] if interpreter else []), *header(plan, fmt), *comment(usage)]


def comment(lines: list[str], prefix: str = "#", indent: str = "") -> list[str]:
    out = []
    for line in lines:
        wrapped = textwrap.wrap(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False) or [""]
        out += [f"{indent}{prefix} {part}".rstrip() for part in wrapped]
    return out


def what(opening: Opening) -> str:
    """e.g. 'passive ports 30000-30009 (main: vsftpd.conf:14 (pasv_min_port=30000))'."""
    ports = str(opening.ports.low) if opening.ports.size == 1 else str(opening.ports)
    kind = "control port" if opening.purpose == "control" else "passive ports"
    target = f" on {opening.address}" if opening.address is not None else ""
    return f"{kind} {ports}{target}: {'; '.join(printable(r) for r in opening.reasons)}"


def helper_why(helpers: Sequence[HelperAttach]) -> str:
    ports = ", ".join(dict.fromkeys(str(h.port) for h in helpers))
    servers = ", ".join(dict.fromkeys(printable(s) for h in helpers for s in h.servers))
    return (
        f"FTP conntrack helper on control port {ports} ({servers}: plain FTP with active mode): the server's "
        "PORT/EPRT data connections become RELATED, which a filtered egress or a NAT in front of the server "
        "needs. Passive mode does not rely on it: the range is opened explicitly."
    )


EgressKind = Literal["sport", "related", "any"]


def egress_kind(plan: Plan, item: Egress) -> EgressKind:
    """How a filtered egress can let this server's active-mode connection out, narrowest first."""
    if item.source_port is not None:
        return "sport"  # it binds port 20 (or the configured one) before connecting
    if any(item.server in h.servers for h in plan.helpers):
        return "related"  # the helper read the PORT/EPRT command: the connection is RELATED
    return "any"  # ephemeral source port and no helper (TLS): nothing narrower identifies it


def port_span(ports: PortRange, separator: str) -> str:
    """One port, or a range the way the format writes it (nft and firewalld ``a-b``, iptables and ufw ``a:b``)."""
    return str(ports.low) if ports.size == 1 else f"{ports.low}{separator}{ports.high}"


def by_family(families: frozenset[Family], ipv4: T, ipv6: T, both: T) -> T:
    """What a format writes for a rule that holds for IPv4 only, IPv6 only, or both."""
    return ipv4 if families == {4} else ipv6 if families == {6} else both


def egress_rules(templates: Mapping[EgressKind, str]) -> Callable[[EgressKind, Egress], str]:
    """An egress line per kind from the format's templates ({server}, {source_port})."""
    return lambda kind, item: templates[kind].format(server=item.server, source_port=item.source_port)


def egress_comment(
    plan: Plan, rule: Callable[[EgressKind, Egress], str], prefix: str = "#", indent: str = ""
) -> list[str]:
    """Active mode needs no inbound rule; a filtered egress would need the lines shown (as comments)."""
    if not plan.egress:
        return []
    lines = comment(
        [
            "Active mode (PORT/EPRT): the server connects out to the client, so nothing is opened inbound "
            "(never port 20). Egress is not filtered here; if your output policy drops, accept:"
        ],
        prefix,
        indent,
    )
    for item in plan.egress:
        lines.append(f"{indent}{prefix}   {rule(egress_kind(plan, item), item)}")
    return lines
