"""FTP3xx: the address advertised in passive replies (NAT)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from ipaddress import IPv4Address, IPv6Address

from ftpconf.diagnostics import Diagnostic, RuleInfo, rule
from ftpconf.dialects import registry
from ftpconf.model import Config, Server
from ftpconf.netaddr import inet_aton, ip_literal, loopback_name, private, unroutable
from ftpconf.rules._where import span_of
from ftpconf.source import printable


def _advertised(server: Server) -> str | None:
    return server.passive.advertised_address.effective if server.passive.enabled.effective else None


@rule(
    "FTP301 advertised-address-not-literal warning: the passive address is not an IP address and will not be resolved"
)
def not_literal(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    vsftpd expects `pasv_address` to be a numeric IPv4 address unless `pasv_addr_resolve=YES`.
    A host name (or a quoted address) is accepted at start-up, but the first PASV kills the session
    with `500 OOPS: invalid pasv_address`.

        pasv_address=ftp.example.com          # every PASV fails
        pasv_address=ftp.example.com
        pasv_addr_resolve=YES                 # resolved once at start-up

    Fix: write the public IP address, or turn on name resolution.
    """
    address = _advertised(server)
    if address is None or server.passive.resolve_hostname.effective:
        return
    origin = server.passive.advertised_address.origin
    parsed = inet_aton(address)
    if parsed is None:
        looks_like_name = any(c.isalpha() for c in address) and address[:1] not in "\"'"
        hint = (
            f"set {registry.get(config.dialect).passive_name_resolution} "
            "to resolve it at start-up, or write the IP address"
            if looks_like_name
            else "write a plain dotted IPv4 address"
        )
        yield not_literal.at(
            span_of(config, origin),
            f"`{address}` is not an IPv4 address and is not resolved: the first PASV fails with "
            "`500 OOPS: invalid pasv_address` and the session is dropped",
            hint,
        )
    elif str(parsed) != address:
        yield not_literal.at(
            span_of(config, origin), f"`{address}` is read as {parsed} (inet_aton shorthand); write the address in full"
        )


@rule(
    "FTP302 advertised-address-private info: the passive address is private: clients outside the LAN cannot reach "
    "it"
)
def private_address(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The address put into `227 Entering Passive Mode` replies is a private (RFC 1918) or carrier-grade
    NAT address.  Clients on the internet then try to connect to an address they cannot reach and
    the transfer hangs (some clients, like FileZilla, silently substitute the server's address, which
    hides the problem).  This is right only for a server used from inside the same network -- which
    the file does not say (a container advertising its host's LAN address is a common, sound setup),
    so this is advice (info).

    Fix: advertise the public address clients connect to (the NAT gateway's).
    """
    yield from _advertised_class(
        config,
        server,
        private,
        private_address,
        "only clients in the same network can open passive data connections",
        "if clients outside this network connect, advertise the public address they use (the NAT gateway's)",
    )


@rule("FTP303 advertised-address-unroutable warning: the passive address is loopback, 0.0.0.0 or link-local")
def unroutable_address(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The address put into passive replies cannot be reached from any other host: `0.0.0.0`,
    `127.0.0.1` (or `localhost`, which the daemons resolve to it) or a link-local address.  Docker
    images that ship `pasv_address=0.0.0.0` as a placeholder are the usual source; `LIST` then fails
    for every remote client.

    Fix: advertise the address clients use to reach the server.
    """
    yield from _advertised_class(
        config, server, unroutable, unroutable_address, "remote clients cannot open passive data connections to it"
    )


def _advertised_class(
    config: Config,
    server: Server,
    classify: Callable[[IPv4Address | IPv6Address], str | None],
    finding: RuleInfo,
    consequence: str,
    advice: str = "",
) -> Iterator[Diagnostic]:
    """A finding when the advertised address is of a class (``classify`` says which) clients cannot use."""
    address = _advertised(server)
    parsed = ip_literal(address) if address else None
    named = loopback_name(address) if address and parsed is None and server.passive.resolve_hostname.effective else None
    shown = parsed or named
    reason = classify(shown) if shown else None
    if reason:
        origin = server.passive.advertised_address.origin
        resolved = f"resolved to {named}, " if named else ""
        yield finding.at(
            span_of(config, origin), f"`{printable(origin.detail)}` is {resolved}{reason}: {consequence}", advice
        )


# Not pure-ftpd: it resolves ForcePassiveIP at every session (FTP340 there).
@rule(
    "FTP304 advertised-name-resolved-once info: the passive address is a name resolved only at start-up",
    dialects=("vsftpd", "proftpd"),
)
def resolved_once(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The passive address is a host name that the daemon resolves once, when it starts.  With a
    dynamic DNS name the address goes stale when the public IP changes, and a name that resolves
    to an internal address inside the LAN advertises the internal address.

    Fix: restart the daemon when the address changes, or advertise a fixed IP.
    """
    address = _advertised(server)
    if address is None or not server.passive.resolve_hostname.effective or ip_literal(address) is not None:
        return
    if loopback_name(address):
        return  # FTP303: it is loopback, whenever it is resolved
    yield resolved_once.at(
        span_of(config, server.passive.advertised_address.origin),
        f"`{address}` is resolved once at start-up: if its address changes, passive replies keep the old one",
    )
