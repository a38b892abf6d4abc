"""vsftpd tunables -> the neutral server model, and the start-up checks vsftpd makes after parsing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ftpconf import catalog, model
from ftpconf.diagnostics import Diagnostic
from ftpconf.dialects.vsftpd import codes
from ftpconf.netaddr import inet_aton, inet_pton6
from ftpconf.source import Span, printable

if TYPE_CHECKING:
    from ftpconf.dialects.vsftpd.reader import Settings

# vsftpd's passive port bounds when the configured ones are ignored (postlogin.c / privops.c).
PASV_FLOOR, PASV_CEILING = 1024, 65535

# Options the model represents; everything else is kept as an model.Extra for conversion reports.
MODELLED = frozenset(
    {
        "listen",
        "listen_ipv6",
        "listen_address",
        "listen_address6",
        "listen_port",
        "port_enable",
        "connect_from_port_20",
        "ftp_data_port",
        "port_promiscuous",
        "pasv_enable",
        "pasv_min_port",
        "pasv_max_port",
        "pasv_address",
        "pasv_addr_resolve",
        "pasv_promiscuous",
        "ssl_enable",
        "implicit_ssl",
        "force_local_logins_ssl",
        "force_local_data_ssl",
        "allow_anon_ssl",
        "ssl_sslv2",
        "ssl_sslv3",
        "ssl_tlsv1",
        "require_ssl_reuse",
        "anonymous_enable",
        "anon_upload_enable",
        "anon_mkdir_write_enable",
        "anon_other_write_enable",
        "local_enable",
        "write_enable",
        "chroot_local_user",
        "allow_writeable_chroot",
        "max_clients",
        "max_per_ip",
    }
)


def effective_passive_range(low: int, high: int) -> model.PortRange:
    """vsftpd's rule, matching every measured row: a bound outside what it accepts is ignored."""
    effective_low = low if PASV_FLOOR < low <= PASV_CEILING else PASV_FLOOR
    effective_high = high if effective_low <= high < PASV_CEILING else PASV_CEILING
    return model.PortRange.model_construct(low=effective_low, high=effective_high)


def build_server(settings: Settings, path: str) -> tuple[model.Server, list[Diagnostic]]:
    s = _View(settings)
    standalone = bool(s.value("listen")) or bool(s.value("listen_ipv6"))
    server = model.Server.model_construct(
        listen=_listen(s, standalone),
        active=model.ActiveMode.model_construct(
            enabled=s.setting("port_enable"),
            source_port=model.Setting[int | None].model_construct(
                effective=s.int("ftp_data_port") % 65536 if s.value("connect_from_port_20") else None,
                declared=s.declared("connect_from_port_20"),
                origin=s.origin("connect_from_port_20"),
            ),
            allow_foreign_address=s.setting("port_promiscuous"),
        ),
        passive=_passive(s),
        commands=_commands(s),
        tls=_tls(s),
        access=_access(s),
        limits=model.Limits.model_construct(
            max_clients=_limit(s, "max_clients", standalone),
            max_per_ip=_limit(s, "max_per_ip", standalone),
        ),
        extras=tuple(
            model.Extra.model_construct(
                name=name, value=None if a[-1].value is None else str(a[-1].value), origin=a[-1].origin
            )
            for name, a in settings.applied.items()
            if name not in MODELLED
        ),
    )
    return server, _startup_refusals(s, path)


