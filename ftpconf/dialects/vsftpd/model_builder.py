"""vsftpd tunables -> the neutral server model, and the start-up checks vsftpd makes after parsing."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ftpconf import catalog, model
from ftpconf.diagnostics import Diagnostic
from ftpconf.dialects import model_mapping
from ftpconf.dialects.vsftpd import codes
from ftpconf.dialects.vsftpd.grammar import TRAILING_COMMENT
from ftpconf.netaddr import inet_aton, inet_pton6
from ftpconf.source import Span, printable

if TYPE_CHECKING:
    from ftpconf.dialects.vsftpd.reader import Settings

# vsftpd's passive port bounds when the configured ones are ignored (postlogin.c / privops.c).
PASV_FLOOR, PASV_CEILING = 1024, 65535


@functools.cache
def rows() -> model_mapping.Table:
    """The options the model represents, and which fields (data/model_fields.tsv, in the catalogue)."""
    return model_mapping.table((o.name, row) for o in catalog.vsftpd().options.values() for row in o.model)


def effective_passive_range(low: int, high: int) -> model.PortRange:
    """vsftpd's rule, matching every measured row: a bound outside what it accepts is ignored."""
    effective_low = low if PASV_FLOOR < low <= PASV_CEILING else PASV_FLOOR
    effective_high = high if effective_low <= high < PASV_CEILING else PASV_CEILING
    return model.PortRange.model_construct(low=effective_low, high=effective_high)


def build_server(settings: Settings, path: str) -> tuple[model.Server, list[Diagnostic]]:
    s = _View(settings)
    table = rows()
    # A full range: a few random retries, then `500 OOPS: vsf_sysutil_bind` ends the session (verified).
    computed = {"passive.range_fallback": "drop", "access.anonymous_uploads_readable": _uploads_readable(s)}
    server = model.Server.model_construct(
        **model_mapping.build_sections(s, table, DERIVATIONS, computed),
        extras=tuple(
            model.Extra.model_construct(
                name=name, value=None if a[-1].value is None else str(a[-1].value), origin=a[-1].origin
            )
            for name, a in settings.applied.items()
            if name not in table.modelled
        ),
    )
    return server, _startup_refusals(s, path) + _root_sessions(s, path)


# The settings that decide whether anonymous users can download an anonymous upload, in the order a finding
# names them.  Verified on 3.0.3: with the defaults RETR of a fresh upload is `550 Failed to open file.`;
# anon_umask=022 or anon_world_readable_only=NO make it downloadable; chown_uploads (mode 0600) does not.
# Not a row of data/model_fields.tsv: the lines stay extras, which convert reports (no facet carries this).
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


