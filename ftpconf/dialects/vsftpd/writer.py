"""The model -> a vsftpd.conf that vsftpd 3.0.3 starts with and that behaves as the model says.

Only settings that differ from vsftpd's compiled-in defaults are written, except the few a reader
looks for first (listen, the two data-connection switches), which are always spelled out.
A refused subset of one mode (say EPRT but not PORT) becomes ``cmds_denied``: vsftpd matches
its items exactly and case-sensitively (FTP109), so they are written in upper case, no spaces.
"""

from __future__ import annotations

from ftpconf import catalog
from ftpconf.dialects.vsftpd.model_builder import LATER_PROTOCOLS
from ftpconf.model import ACTIVE_COMMANDS, PASSIVE_COMMANDS, Config, Server, TlsMode

VSFTPD_DEFAULT_RANGE = (5001, 65535)  # the hidden compiled-in pasv_min_port=5001 (docs/daemons/vsftpd.md §4)
ALWAYS = frozenset({"listen", "listen_ipv6", "port_enable", "pasv_enable"})

# Settings vsftpd needs on a Debian host that its compiled-in defaults get wrong there; written
# as documented defaults when the source did not say them (vsftpd refuses to start on the first,
# and PAM has no "ftp" service on Debian).
DEBIAN_DEFAULTS: tuple[tuple[str, str, str], ...] = (
    (
        "secure_chroot_dir",
        "/var/run/vsftpd/empty",
        "Debian's empty directory (the compiled-in /usr/share/empty is missing)",
    ),
    ("pam_service_name", "vsftpd", "Debian's PAM service file for vsftpd"),
)


def _yes(flag: bool) -> str:
    return "YES" if flag else "NO"


