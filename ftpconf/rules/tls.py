"""FTP5xx: TLS."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.model import Access, Config, Origin, Server, TlsMode
from ftpconf.rules._where import option_name, span_of

LEGACY = ("SSLv2", "SSLv3", "TLSv1")


def _password_users(access: Access) -> tuple[str, str, Origin] | None:
    """Who logs in with a password -- system accounts ("local users"), accounts of a user database (pure-ftpd's
    PureDB, MySQL, ...: "virtual users"), or both -- which database, and the line that lets them in."""
    local, virtual = access.local_users, access.virtual_users
    # A file line names its key (`PureDB`); a flag shows its method (`-l puredb:/etc/pureftpd.pdb`).
    named = virtual.origin.detail.split(" ", 1)[0] if virtual.origin.kind == "file" else virtual.origin.detail
    database = f" ({named})" if virtual.effective and named else ""
    if local.effective and virtual.effective:
        return "local and virtual users", database, local.origin
    if local.effective:
        return "local users", "", local.origin
    if virtual.effective:
        return "virtual users", database, virtual.origin
    return None


@rule("FTP501 tls-off warning: local users log in without TLS: passwords cross the network in clear text")
def tls_off(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Local (system) users, or virtual users of the daemon's own user database (pure-ftpd's PureDB,
    MySQL, PostgreSQL, LDAP), can log in and TLS is off, so their passwords and data travel in
    clear text.  Anonymous-only servers are not affected.

    Fix (vsftpd): `ssl_enable=YES` with a certificate (`rsa_cert_file`, `rsa_private_key_file`);
    the firewall must then open the passive range itself, because conntrack helpers cannot read
    encrypted PASV replies.
    """
    users = _password_users(server.access)
    if server.tls.mode.effective is TlsMode.OFF and users is not None:
        who, database, origin = users
        yield tls_off.at(
            span_of(config, server.tls.mode.origin, origin),
            f"TLS is off while {who}{database} can log in: passwords are sent in clear text",
        )


@rule("FTP502 tls-not-required warning: TLS is offered but local users may still log in or transfer without it")
def tls_not_required(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    TLS is on, but not required for local users' logins or data connections, so a client (or an
    attacker downgrading it) can still use plain FTP.

    Fix (vsftpd): `force_local_logins_ssl=YES` and `force_local_data_ssl=YES` (the defaults).
    """
    tls = server.tls
    users = _password_users(server.access)
    if tls.mode.effective is TlsMode.OFF or users is None:
        return
    for setting, what in ((tls.required_for_login, "logins"), (tls.required_for_data, "data connections")):
        if not setting.effective:
            yield tls_not_required.at(
                span_of(config, setting.origin, tls.mode.origin),
                f"TLS is not required for {users[0]}' {what} ({option_name(setting.origin) or 'not required'})",
            )


@rule("FTP503 legacy-tls-protocol warning: SSLv2, SSLv3 or TLS 1.0 is accepted")
def legacy_protocol(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The server accepts a broken or deprecated protocol version (SSLv2, SSLv3 or TLS 1.0).  In vsftpd
    3.0.3 `ssl_tlsv1` defaults to YES and enables TLS 1.0; TLS 1.1 and later stay available when it
    is off.

    Fix (vsftpd): `ssl_tlsv1=NO`, `ssl_sslv2=NO`, `ssl_sslv3=NO`.
    """
    legacy = [p for p in server.tls.protocols.effective if p in LEGACY]
    if legacy and server.tls.mode.effective is not TlsMode.OFF:
        yield legacy_protocol.at(
            span_of(config, server.tls.protocols.origin, server.tls.mode.origin),
            f"legacy protocol{'s' if len(legacy) > 1 else ''} accepted: {', '.join(legacy)}",
        )