class _View:
    """Typed access to the tunables, each with its provenance (a model_mapping.Source)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @functools.cached_property
    def standalone(self) -> bool:
        return bool(self.value("listen")) or bool(self.value("listen_ipv6"))

    def value(self, name: str, kind: str = "") -> Any:
        value = self.settings.value(name)
        if kind in ("bool", "present"):
            return bool(value) if kind == "bool" else self.declared(name) is not None
        if kind == "count":
            return value or None
        return value

    def int(self, name: str) -> int:
        value = self.settings.value(name)
        return value if isinstance(value, int) else 0

    def declared(self, name: str) -> str | None:
        return self.settings.declared(name)

    def origin(self, name: str, unset: str = "") -> model.Origin:
        if unset and self.settings.last(name) is None:
            return model.Origin.default(unset)
        return self.settings.origin(name)  # unset: the compiled-in default, named


# The derivations of data/model_fields.tsv: vsftpd's logic where a field is more than one option's value.
# Each takes the view and the options of its rows.


def _standalone(s: _View, names: tuple[str, ...]) -> model.Setting[bool]:
    ipv6 = bool(s.value("listen_ipv6"))
    return model.Setting[bool].model_construct(
        effective=s.standalone,
        declared=s.declared("listen") or s.declared("listen_ipv6"),
        origin=s.origin("listen_ipv6" if ipv6 else "listen"),
    )


def _ipv6(s: _View, names: tuple[str, ...]) -> bool:
    return bool(s.value("listen_ipv6"))


def _ipv4_beside_ipv6(s: _View, names: tuple[str, ...]) -> bool:
    # An IPv6 socket on "::" also takes IPv4 clients (v4-mapped) on Linux.
    return not s.value("listen_ipv6") or s.value("listen_address6") in (None, "::")


_INETD = "inetd mode (neither listen nor listen_ipv6): the super-server's socket decides"


def _listen_address_setting(s: _View, names: tuple[str, ...]) -> model.Setting[str | None]:
    ipv6 = bool(s.value("listen_ipv6"))
    address_option = "listen_address6" if ipv6 else "listen_address"
    return model.Setting[str | None].model_construct(
        effective=_listen_address(s.value(address_option), ipv6) if s.standalone else None,
        declared=s.declared(address_option),
        origin=s.origin(address_option) if s.standalone else model.Origin.default(_INETD),
    )


def _listen_port(s: _View, names: tuple[str, ...]) -> model.Setting[int]:
    return model.Setting[int].model_construct(
        effective=s.int("listen_port") % 65536,
        declared=s.declared("listen_port"),
        origin=s.origin("listen_port") if s.standalone else model.Origin.default(_INETD),
    )


def _listen_address(value: str | None, ipv6: bool) -> str | None:
    """The address vsftpd binds: inet_aton() reads "10.1" as 10.0.0.1 and stops at a space (FTP111)."""
    if value is None or ipv6:
        return value
    parsed = inet_aton(value)
    return str(parsed) if parsed is not None else value


def _source_port(s: _View, names: tuple[str, ...]) -> model.Setting[int | None]:
    return model.Setting[int | None].model_construct(
        effective=s.int("ftp_data_port") % 65536 if s.value("connect_from_port_20") else None,
        declared=s.declared("connect_from_port_20"),
        origin=s.origin("connect_from_port_20"),
    )


def _declared_port(s: _View, names: tuple[str, ...]) -> model.Setting[int | None]:
    """A passive bound as the file sets it: none when it sets none."""
    name = names[0]
    declared = s.declared(name)
    return model.Setting[int | None].model_construct(
        effective=s.int(name) if declared is not None else None, declared=declared, origin=s.origin(name)
    )


def _effective_range(s: _View, names: tuple[str, ...]) -> model.PortRange:
    return effective_passive_range(s.int("pasv_min_port"), s.int("pasv_max_port"))


def _commands(s: _View, names: tuple[str, ...]) -> model.Commands:
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


def _tls_mode(s: _View, names: tuple[str, ...]) -> model.Setting[model.TlsMode]:
    mode = (
        model.TlsMode.OFF
        if not s.value("ssl_enable")
        else model.TlsMode.IMPLICIT
        if s.value("implicit_ssl")
        else model.TlsMode.EXPLICIT
    )
    return model.Setting[model.TlsMode].model_construct(
        effective=mode, declared=s.declared("ssl_enable"), origin=s.origin("ssl_enable")
    )


def _when_tls(s: _View, names: tuple[str, ...]) -> model.Setting[bool]:
    """A TLS switch, which means nothing while ssl_enable is off."""
    name = names[0]
    return model.Setting[bool].model_construct(
        effective=bool(s.value("ssl_enable")) and bool(s.value(name)), declared=s.declared(name), origin=s.origin(name)
    )


# TLS 1.1-1.3 and the option that switches each from vsftpd 3.0.5 on; 3.0.3 has no such option and always
# offers them (measured with openssl s_client: ssl_tlsv1=NO there refuses TLS 1.0 only).
LATER_PROTOCOLS = (("TLSv1.1", "ssl_tlsv11"), ("TLSv1.2", "ssl_tlsv12"), ("TLSv1.3", "ssl_tlsv13"))


def _switch(s: _View, option: str) -> bool:
    return bool(s.value(option)) if option in catalog.vsftpd().options else True


def _protocols(s: _View, names: tuple[str, ...]) -> model.Setting[tuple[str, ...]]:
    protocols = (
        tuple(
            name
            for name, on in (
                ("SSLv2", s.value("ssl_sslv2")),
                ("SSLv3", s.value("ssl_sslv3")),
                ("TLSv1", s.value("ssl_tlsv1")),
                *((protocol, _switch(s, option)) for protocol, option in LATER_PROTOCOLS),
            )
            if on
        )
        if s.value("ssl_enable")
        else ()
    )
    # Where the protocol list comes from: the line that switched on the oldest protocol, else ssl_tlsv1
    # (on by default in 3.0.3, off in 3.0.5), so a finding about legacy protocols points at the line to edit.
    switches = ("ssl_sslv2", "ssl_sslv3", "ssl_tlsv1")
    protocol_switch = next((n for n in switches if s.declared(n) is not None and s.value(n)), "ssl_tlsv1")
    return model.Setting[tuple[str, ...]].model_construct(
        effective=protocols, declared=s.declared(protocol_switch), origin=s.origin(protocol_switch)
    )


def _anonymous_write(s: _View, names: tuple[str, ...]) -> model.Setting[bool]:
    # vsftpd lets anonymous users write only when write_enable is also on.
    name = names[0]
    return model.Setting[bool].model_construct(
        effective=bool(s.value("anonymous_enable")) and bool(s.value("write_enable")) and bool(s.value(name)),
        declared=s.declared(name),
        origin=s.origin(name),
    )


def _standalone_limit(s: _View, names: tuple[str, ...]) -> model.Setting[int | None]:
    name = names[0]
    value = s.int(name)
    # Both limits are enforced only by the standalone listener; 0 means unlimited.
    return model.Setting[int | None].model_construct(
        effective=value if s.standalone and value else None, declared=s.declared(name), origin=s.origin(name)
    )


DERIVATIONS: dict[str, model_mapping.Derivation] = {
    "standalone": _standalone,
    "ipv6": _ipv6,
    "ipv4_beside_ipv6": _ipv4_beside_ipv6,
    "listen_address": _listen_address_setting,
    "listen_port": _listen_port,
    "source_port": _source_port,
    "declared_port": _declared_port,
    "effective_range": _effective_range,
    "commands": _commands,
    "tls_mode": _tls_mode,
    "when_tls": _when_tls,
    "protocols": _protocols,
    "anonymous_write": _anonymous_write,
    "standalone_limit": _standalone_limit,
}


def _startup_refusals(s: _View, path: str) -> list[Diagnostic]:
    """The post-parse checks of vsftpd's main() that do not depend on the host."""
    found: list[Diagnostic] = []

    def at(name: str) -> Span:
        span = s.origin(name).span
        return span if span is not None else Span(path, 1)

    def oops(message: str) -> str:
        return f"vsftpd refuses to start: 500 OOPS: {message}"

    if s.value("ssl_enable"):
        for name, what in (("rsa_cert_file", "RSA certificate"), ("rsa_private_key_file", "RSA private key")):
            file = s.value(name)
            if isinstance(file, str) and TRAILING_COMMENT.search(file):
                found.append(
                    codes.CERTIFICATE_PATH_COMMENT.at(
                        at(name),
                        f"`{name}` is `{printable(file)}`, comment included: " + oops(f"SSL: cannot load {what}"),
                        "put the comment on a line of its own",
                    )
                )
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


