"""FTP5xx: TLS."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.model import Access, Config, Origin, Server, Setting, TlsMode
from ftpconf.rules._where import option_name, span_of
from ftpconf.source import Span

LEGACY = ("SSLv2", "SSLv3", "TLSv1")


def _password_users(access: Access) -> tuple[str, str, Origin] | None:
    """Who logs in with a password -- system accounts ("local users"), accounts of a user database (pure-ftpd's
    PureDB, MySQL, ...: "virtual users"), or both -- which database, and the line that lets them in."""
    local, virtual = access.local_users, access.virtual_users
    # A file line names its key (`PureDB`); a flag shows its method (`-l puredb:/etc/pureftpd.pdb`).
    named = virtual.origin.detail.split(" ", 1)[0] if virtual.origin.kind == "file" else virtual.origin.detail
    database = f" ({named})" if virtual.effective and named else ""
    if local.effective and virtual.effective:  # the line a finding can point at: the database's, if the file names it
        return "local and virtual users", database, local.origin if local.origin.span else virtual.origin
    if local.effective:
        return "local users", "", local.origin
    if virtual.effective:
        return "virtual users", database, virtual.origin
    return None


def _plain_logins(server: Server) -> bool:
    """Password logins can happen without TLS: TLS is off, or explicit TLS that logins need not use."""
    tls = server.tls
    mode = tls.mode.effective
    return mode is TlsMode.OFF or (mode is TlsMode.EXPLICIT and not tls.required_for_login.effective)


def _tls_demanded(config: Config, server: Server) -> Server | None:
    """Where the same file requires TLS -- for another server's logins, or for this server's data
    connections -- which makes this server's plain-text logins certain to be an oversight."""
    tls = server.tls
    if tls.mode.effective is not TlsMode.OFF and tls.required_for_data.effective:
        return server
    for other in config.servers:
        if other is not server and other.tls.mode.effective is not TlsMode.OFF and not _plain_logins(other):
            return other
    return None


@rule(
    "FTP501 tls-off warning: local users log in without TLS: passwords cross the network in clear text",
    group="hardening",
)
def tls_off(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Local (system) users, or virtual users of the daemon's own user database (pure-ftpd's PureDB,
    MySQL, PostgreSQL, LDAP), can log in and TLS is off, so their passwords and data travel in
    clear text.  Anonymous-only servers are not affected.

    Opt-in (`extend-select = ["hardening"]`): whether clear text matters depends on the network
    between clients and server, which the file does not say.  When the same file requires TLS
    elsewhere, FTP504 reports it by default instead.

    Fix (vsftpd): `ssl_enable=YES` with a certificate (`rsa_cert_file`, `rsa_private_key_file`);
    the firewall must then open the passive range itself, because conntrack helpers cannot read
    encrypted PASV replies.
    """
    users = _password_users(server.access)
    if server.tls.mode.effective is TlsMode.OFF and users is not None and _tls_demanded(config, server) is None:
        who, database, origin = users
        yield tls_off.at(
            span_of(config, server.tls.mode.origin, origin),
            f"TLS is off while {who}{database} can log in: passwords are sent in clear text",
            "turn TLS on, with a certificate, and require it for logins",
        )


@rule(
    "FTP502 tls-not-required warning: TLS is offered but local users may still log in or transfer without it",
    group="hardening",
)
def tls_not_required(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    TLS is on, but not required for local users' logins or data connections, so a client (or an
    attacker downgrading it) can still use plain FTP.

    Opt-in (`extend-select = ["hardening"]`): optional TLS is a common choice for old clients on a
    trusted network.  Plain logins while the same file requires TLS for data or for another
    server are FTP504, reported by default.

    Fix (vsftpd): `force_local_logins_ssl=YES` and `force_local_data_ssl=YES` (the defaults).
    """
    tls = server.tls
    users = _password_users(server.access)
    if tls.mode.effective is not TlsMode.EXPLICIT or users is None:
        return
    optional = [
        (setting, what)
        for setting, what in ((tls.required_for_login, "logins"), (tls.required_for_data, "data connections"))
        if not setting.effective and not (what == "logins" and _tls_demanded(config, server) is not None)
    ]
    by_line: dict[Span, list[tuple[Setting[bool], str]]] = {}
    for setting, what in optional:
        by_line.setdefault(span_of(config, setting.origin, tls.mode.origin), []).append((setting, what))
    for span, settings in by_line.items():  # one finding per line: one line may leave both optional
        names = sorted({option_name(s.origin) for s, _ in settings if option_name(s.origin)})
        yield tls_not_required.at(
            span,
            f"TLS is not required for {users[0]}' {' and '.join(w for _, w in settings)} "
            f"({', '.join(names) or 'not required'}): a client may use plain FTP",
        )


