"""The FTP7xx rules: each observation of a running server against the model of its configuration.

Every finding points at the line a human would edit (the setting's origin), so the usual reports show it
with its code frame; the observed reply goes into the message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, sorted_diagnostics
from ftpconf.model import ACTIVE_COMMANDS, DATA_COMMANDS, Config, Server, TlsMode
from ftpconf.netaddr import ip_literal, private, unroutable
from ftpconf.probe import codes
from ftpconf.probe.observation import Observation
from ftpconf.rules._where import span_of

IPV4_ONLY_COMMANDS = ("PASV", "PORT")


def compare(config: Config, observation: Observation) -> list[Diagnostic]:
    """The FTP7xx findings.  Over IPv6 only EPSV and EPRT are judged: PASV and PORT carry IPv4 addresses
    (RFC 2428) and the daemons treat them as they like there (pure-ftpd refuses PASV, proftpd 1.3.8
    answers a malformed 227, vsftpd advertises 0,0,0,0), whatever the file says."""
    reached = ip_literal(observation.address)
    if reached is not None and reached.version == 6:
        observation = dataclasses.replace(
            observation, commands=tuple(c for c in observation.commands if c.command not in IPV4_ONLY_COMMANDS)
        )
    server = server_for(config, observation)
    found: list[Diagnostic] = []
    for check in (_address, _private, _ports, _modes, _data, _tls):
        found.extend(check(config, server, observation))
    return sorted_diagnostics(found)


def server_for(config: Config, observation: Observation) -> Server:
    """The server of the configuration bound to the probed address and port (a proftpd <VirtualHost>), else
    the first on that port (the probe may have come through a NAT), else the main one."""
    on_port = [s for s in config.servers if s.listen.port.effective == observation.port]
    bound = [s for s in on_port if s.listen.address.effective == observation.address]
    return (bound or on_port or list(config.servers))[0]


def _address(config: Config, server: Server, seen: Observation) -> Iterator[Diagnostic]:
    pasv = seen.command("PASV")
    if pasv is None or pasv.advertised_address is None or not server.commands.accepts("PASV"):
        return
    setting = server.passive.advertised_address
    configured = setting.effective
    if configured is None:
        # With no address set the daemon advertises its own: behind a NAT that is a private one, FTP702's case.
        # A public address other than the one reached was set somewhere else: the file is not what runs.
        advertised = ip_literal(pasv.advertised_address)
        local = advertised is None or private(advertised) or unroutable(advertised)
        if pasv.advertised_address != seen.address and not local:
            yield codes.ADDRESS_DIFFERS.at(
                span_of(config, setting.origin),
                f"the server advertised {pasv.advertised_address} in `{pasv.reply}`, but it was reached at "
                f"{seen.address} and the configuration sets no passive address (the daemon would advertise the "
                "address it was reached at)",
                "the daemon does not run this configuration, or a NAT in front of it rewrites the reply",
            )
        return
    expected = ip_literal(configured)
    if expected is None:
        return  # a name: what it resolves to on the server is not ours to guess
    observed = ip_literal(pasv.advertised_address)
    if observed != expected:
        yield codes.ADDRESS_DIFFERS.at(
            span_of(config, setting.origin),
            f"the configuration advertises {configured}, the running server {pasv.advertised_address} (`{pasv.reply}`)",
            "restart the daemon on this file, or find which configuration it really reads",
        )


def _private(config: Config, server: Server, seen: Observation) -> Iterator[Diagnostic]:
    pasv = seen.command("PASV")
    reached = ip_literal(seen.address)
    if pasv is None or pasv.advertised_address is None or reached is None:
        return
    advertised = ip_literal(pasv.advertised_address)
    if advertised is None or private(reached) or unroutable(reached):
        return  # reached on a private or local address: a client there may well reach a private one too
    why = private(advertised) or unroutable(advertised)
    if why:
        yield codes.PRIVATE_ADVERTISED.at(
            span_of(config, server.passive.advertised_address.origin),
            f"the server was reached at the public address {seen.address} but advertises {advertised}, {why}",
            "set the public address as the advertised passive address",
        )


def _ports(config: Config, server: Server, seen: Observation) -> Iterator[Diagnostic]:
    if not server.passive.enabled.effective:
        return
    ports = [*seen.passive_ports, *(c.advertised_port for c in seen.commands if c.accepted and c.advertised_port)]
    outside = sorted({p for p in ports if p is not None and p not in server.passive.effective_range})
    if outside:
        shown = ", ".join(map(str, outside[:5])) + (f" and {len(outside) - 5} more" if len(outside) > 5 else "")
        passive = server.passive
        yield codes.PORT_OUTSIDE_RANGE.at(
            span_of(config, passive.range_low.origin, passive.range_high.origin),
            f"passive port{'s' if len(outside) > 1 else ''} {shown} outside the configured range "
            f"{passive.effective_range}",
            "restart the daemon on this file, or correct the range it is given",
        )


def _modes(config: Config, server: Server, seen: Observation) -> Iterator[Diagnostic]:
    for name in DATA_COMMANDS:
        probe = seen.command(name)
        if probe is None or probe.code is None:
            continue  # not asked (PORT over IPv6) or the session broke: nothing to judge
        origin = server.commands.origins.get(name)
        span = span_of(config, *([origin] if origin else []))
        if server.commands.accepts(name) and not probe.accepted:
            yield codes.MODE_REFUSED.at(
                span, f"the configuration accepts {name}, the running server answers `{probe.reply}`"
            )
        elif probe.accepted and not server.commands.accepts(name):
            yield codes.MODE_ACCEPTED.at(
                span, f"the configuration refuses {name}, the running server answers `{probe.reply}`"
            )


def _data(config: Config, server: Server, seen: Observation) -> Iterator[Diagnostic]:
    for name in DATA_COMMANDS:
        probe = seen.command(name)
        if probe is None or not probe.accepted or not server.commands.accepts(name):
            continue
        data = probe.data
        if data.status in ("ok", "not-tried"):
            continue
        if name in ACTIVE_COMMANDS:
            origin = server.commands.origins.get(name)
            span = span_of(config, *([origin] if origin else []))
            what = f"the server accepted {name} but its data connection back to the probe"
            hint = "allow the server's outbound connections to clients' ports (and from port 20 if it uses it)"
        else:
            span = span_of(config, server.passive.range_low.origin, server.passive.advertised_address.origin)
            what = f"the data connection to {data.address}:{data.port} after {name}"
            hint = (
                f"no route from the probe to {data.address}: is that the address clients should connect to?"
                if data.status == "unreachable"
                else f"open the passive range {server.passive.effective_range} inbound on every firewall and NAT"
            )
        yield codes.DATA_CONNECTION_FAILED.at(
            span,
            f"{what} failed after {data.seconds:g} s: {data.error or data.status}",
            data.note,
            f"the server then said `{data.reply}`" if data.reply else "",
            hint,
        )


def _tls(config: Config, server: Server, seen: Observation) -> Iterator[Diagnostic]:
    mode = server.tls.mode
    if mode.effective is TlsMode.OFF or seen.tls_offered is not False:
        return
    asked = "a TLS handshake on connect" if mode.effective is TlsMode.IMPLICIT else "AUTH TLS"
    yield codes.TLS_NOT_OFFERED.at(
        span_of(config, mode.origin),
        f"the configuration turns {mode.effective.value} TLS on, the running server does not offer it "
        f"({asked}: {seen.tls_reply or 'no answer'})",
        "restart the daemon on this file; its log says why TLS stayed off (module, certificate)",
    )