def settings(server: Server) -> list[tuple[str, str]]:
    """(option, value) pairs for ``server``, in the order a reader expects them."""
    found: list[tuple[str, str]] = []
    listen, active, passive, tls, access, limits = (
        server.listen,
        server.active,
        server.passive,
        server.tls,
        server.access,
        server.limits,
    )
    standalone = listen.standalone.effective
    address = listen.address.effective
    # One socket: an IPv4 address needs listen=YES; an IPv6 one (or "::" for both) listen_ipv6=YES.
    ipv6 = standalone and (":" in address if address else listen.ipv6)
    found.append(("listen", _yes(standalone and not ipv6)))
    found.append(("listen_ipv6", _yes(ipv6)))
    if standalone and address:
        found.append(("listen_address6" if ipv6 else "listen_address", address))
    if standalone:
        found.append(("listen_port", str(listen.port.effective)))

    accepted = server.commands.accepted
    active_on = any(c in accepted for c in ACTIVE_COMMANDS)
    passive_on = any(c in accepted for c in PASSIVE_COMMANDS)
    found.append(("port_enable", _yes(active_on)))
    if active_on:
        source = active.source_port.effective
        found.append(("connect_from_port_20", _yes(source is not None)))
        if source is not None:
            found.append(("ftp_data_port", str(source)))
        found.append(("port_promiscuous", _yes(active.allow_foreign_address.effective)))
    found.append(("pasv_enable", _yes(passive_on)))
    if passive_on:
        rng = passive.effective_range
        if (rng.low, rng.high) != VSFTPD_DEFAULT_RANGE:
            # vsftpd ignores a minimum <= 1024 and uses 1024, so 1024 says "from 1024" as well.
            found.append(("pasv_min_port", str(rng.low)))
            found.append(("pasv_max_port", str(rng.high)))
        if passive.advertised_address.effective:
            found.append(("pasv_address", passive.advertised_address.effective))
            found.append(("pasv_addr_resolve", _yes(passive.resolve_hostname.effective)))
        found.append(("pasv_promiscuous", _yes(passive.allow_foreign_address.effective)))
    denied = [c for c in (*ACTIVE_COMMANDS, *PASSIVE_COMMANDS) if c not in accepted]
    partly = [c for c in denied if (c in ACTIVE_COMMANDS and active_on) or (c in PASSIVE_COMMANDS and passive_on)]
    if partly:
        found.append(("cmds_denied", ",".join(partly)))

    if tls.mode.effective is not TlsMode.OFF:
        found.append(("ssl_enable", "YES"))
        found.append(("implicit_ssl", _yes(tls.mode.effective is TlsMode.IMPLICIT)))
        found.append(("force_local_logins_ssl", _yes(tls.required_for_login.effective)))
        found.append(("force_local_data_ssl", _yes(tls.required_for_data.effective)))
        found.append(("allow_anon_ssl", _yes(tls.anonymous_allowed.effective)))
        found.append(("ssl_tlsv1", _yes("TLSv1" in tls.protocols.effective)))
        # vsftpd 3.0.5 switches TLS 1.1-1.3 one by one (3.0.3 cannot: it always offers them).
        found += [
            (option, _yes(protocol in tls.protocols.effective))
            for protocol, option in LATER_PROTOCOLS
            if option in catalog.vsftpd().options
        ]
        found.append(("ssl_sslv3", _yes("SSLv3" in tls.protocols.effective)))
        found.append(("require_ssl_reuse", _yes(tls.session_reuse_required.effective)))

    found.append(("anonymous_enable", _yes(access.anonymous.effective)))
    # vsftpd logs every named user in through PAM with local_enable=YES: a source's virtual users (pure-ftpd's
    # PureDB, MySQL, ...) need it too, or, without anonymous login, vsftpd refuses to start.  The convert report
    # names the difference (FTP901): PAM must be pointed at that user database.
    virtual_only = access.virtual_users.effective and not access.anonymous.effective
    found.append(("local_enable", _yes(access.local_users.effective or virtual_only)))
    anonymous_writes = access.anonymous.effective and (
        access.anonymous_upload.effective or access.anonymous_mkdir.effective or access.anonymous_other_write.effective
    )
    found.append(("write_enable", _yes(access.write.effective or anonymous_writes)))
    if access.anonymous.effective:
        found.append(("anon_upload_enable", _yes(access.anonymous_upload.effective)))
        found.append(("anon_mkdir_write_enable", _yes(access.anonymous_mkdir.effective)))
        found.append(("anon_other_write_enable", _yes(access.anonymous_other_write.effective)))
    found.append(("chroot_local_user", _yes(access.chroot_local_users.effective)))
    found.append(("allow_writeable_chroot", _yes(access.writable_chroot_allowed.effective)))
    if standalone:  # 0 is vsftpd's "unlimited"; only its standalone listener enforces either
        found.append(("max_clients", str(limits.max_clients.effective or 0)))
        found.append(("max_per_ip", str(limits.max_per_ip.effective or 0)))
    return [(name, value) for name, value in found if name in ALWAYS or not _is_default(name, value)]


def _is_default(name: str, value: str) -> bool:
    option = catalog.vsftpd().options.get(name)
    if option is None:
        return False
    default = option.default
    if isinstance(default, bool):
        return value == _yes(default)
    return default is not None and str(default) == value


def write(config: Config, extra: list[tuple[str, str]] | None = None, header: str = "") -> tuple[str, list[str]]:
    """vsftpd.conf text for the first server of ``config``, and notes on the defaults it filled in.

    ``extra`` holds further (option, value) pairs carried over from the source (e.g. certificate
    paths); they are written after the modelled settings and before the Debian defaults.
    """
    server = config.servers[0]
    pairs = settings(server) + list(extra or [])
    written = {name for name, _ in pairs}
    notes: list[str] = []
    for name, value, why in DEBIAN_DEFAULTS:
        if name not in written:
            pairs.append((name, value))
            notes.append(f"{name}={value}: {why}")
    access = server.access
    if access.virtual_users.effective and not access.local_users.effective and not access.anonymous.effective:
        notes.append(
            "local_enable=YES: the source's users come from a user database, and vsftpd logs every named user in "
            "through PAM: point its PAM service at that database (pam_userdb, pam_mysql, ...), or system accounts "
            "log in instead"
        )
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += [f"{name}={value}" for name, value in pairs]
    return "\n".join(lines) + "\n", notes