@rule(
    "FTP504 plain-logins-beside-required-tls warning: password logins may skip TLS although the same file requires "
    "TLS elsewhere"
)
def plain_logins_beside_tls(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The file requires TLS -- for another server's logins, or for this server's data connections --
    yet here local or virtual users may log in without it, so their passwords cross the network in
    clear text.  Whoever wrote the file wants these connections encrypted: a server left out, or
    data protected while the password is not, is an oversight whatever the network.

        <VirtualHost 203.0.113.10>
          TLSEngine on
          TLSRequired on              # this host's logins are encrypted ...
        </VirtualHost>                # ... the main server's are not: TLSEngine off

        ssl_enable=YES
        force_local_data_ssl=YES
        force_local_logins_ssl=NO     # files encrypted, passwords in clear text

    Fix: require TLS for logins on every server of the file (vsftpd `force_local_logins_ssl=YES`,
    proftpd `TLSEngine on` + `TLSRequired on` in each server, pure-ftpd `TLS 2`).
    """
    users = _password_users(server.access)
    if users is None or not _plain_logins(server):
        return
    demanding = _tls_demanded(config, server)
    if demanding is None:
        return
    tls = server.tls
    if demanding is server:
        elsewhere = "for data connections here"
    else:
        there = span_of(config, demanding.tls.required_for_login.origin, demanding.tls.mode.origin)
        elsewhere = f"for logins at {there.path}:{there.line}"
    state = "TLS is off" if tls.mode.effective is TlsMode.OFF else "TLS is not required for logins"
    yield plain_logins_beside_tls.at(
        span_of(config, tls.mode.origin if tls.mode.effective is TlsMode.OFF else tls.required_for_login.origin,
                tls.mode.origin, users[2]),
        f"{state} while {users[0]} can log in, though the file requires TLS {elsewhere}: their passwords are "
        "sent in clear text",
    )


@rule("FTP503 legacy-tls-protocol warning: SSLv2, SSLv3 or TLS 1.0 is accepted", group="hardening")
def legacy_protocol(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The server accepts a broken or deprecated protocol version (SSLv2, SSLv3 or TLS 1.0).  In vsftpd
    3.0.3 `ssl_tlsv1` defaults to YES and enables TLS 1.0; TLS 1.1 and later stay available when it
    is off.  vsftpd 3.0.5 defaults to NO (`--target-version 3.0.5`); a finding that comes from the
    default names the version.

    Fix (vsftpd): `ssl_tlsv1=NO`, `ssl_sslv2=NO`, `ssl_sslv3=NO`.
    """
    legacy = [p for p in server.tls.protocols.effective if p in LEGACY]
    if legacy and server.tls.mode.effective is not TlsMode.OFF:
        origin = server.tls.protocols.origin
        yield legacy_protocol.at(
            span_of(config, origin, server.tls.mode.origin),
            f"legacy protocol{'s' if len(legacy) > 1 else ''} accepted: {', '.join(legacy)}",
            *((f"by the {origin.describe()}",) if origin.kind == "default" else ()),  # which version's default
        )
