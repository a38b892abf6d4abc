"""pure-ftpd-specific checks on the model: what its data-connection rules make of the settings."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.dialects.pureftpd.hostnames import is_hostname
from ftpconf.integers import parse_decimal
from ftpconf.model import Config, Server
from ftpconf.netaddr import loopback_name
from ftpconf.rules._where import span_of
from ftpconf.source import printable

P = ("pureftpd",)
DEFAULT_MAX_CLIENTS = 50


@rule(
    "FTP260 pureftpd-range-caps-clients warning: the passive range silently lowers pure-ftpd's client limit", dialects=P
)
def range_caps_clients(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    pure-ftpd keeps two passive ports per client: with a range of N ports it lowers the client
    limit to N/2, whatever `-c`/`MaxClientsNumber` says (default 50), and the next client gets
    `421 5 users (the maximum) are already logged in`.  A one-port range makes the limit 0, which
    switches it off: any number of clients, and every second concurrent passive transfer gets
    `425 All reserved TCP ports are busy`.  (Verified on the binary: `-p 30000:30009` shows
    "You are user number 1 of 5 allowed".)

        -p 30000:30009 -c 50     # really 5 clients
        -p 30000:30099 -c 50     # 50 clients

    Fix: give at least two ports per client you want to serve.
    """
    passive = server.passive
    limit = server.limits.max_clients
    if not passive.enabled.effective or passive.range_low.effective is None:
        return
    size = passive.effective_range.size
    wanted = parse_decimal(limit.declared or "")
    wanted = DEFAULT_MAX_CLIENTS if wanted is None else wanted
    if size // 2 >= wanted:
        return
    where = span_of(config, passive.range_low.origin)
    if size // 2 == 0:
        yield range_caps_clients.at(
            where,
            f"a one-port passive range ({passive.effective_range}) switches the client limit off: a second "
            "concurrent passive transfer gets 425",
        )
        return
    yield range_caps_clients.at(
        where,
        f"{size} passive ports ({passive.effective_range}) cap the client limit at {size // 2}, not the {wanted} "
        f"{'configured' if limit.declared else 'allowed by default'}: pure-ftpd refuses further logins",
        f"use a range of at least {2 * wanted} ports",
    )


@rule(
    "FTP261 pureftpd-natmode-passive-settings warning: NAT mode switches passive mode off: -p/-P have no effect",
    dialects=P,
)
def natmode_with_passive(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Despite its name, pure-ftpd's NAT mode (`-N`, `NATmode yes`) does not help behind NAT: it turns
    passive mode off (PASV and EPSV answer `500 Unknown command`) and leaves only active mode,
    which is what breaks behind NAT.  A passive range or forced passive address next to it is dead
    configuration and shows the intent was the opposite.

        NATmode yes
        PassivePortRange 30000 30009     # never used

    Fix: drop NAT mode and keep `-p` with `-P <public address>`.
    """
    passive = server.passive
    if passive.enabled.effective:
        return
    dead = [
        f"`{printable(s.origin.detail)}`"  # as given: `-p 30000:30009`, `PassivePortRange 30000:30009`
        for s in (passive.range_low, passive.advertised_address)
        if s.declared is not None and s.origin.span is not None
    ]
    if dead:
        yield natmode_with_passive.at(
            span_of(config, passive.enabled.origin),
            f"NAT mode turns passive mode off (PASV/EPSV answer 500), so {' and '.join(dead)} "
            f"{'has' if len(dead) == 1 else 'have'} no effect; only active mode works, which NAT usually breaks",
        )


@rule(
    "FTP340 pureftpd-forced-passive-hostname warning: ForcePassiveIP is a host name resolved at every session",
    dialects=P,
)
def forced_hostname(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    pure-ftpd accepts a host name for `-P`/`ForcePassiveIP` and resolves it when each session
    starts.  If the lookup fails (DNS down, a name only known outside the container) every client
    gets the welcome lines and then `421 Illegal forced IP for passive connections`; a name that
    resolves to an internal address inside the LAN advertises that address.  (`localhost` is always
    127.0.0.1: FTP303.)

    Fix: the public IPv4 address, if it is fixed.
    """
    address = server.passive.advertised_address.effective
    if not server.passive.enabled.effective or address is None or not is_hostname(address) or loopback_name(address):
        return  # localhost: always 127.0.0.1, FTP303
    yield forced_hostname.at(
        span_of(config, server.passive.advertised_address.origin),
        f"`{address}` is resolved at every session: if the lookup fails, every session is dropped with "
        "`421 Illegal forced IP for passive connections`",
    )


@rule(
    "FTP640 pureftpd-local-users-not-chrooted warning: system users are not jailed in their home directory",
    dialects=P,
    group="hardening",
)
def not_chrooted(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Without `-A` (`ChrootEveryone yes`) pure-ftpd jails only anonymous users: system users can walk
    the whole file system and read everything their Unix permissions allow (/etc, other users'
    homes).  System users log in through `unix` (the default when no `-l` is given) or `pam`; a
    server that authenticates only against a user database (`-l puredb:`, `extauth:`, `mysql:`,
    `pgsql:`, `ldap:`; `PureDB`, `MySQLConfigFile`, ... in pure-ftpd.conf) has no system users, and
    each virtual user's jail is set in that database (`pure-pw useradd -d` jails, `-D` does not).

    Fix: `ChrootEveryone yes` (Debian: `echo yes > /etc/pure-ftpd/conf/ChrootEveryone`), or
    `TrustedGID` for the one group that needs to see everything.
    """
    access = server.access
    if not access.local_users.effective or access.chroot_local_users.effective:
        return
    if any(extra.name == "trustedgid" for extra in server.extras):
        return
    yield not_chrooted.at(
        span_of(config, access.chroot_local_users.origin, access.local_users.origin),
        "system users are not chrooted: they can browse the whole file system",
    )
