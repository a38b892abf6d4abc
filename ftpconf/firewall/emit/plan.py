"""What every emitter writes, decided once: the openings, helper attachments and egress notes for a config.

Policy (docs/firewall.md §2 and §4):

* Inbound, for each server: its control port, and its effective passive range while PASV or EPSV is
  accepted.  The range is opened explicitly even for plain FTP: the conntrack helper is never the
  only way in, so the rules keep working when TLS is switched on, or when no helper is attached.
* Port 20 is never opened inbound: active mode (PORT/EPRT) is an *outbound* connection.
* The FTP conntrack helper is attached on the control port of each plain-FTP server that accepts
  active mode.  That is where it helps: it makes the server's outgoing data connection RELATED, so
  a filtered egress (or a NAT in front of the server) lets it through with ``established,related``
  whatever source port it uses.  Under TLS (explicit or implicit) the helper cannot read the
  PORT/PASV exchange, so no helper is attached and nothing relies on one.
* Egress is not filtered by the generated rules (output policy accept); emitters print the egress
  rule a filtered output chain would need as a comment.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ftpconf.firewall.needs import PortNeed, ServerNeeds, needs_of
from ftpconf.model import Config, PortRange, Server

Family = Literal[4, 6]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
BOTH: frozenset[Family] = frozenset((4, 6))


@dataclass(frozen=True)
class Opening:
    """An inbound TCP port range to accept (connection state NEW), for one or more servers."""

    purpose: Literal["control", "passive"]
    ports: PortRange
    address: IPAddress | None  # destination restriction; None: every address of the families
    families: frozenset[Family]
    servers: tuple[str, ...]
    reasons: tuple[str, ...]  # where each server's setting came from, for the comment

    @property
    def key(self) -> tuple[object, ...]:
        return (self.purpose, self.ports.low, self.ports.high, self.address, self.families)


@dataclass(frozen=True)
class HelperAttach:
    """Attach the FTP conntrack helper to connections to this control port."""

    port: int
    address: IPAddress | None
    families: frozenset[Family]
    servers: tuple[str, ...]


@dataclass(frozen=True)
class Egress:
    """A server that connects out in active mode, and from which source port (None: ephemeral)."""

    server: str
    source_port: int | None
    families: frozenset[Family]


@dataclass(frozen=True)
class Plan:
    source: str  # the configuration the rules are for, as the user named it
    dialect: str
    servers: tuple[str, ...]
    openings: tuple[Opening, ...]
    helpers: tuple[HelperAttach, ...]
    egress: tuple[Egress, ...]
    tls_servers: tuple[str, ...]  # servers whose passive range must stay open: TLS hides it from helpers
    notes: tuple[str, ...]  # caveats every format prints in its header

    @property
    def families(self) -> frozenset[Family]:
        found: set[Family] = set()
        for opening in self.openings:
            found |= opening.families
        return frozenset(found) or BOTH

    def for_family(self, family: Family) -> Plan:
        """Only what applies to one address family (iptables and ip6tables are separate files)."""
        return replace(
            self,
            openings=tuple(o for o in self.openings if family in o.families),
            helpers=tuple(h for h in self.helpers if family in h.families),
            egress=tuple(e for e in self.egress if family in e.families),
        )


def plan_for(config: Config, source: str) -> Plan:
    notes: list[str] = []
    openings: list[Opening] = []
    helpers: list[HelperAttach] = []
    egress: list[Egress] = []
    tls: list[str] = []
    for server in config.servers:
        needs = needs_of(server)
        for address, families in _destinations(server, notes):
            for need in needs.inbound:
                purpose: Literal["control", "passive"] = "control" if need.purpose == "control" else "passive"
                reason = _reason(need, server)
                openings.append(Opening(purpose, need.ports, address, families, (server.name,), (reason,)))
            if not needs.tls and needs.active_egress:
                helpers.append(HelperAttach(needs.control_port, address, families, (server.name,)))
        if needs.tls:
            tls.append(server.name)
        if needs.active_egress:
            egress.append(Egress(server.name, needs.active_source_port, _families(server)))
        notes += _caveats(server, needs)
    return Plan(
        source=source,
        dialect=config.dialect,
        servers=tuple(s.name for s in config.servers),
        openings=tuple(_merge(openings)),
        helpers=tuple(_merge_helpers(helpers)),
        egress=tuple(egress),
        tls_servers=tuple(tls),
        notes=tuple(dict.fromkeys(notes)),
    )


def _families(server: Server) -> frozenset[Family]:
    served: set[Family] = set()
    if server.listen.ipv4:
        served.add(4)
    if server.listen.ipv6:
        served.add(6)
    return frozenset(served) or BOTH


def _destinations(server: Server, notes: list[str]) -> list[tuple[IPAddress | None, frozenset[Family]]]:
    """The destination addresses to restrict to (IP literals only), each with its address family.

    proftpd's ``<VirtualHost 192.0.2.10 2001:db8::10>`` serves every address it names; the model
    keeps the first as effective and the whole list as declared.
    """
    listen = server.listen
    families = _families(server)
    effective = listen.address.effective
    if effective is None:
        return [(None, families)]
    declared = (listen.address.declared or "").split()
    texts = declared if declared[:1] == [effective] else [effective]
    found: list[tuple[IPAddress | None, frozenset[Family]]] = []
    for text in texts:
        address = _ip(text)
        if address is None:
            notes.append(
                f"{server.name} listens on {text!r}, which is not an IP address: its rules are not restricted "
                "to one destination address"
            )
            return [(None, families)]
        found.append((None, families) if address.is_unspecified else (address, _family_of(address)))
    return found


def _family_of(address: IPAddress) -> frozenset[Family]:
    return frozenset((4,) if address.version == 4 else (6,))


def _ip(text: str) -> IPAddress | None:
    if "%" in text:  # a scoped IPv6 address: no firewall syntax takes the zone
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _reason(need: PortNeed, server: Server) -> str:
    where = need.origin.describe()
    return f"{server.name}: {where}" if server.name != "main" else where


def _caveats(server: Server, needs: ServerNeeds) -> list[str]:
    found = []
    passive = needs.passive_range
    if passive is not None and passive.origin.kind == "default":
        found.append(
            f"{server.name}: no passive port range is set, so the daemon may use any port in {passive.ports} "
            "and all of them are opened; set a small range in the config to open fewer"
        )
    if not server.listen.standalone.effective:
        found.append(
            f"{server.name}: the daemon does not listen by itself (inetd/systemd socket): the control port "
            "is the super-server's; check it matches"
        )
    return found


def _merge(openings: Iterable[Opening]) -> list[Opening]:
    """One opening per (purpose, ports, address, families): servers that share it are listed together."""
    merged: dict[tuple[object, ...], Opening] = {}
    for opening in openings:
        known = merged.get(opening.key)
        if known is None:
            merged[opening.key] = opening
        else:
            merged[opening.key] = replace(
                known,
                servers=_union(known.servers, opening.servers),
                reasons=_union(known.reasons, opening.reasons),
            )
    # Control ports first, then passive ranges; each in the config's order.
    return sorted(merged.values(), key=lambda o: o.purpose != "control")


def _merge_helpers(helpers: Iterable[HelperAttach]) -> list[HelperAttach]:
    merged: dict[tuple[object, ...], HelperAttach] = {}
    for helper in helpers:
        key = (helper.port, helper.address, helper.families)
        known = merged.get(key)
        merged[key] = helper if known is None else replace(known, servers=_union(known.servers, helper.servers))
    return list(merged.values())


def _union(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*a, *b)))
