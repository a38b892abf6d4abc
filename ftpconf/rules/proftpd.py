"""Model checks that only make sense for proftpd (FTP62x)."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.model import Config, Server
from ftpconf.netaddr import ip_literal
from ftpconf.rules._where import span_of

P = ("proftpd",)


@rule(
    "FTP620 proftpd-masquerade-name info: MasqueradeAddress is a host name: if it does not resolve, it is ignored",
    dialects=P,
)
def masquerade_name(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    proftpd resolves a `MasqueradeAddress` host name once, at start-up.  A name that does not
    resolve then is accepted by `proftpd -t` and at start-up (the log even says `masquerading as
    no-such-host.invalid`), but silently ignored: passive replies carry the server's own (often
    private) address and clients behind NAT cannot connect.  Inside a LAN, split-horizon DNS may also
    resolve the name to the internal address.

        MasqueradeAddress ftp.example.com     # depends on DNS at start-up
        MasqueradeAddress 203.0.113.10        # always what you wrote

    Whether the name resolves, and to which address, is DNS's answer on the server at start-up, not
    the file's: advice (info).

    Fix: use the public IP address, or make sure the name resolves on the server to the public address.
    """
    passive = server.passive
    address = passive.advertised_address.effective
    if not passive.enabled.effective or address is None or ip_literal(address) is not None:
        return
    yield masquerade_name.at(
        span_of(config, passive.advertised_address.origin),
        f"MasqueradeAddress `{address}` is resolved once at start-up; if that fails proftpd silently advertises "
        "its own address in 227 replies",
    )