class _View:
    """Typed access to the tunables, each with its provenance."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def value(self, name: str) -> Any:
        return self.settings.value(name)

    def int(self, name: str) -> int:
        value = self.settings.value(name)
        return value if isinstance(value, int) else 0

    def declared(self, name: str) -> str | None:
        return self.settings.declared(name)

    def origin(self, name: str) -> model.Origin:
        return self.settings.origin(name)

    def setting(self, name: str) -> model.Setting[bool]:
        return model.Setting[bool].model_construct(
            effective=bool(self.value(name)), declared=self.declared(name), origin=self.origin(name)
        )


def _listen(s: _View, standalone: bool) -> model.Listen:
    ipv6 = bool(s.value("listen_ipv6"))
    address_option = "listen_address6" if ipv6 else "listen_address"
    inetd = model.Origin.default("inetd mode (neither listen nor listen_ipv6): the super-server's socket decides")
    port = s.int("listen_port") % 65536
    return model.Listen.model_construct(
        standalone=model.Setting[bool].model_construct(
            effective=standalone,
            declared=s.declared("listen") or s.declared("listen_ipv6"),
            origin=s.origin("listen_ipv6" if ipv6 else "listen"),
        ),
        address=model.Setting[str | None].model_construct(
            effective=_listen_address(s.value(address_option), ipv6) if standalone else None,
            declared=s.declared(address_option),
            origin=s.origin(address_option) if standalone else inetd,
        ),
        port=model.Setting[int].model_construct(
            effective=port, declared=s.declared("listen_port"), origin=s.origin("listen_port") if standalone else inetd
        ),
        # An IPv6 socket on "::" also takes IPv4 clients (v4-mapped) on Linux.
        ipv4=not ipv6 or s.value("listen_address6") in (None, "::"),
        ipv6=ipv6,
    )


def _listen_address(value: str | None, ipv6: bool) -> str | None:
    """The address vsftpd binds: inet_aton() reads "10.1" as 10.0.0.1 and stops at a space (FTP111)."""
    if value is None or ipv6:
        return value
    parsed = inet_aton(value)
    return str(parsed) if parsed is not None else value


def _passive(s: _View) -> model.PassiveMode:
    def bound(name: str) -> model.Setting[int | None]:
        declared = s.declared(name)
        return model.Setting[int | None].model_construct(
            effective=s.int(name) if declared is not None else None, declared=declared, origin=s.origin(name)
        )

    return model.PassiveMode.model_construct(
        enabled=s.setting("pasv_enable"),
        range_low=bound("pasv_min_port"),
        range_high=bound("pasv_max_port"),
        effective_range=effective_passive_range(s.int("pasv_min_port"), s.int("pasv_max_port")),
        range_fallback="drop",  # a few random retries, then `500 OOPS: vsf_sysutil_bind` ends the session
        advertised_address=model.Setting[str | None].model_construct(
            effective=s.value("pasv_address"), declared=s.declared("pasv_address"), origin=s.origin("pasv_address")
        ),
        resolve_hostname=s.setting("pasv_addr_resolve"),
        allow_foreign_address=s.setting("pasv_promiscuous"),
    )


def _commands(s: _View) -> model.Commands:
    accepted: set[model.DataCommand] = set()
    origins: dict[str, model.Origin] = {}
    for switch, commands in (("port_enable", model.ACTIVE_COMMANDS), ("pasv_enable", model.PASSIVE_COMMANDS)):
        for command in commands:
            origins[command] = s.origin(switch)
            if s.value(switch):
                accepted.add(command)
    # Both lists are matched exactly, item by item: "epsv" or " PASV" (after a comma) names nothing (probed).
    allowed = s.value("cmds_allowed")
    if allowed:
        listed = set(str(allowed).split(","))
        for command in model.DATA_COMMANDS:
            if command in accepted and command not in listed:
                accepted.discard(command)
                origins[command] = s.origin("cmds_allowed")
    denied = s.value("cmds_denied")
    if denied:
        listed = set(str(denied).split(","))
        for command in model.DATA_COMMANDS:
            if command in accepted and command in listed:
                accepted.discard(command)
                origins[command] = s.origin("cmds_denied")
    return model.Commands.model_construct(accepted=frozenset(accepted), origins=origins)


def _tls(s: _View) -> model.Tls:
    enabled = bool(s.value("ssl_enable"))
    mode = (
        model.TlsMode.OFF
        if not enabled
        else model.TlsMode.IMPLICIT
        if s.value("implicit_ssl")
        else model.TlsMode.EXPLICIT
    )
    protocols = (
        tuple(
            name
            for name, on in (
                ("SSLv2", s.value("ssl_sslv2")),
                ("SSLv3", s.value("ssl_sslv3")),
                ("TLSv1", s.value("ssl_tlsv1")),
                ("TLSv1.1", True),
                ("TLSv1.2", True),
                ("TLSv1.3", True),
            )
            if on
        )
        if enabled
        else ()
    )

    # Where the protocol list comes from: the line that switched on the oldest protocol, else ssl_tlsv1
    # (on by default in 3.0.3), so a finding about legacy protocols points at the line to edit.
    switches = ("ssl_sslv2", "ssl_sslv3", "ssl_tlsv1")
    protocol_switch = next((n for n in switches if s.declared(n) is not None and s.value(n)), "ssl_tlsv1")

    def when_enabled(name: str) -> model.Setting[bool]:
        return model.Setting[bool].model_construct(
            effective=enabled and bool(s.value(name)), declared=s.declared(name), origin=s.origin(name)
        )

    return model.Tls.model_construct(
        mode=model.Setting[model.TlsMode].model_construct(
            effective=mode, declared=s.declared("ssl_enable"), origin=s.origin("ssl_enable")
        ),
        required_for_login=when_enabled("force_local_logins_ssl"),
        required_for_data=when_enabled("force_local_data_ssl"),
        anonymous_allowed=when_enabled("allow_anon_ssl"),
        protocols=model.Setting[tuple[str, ...]].model_construct(
            effective=protocols, declared=s.declared(protocol_switch), origin=s.origin(protocol_switch)
        ),
        session_reuse_required=when_enabled("require_ssl_reuse"),
    )


def _access(s: _View) -> model.Access:
    anonymous = bool(s.value("anonymous_enable"))
    write = bool(s.value("write_enable"))

    def anonymous_write(name: str) -> model.Setting[bool]:
        # vsftpd lets anonymous users write only when write_enable is also on.
        return model.Setting[bool].model_construct(
            effective=anonymous and write and bool(s.value(name)), declared=s.declared(name), origin=s.origin(name)
        )

    return model.Access.model_construct(
        anonymous=s.setting("anonymous_enable"),
        anonymous_upload=anonymous_write("anon_upload_enable"),
        anonymous_mkdir=anonymous_write("anon_mkdir_write_enable"),
        anonymous_other_write=anonymous_write("anon_other_write_enable"),
        local_users=s.setting("local_enable"),
        write=s.setting("write_enable"),
        chroot_local_users=s.setting("chroot_local_user"),
        writable_chroot_allowed=s.setting("allow_writeable_chroot"),
        anonymous_uploads_readable=_uploads_readable(s),
    )


# The settings that decide whether anonymous users can download an anonymous upload, in the order a finding
# names them.  Verified on 3.0.3: with the defaults RETR of a fresh upload is `550 Failed to open file.`;
# anon_umask=022 or anon_world_readable_only=NO make it downloadable; chown_uploads (mode 0600) does not.
_READBACK = ("anon_umask", "anon_world_readable_only", "chown_uploads", "chown_upload_mode", "file_open_mode",
             "download_enable")


def _uploads_readable(s: _View) -> model.Setting[bool]:
    mode = s.int("chown_upload_mode") if s.value("chown_uploads") else s.int("file_open_mode") & ~s.int("anon_umask")
    readable = bool(s.value("download_enable")) and (not s.value("anon_world_readable_only") or bool(mode & 0o004))
    said = next((name for name in _READBACK if s.declared(name) is not None), None)
    origin = (
        model.derived_from(s.origin(said))
        if said is not None
        else model.Origin.default("vsftpd default: uploads are mode 0600 (anon_umask=077) and anonymous users "
                                  "download only world-readable files")
    )
    return model.Setting[bool].model_construct(effective=readable, origin=origin)


def _limit(s: _View, name: str, standalone: bool) -> model.Setting[int | None]:
    value = s.int(name)
    # Both limits are enforced only by the standalone listener; 0 means unlimited.
    return model.Setting[int | None].model_construct(
        effective=value if standalone and value else None, declared=s.declared(name), origin=s.origin(name)
    )


def _startup_refusals(s: _View, path: str) -> list[Diagnostic]:
    """The post-parse checks of vsftpd's main() that do not depend on the host."""
    found: list[Diagnostic] = []

    def at(name: str) -> Span:
        span = s.origin(name).span
        return span if span is not None else Span(path, 1)

    def oops(message: str) -> str:
        return f"vsftpd refuses to start: 500 OOPS: {message}"

    if s.value("listen") and s.value("listen_ipv6"):
        found.append(
            codes.LISTEN_BOTH.at(
                at("listen_ipv6"),
                "`listen=YES` and `listen_ipv6=YES` together: " + oops("run two copies of vsftpd for IPv4 and IPv6"),
            )
        )
    if not s.value("anonymous_enable") and not s.value("local_enable"):
        name = "local_enable" if s.declared("local_enable") is not None else "anonymous_enable"
        found.append(
            codes.NO_ACCESS.at(
                at(name), "nobody can log in: " + oops("vsftpd: both local and anonymous access disabled!")
            )
        )
    if not s.value("ftp_enable") and not s.value("http_enable"):
        found.append(codes.HTTP_ONE_PROCESS.at(at("ftp_enable"), oops("vsftpd: both FTP and HTTP disabled!")))
    if s.value("http_enable") and not s.value("one_process_model"):
        found.append(
            codes.HTTP_ONE_PROCESS.at(at("http_enable"), oops("vsftpd: HTTP needs 'one_process_model' for now"))
        )
    if s.value("one_process_model") and s.value("local_enable"):
        found.append(
            codes.HTTP_ONE_PROCESS.at(
                at("one_process_model"), oops("vsftpd: security: 'one_process_model' is anonymous only")
            )
        )
    if s.value("listen") and not s.value("listen_ipv6"):
        address = s.value("listen_address")
        if address is not None and inet_aton(address) is None:
            found.append(
                codes.BAD_LISTEN_ADDRESS.at(
                    at("listen_address"),
                    f"`{printable(address)}` is not an IPv4 "
                    "address: " + oops(f"bad listen_address: {printable(address)}"),
                )
            )
    if s.value("listen_ipv6") and not s.value("listen"):
        address = s.value("listen_address6")
        if address is not None and not inet_pton6(address):
            found.append(
                codes.BAD_LISTEN_ADDRESS.at(
                    at("listen_address6"),
                    f"`{printable(address)}` is not an IPv6 "
                    "address: " + oops(f"bad listen_address6: {printable(address)}"),
                )
            )
    for option in catalog.vsftpd().options.values():
        emptied = s.settings.last(option.name)
        if not option.empty_fatal or emptied is None or emptied.value is not None or emptied.text.strip():
            continue  # whitespace-only values are FTP107 (a crash while parsing)
        if option.empty_fatal_when and not s.value(option.empty_fatal_when):
            continue
        needs = f" (needed because {option.empty_fatal_when}=YES)" if option.empty_fatal_when else ""
        found.append(
            codes.EMPTY_REQUIRED.at(
                at(option.name), f"`{option.name}` is set empty{needs}: " + oops(option.empty_fatal).rstrip()
            )
        )
    if not s.value("listen") and not s.value("listen_ipv6"):
        span = at("listen") if s.declared("listen") is not None else Span(path, 1)
        found.append(
            codes.INETD_MODE.at(
                span,
                "vsftpd will not listen by itself (listen=NO, listen_ipv6=NO): it "
                "expects inetd or a systemd socket to hand it each connection",
            )
        )
    return found
