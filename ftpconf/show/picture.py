"""The facts a data-connection drawing shows, derived once from the model for every output format.

One :class:`Channel` per connection: the control connection, then PASV, EPSV (the client connects
to the server) and PORT, EPRT (the server connects back to the client).  What each daemon replies
and refuses with is measured on the real binaries (docs/daemons/*.md):
PASV's 227 reply carries the advertised address, EPSV's 229 reply carries only a port, so the
client dials the address of its control connection.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ftpconf.dialects import registry
from ftpconf.dialects.registry import daemon_name
from ftpconf.firewall.needs import needs_of
from ftpconf.model import ACTIVE_COMMANDS, DATA_COMMANDS, PASSIVE_COMMANDS, DataCommand, Server
from ftpconf.show.settings import RANGE_BUSY
from ftpconf.show.where import place, where
from ftpconf.source import printable


@dataclass(frozen=True)
class Channel:
    command: str  # "control" or a data command
    to_server: bool  # who opens the TCP connection: the client (True) or the server (False)
    accepted: bool
    client_end: str  # "any port", or "port it sent" (the client listens on the port it named)
    server_end: str  # the server's port(s): "port 21", "ports 30000-30049", "from port 20"
    via: str | None  # the address the 227 reply tells the client to dial, when it is set
    summary: str  # one short phrase after the verdict
    reason: str  # the setting or default that accepts or refuses it, in full
    short_reason: str  # the same as a place: "line 14", "default"
    server_note: str | None = None  # e.g. "≠ declared 20480-10240" beside a passive range the daemon changed


@dataclass(frozen=True)
class PortLine:
    ports: str
    purpose: str
    source: str


@dataclass(frozen=True)
class Picture:
    dialect: str
    daemon: str  # the daemon's name as users write it
    server: str
    listen: str  # "all addresses, IPv4+IPv6"
    channels: tuple[Channel, ...]  # the control connection first
    inbound: tuple[PortLine, ...]  # what a firewall in front of the server must let in
    notes: tuple[str, ...]

    @property
    def control(self) -> Channel:
        return self.channels[0]

    @property
    def data(self) -> tuple[Channel, ...]:
        return self.channels[1:]


def picture_of(server: Server, dialect: str, base: str | None) -> Picture:
    listen = server.listen
    address = printable(listen.address.effective) if listen.address.effective else "all addresses"
    versions = "+".join(v for v, on in (("IPv4", listen.ipv4), ("IPv6", listen.ipv6)) if on) or "no IP version"
    port = listen.port.effective
    control = Channel(
        "control",
        True,
        True,
        "any port",
        f"port {port}",
        None,
        "commands and replies",
        where(listen.port.origin, base),
        place(listen.port.origin, base),
    )
    channels = [control, *(_data_channel(server, dialect, command, base) for command in _ORDER)]
    needs = needs_of(server)
    inbound = tuple(
        PortLine(
            str(need.ports) if need.ports.low != need.ports.high else str(need.ports.low),
            need.purpose,
            where(need.origin, base),
        )
        for need in needs.inbound
    )
    return Picture(
        dialect,
        daemon_name(dialect),
        printable(server.name),
        f"{address}, {versions}" if listen.standalone.effective else f"{address}, {versions}, via inetd",
        tuple(channels),
        inbound,
        tuple(_notes(server, dialect)),
    )


# Passive first: it is what clients try first and what NAT breaks.
_ORDER: tuple[DataCommand, ...] = ("PASV", "EPSV", "PORT", "EPRT")
assert set(_ORDER) == set(DATA_COMMANDS)


def _data_channel(server: Server, dialect: str, command: DataCommand, base: str | None) -> Channel:
    passive = command in PASSIVE_COMMANDS
    mode = server.passive.enabled if passive else server.active.enabled
    accepted = server.commands.accepts(command) and mode.effective
    origin = server.commands.origins.get(command)
    if origin is None and not mode.effective:
        origin = mode.origin
    reason = where(origin, base) if origin is not None else "nothing refuses it"
    short = place(origin, base) if origin is not None else "default"
    advertised = server.passive.advertised_address.effective
    ports = str(server.passive.effective_range)
    source = server.active.source_port.effective
    if passive:
        via = printable(advertised) if command == "PASV" and advertised and accepted else None
        server_end = f"ports {ports}"
        if command == "PASV":
            own = "reply 227 names the server's own address"
            summary = f"reply 227 {_pasv_reply(advertised)}" if advertised else own
        else:
            summary = "reply 229 (|||port|): same address as control"
    else:
        via = None
        server_end = "from any port" if source is None else f"from port {source}"
        summary = "server connects back " + ("from any port" if source is None else f"from port {source}")
    if not accepted:
        code = registry.get(dialect).refusal_reply
        summary = f"refused ({code}), {short}"
    note = _range_note(server) if passive and accepted else None
    client_end = "any port" if passive else "port it sent"
    return Channel(command, passive, accepted, client_end, server_end, via, summary, reason, short, note)


def _range_note(server: Server) -> str | None:
    """The passive range as declared, when the daemon uses another one (vsftpd's inverted range)."""
    low, high = server.passive.range_low.effective, server.passive.range_high.effective
    effective = server.passive.effective_range
    if low is None or high is None or (low, high) == (effective.low, effective.high):
        return None
    return f"≠ declared {low}-{high}"


def _pasv_reply(advertised: str) -> str:
    try:
        ip = ipaddress.ip_address(advertised)
    except ValueError:
        return f"with the address of {printable(advertised)}"
    if ip.version == 4:
        return "(" + ",".join(str(ip).split(".")) + ",p1,p2)"
    return f"with {ip}"  # pragma: no cover - daemons reject an IPv6 advertised address


def _notes(server: Server, dialect: str) -> list[str]:
    needs = needs_of(server)
    daemon = daemon_name(dialect)
    notes: list[str] = []
    if not needs.passive and not needs.active_egress:
        notes.append("No data command is accepted: every listing and transfer fails.")
    if needs.active_egress:
        source = "port 20" if needs.active_source_port == 20 else (
            "any port" if needs.active_source_port is None else f"port {needs.active_source_port}"
        )
        notes.append(
            f"PORT/EPRT: the server connects out from {source} to the client's port; no inbound rule is "
            "needed for that, only an outbound filter can block it."
        )
    if needs.passive:
        size = server.passive.effective_range.size
        busy = RANGE_BUSY[server.passive.range_fallback][1]
        notes.append(f"When all {size} passive ports are in use, {daemon} {busy}.")
        if needs.tls:
            notes.append(
                "TLS is on: a firewall's FTP helper cannot read the encrypted 227/229 replies, "
                "so the passive range must be opened explicitly."
            )
    refused = [c for c in DATA_COMMANDS if not server.commands.accepts(c)]
    for pair in (PASSIVE_COMMANDS, ACTIVE_COMMANDS):
        off = [c for c in pair if c in refused]
        if len(off) == 1:
            other = next(c for c in pair if c not in off)
            notes.append(f"{off[0]} is refused but {other} is not: clients that use {other} still get this mode.")
    return notes
