"""What one server needs from the firewall, derived from the model: the single source for lint and emitters.

Inbound: the control port, and the effective passive range while PASV or EPSV is accepted.
Outbound: active mode (PORT/EPRT) makes the server connect out, from port 20 when so configured;
only egress filtering can block it.  Port 20 never needs an *inbound* rule (docs/firewall.md §2.4).
"""

from __future__ import annotations

from dataclasses import dataclass

from ftpconf.model import Origin, PortRange, Server, TlsMode


@dataclass(frozen=True)
class PortNeed:
    """An inbound TCP port range the server needs open, and the setting that asks for it."""

    purpose: str  # "control" or "passive"
    ports: PortRange
    address: str | None  # the address the daemon listens on; None: every address
    origin: Origin


@dataclass(frozen=True)
class ServerNeeds:
    server: str
    inbound: tuple[PortNeed, ...]
    active_egress: bool  # PORT or EPRT accepted: the server connects out to the client
    active_source_port: int | None  # 20 when the daemon binds it, None: an ephemeral port
    passive: bool  # PASV or EPSV accepted
    tls: bool  # explicit or implicit TLS: a conntrack helper cannot read the PASV/EPSV replies
    control_port: int

    @property
    def control(self) -> PortNeed:
        return next(n for n in self.inbound if n.purpose == "control")

    @property
    def passive_range(self) -> PortNeed | None:
        return next((n for n in self.inbound if n.purpose == "passive"), None)


def needs_of(server: Server) -> ServerNeeds:
    listen = server.listen
    control = PortNeed(
        "control",
        PortRange(low=listen.port.effective, high=listen.port.effective),
        listen.address.effective,
        listen.port.origin,
    )
    inbound = [control]
    passive = server.passive.enabled.effective and (server.commands.accepts("PASV") or server.commands.accepts("EPSV"))
    if passive:
        origin = server.passive.range_low.origin
        inbound.append(PortNeed("passive", server.passive.effective_range, listen.address.effective, origin))
    active = server.active.enabled.effective and (server.commands.accepts("PORT") or server.commands.accepts("EPRT"))
    return ServerNeeds(
        server=server.name,
        inbound=tuple(inbound),
        active_egress=active,
        active_source_port=server.active.source_port.effective if active else None,
        passive=passive,
        tls=server.tls.mode.effective is not TlsMode.OFF,
        control_port=listen.port.effective,
    )