# Measured on 3.0.3 and 3.0.5 (a guest login through PAM, an anonymous login): the session runs as the
# account, and a chrooted one as uid 0 always finds its root writable, so vsftpd ends the login with this.
_WRITABLE_ROOT = "500 OOPS: vsftpd: refusing to run with writable root inside chroot()"


def _root_sessions(s: _View, path: str) -> list[Diagnostic]:
    """Logins that run as the account an option names (FTP126): as root they fail, or have root's rights."""
    found: list[Diagnostic] = []

    def at(name: str) -> Span:
        span = s.origin(name).span
        return span if span is not None else Span(path, 1)

    if s.value("anonymous_enable") and s.value("ftp_username") == "root":
        # Anonymous sessions are always chrooted, and allow_writeable_chroot does not waive it for them.
        what = f"every anonymous login is refused: {_WRITABLE_ROOT}"
        found.append(codes.LOGIN_AS_ROOT.at(at("ftp_username"), f"`ftp_username=root`: {what}"))
    if s.value("guest_enable") and s.value("local_enable") and s.value("guest_username") == "root":
        # Guests are chrooted like anonymous users unless virtual_use_local_privs gives them local users' rules.
        local_rules = bool(s.value("virtual_use_local_privs"))
        if local_rules and s.value("chroot_list_enable"):
            what = (
                "every virtual user runs as root (uid 0); one that chroot_list_file chroots is refused unless "
                "allow_writeable_chroot=YES"
            )
        elif local_rules and not s.value("chroot_local_user"):
            what = "every virtual user runs as root (uid 0), not chrooted: the whole file system with root's rights"
        elif s.value("allow_writeable_chroot"):
            what = "every virtual user runs as root (uid 0) inside its chroot: files it writes are root's"
        else:
            what = f"every virtual user's login is refused: {_WRITABLE_ROOT}"
        found.append(codes.LOGIN_AS_ROOT.at(at("guest_username"), f"`guest_username=root` with guest_enable: {what}"))
    return found
