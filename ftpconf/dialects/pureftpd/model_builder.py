"""pure-ftpd options -> the neutral server model.

The facts behind each value are pure-ftpd 1.0.50's (ftpd.c, checked on the Debian binary): the last
``-p``/``-c``/``-Y`` wins but the *first* ``-P`` does; ``-N`` refuses PASV and EPSV, nothing refuses
PORT/EPRT; a passive range caps the client limit at half its size; an exhausted range answers 425.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from ftpconf import catalog, model
from ftpconf.dialects import model_mapping
from ftpconf.dialects.pureftpd import cnum
from ftpconf.dialects.pureftpd.builds import VANILLA, Build, by_method
from ftpconf.dialects.pureftpd.flags import Flag, SwitchedOff
from ftpconf.dialects.pureftpd.syntax import listen_spec
from ftpconf.integers import parse_decimal

DEFAULT_RANGE = model.PortRange.model_construct(low=1024, high=65535)
DEFAULT_MAX_CLIENTS = 50
DEFAULT_PORT = 21
SYSTEM_METHODS = ("unix", "pam")  # -l methods that log system accounts in; the others are user databases


@functools.cache
def rows() -> model_mapping.Table:
    """The options the model reads, and which fields (data/model_fields.tsv, in the catalogue)."""
    return model_mapping.table((o.name, row) for o in catalog.pureftpd().options.values() for row in o.model)


class Options:
    """The options in effect, each with the flag that set it."""

    def __init__(self, flags: Sequence[Flag], switched_off: Sequence[SwitchedOff] = (), build: Build = VANILLA) -> None:
        self.flags = list(flags)
        self.build = build
        self.by_name: dict[str, list[Flag]] = {}
        for flag in self.flags:
            self.by_name.setdefault(flag.option.name, []).append(flag)
        self.off = {off.option: off for off in switched_off}  # the last `Switch no` line of each

    def all(self, name: str) -> list[Flag]:
        return self.by_name.get(name, [])

    def in_effect(self, flag: Flag) -> bool:
        """Does the daemon keep this occurrence?  A repeated switch counts once, from its first occurrence;
        a repeated value counts once, from the occurrence that wins (FTP182 reports the others)."""
        name = flag.option.name
        if flag.option.repeat == "every":  # each occurrence adds something (-l, -d): data/repeats.tsv
            return True
        return flag is (self.winner(name) if flag.value is not None else self.all(name)[0])

    def winner(self, name: str) -> Flag | None:
        found = self.all(name)
        if not found:
            return None
        return found[0] if found[0].option.repeat == "first" else found[-1]

    def on(self, name: str) -> bool:
        return bool(self.all(name))

    def origin(self, name: str, default: str = "") -> model.Origin:
        flag = self.winner(name)
        if flag is None:
            off = self.off.get(name)  # `NoAnonymous no`: the default, said on a line the admin can edit
            if off is not None:
                return model.Origin.at(off.span, "file", off.label)
            return model.Origin.default(default or f"pure-ftpd default (no --{name})")
        return model.Origin.at(flag.span, flag.kind, flag.detail)

    def declared(self, name: str) -> str | None:
        flag = self.winner(name)
        if flag is None:
            return "no" if name in self.off else None
        return flag.value if flag.value is not None else "yes"

    def value(self, name: str, kind: str) -> Any:
        """As a model_mapping.Source: the value in effect."""
        if kind in ("bool", "present"):
            return self.on(name)
        flag = self.winner(name)
        if kind == "count":
            number = cnum.full_strtoul(flag.value or "") if flag else None
            return (number & cnum.UINT_MAX) or None if number else None
        return flag.value if flag else None

    def switch(self, name: str, effective: bool | None = None) -> model.Setting[bool]:
        return model.Setting[bool].model_construct(
            effective=self.on(name) if effective is None else effective,
            declared=self.declared(name),
            origin=self.origin(name),
        )


def passive_range(value: str) -> model.PortRange | None:
    """The range ``-p`` gives, or None when the daemon refuses it."""
    pair = cnum.scan_pair(value)
    if pair is None or pair[0] < 1024 or pair[1] > 65535 or pair[1] < pair[0]:
        return None
    return model.PortRange.model_construct(low=pair[0], high=pair[1])


def build_server(
    flags: Sequence[Flag], switched_off: Sequence[SwitchedOff] = (), build: Build = VANILLA
) -> model.Server:
    o = Options(flags, switched_off, build)
    table = rows()
    return model.Server.model_construct(
        **model_mapping.build_sections(
            o, table, DERIVATIONS, {"active.enabled": _ACTIVE_ON, "active.source_port": _PORT_20}
        ),
        extras=tuple(  # as vsftpd's: what the daemon applies, so an overridden repeat is not carried over
            model.Extra.model_construct(
                name=f.option.name, value=f.value, origin=model.Origin.at(f.span, f.kind, f.detail)
            )
            for f in flags
            if f.option.name not in table.modelled and o.in_effect(f)
        ),
    )


_ACTIVE_ON = model.Setting[bool].model_construct(
    effective=True, origin=model.Origin.default("pure-ftpd cannot refuse PORT/EPRT")
)
# Measured on pure-ftpd 1.0.50 started as root: PORT/EPRT data comes from port 20 even with the control
# connection on a high port.
_PORT_20 = model.Setting[int | None].model_construct(
    effective=20, origin=model.Origin.default("pure-ftpd connects from port 20 (ftp-data) when run as root")
)


def _foreign(o: Options) -> model.Setting[bool]:
    """FXP: -w for users, -W for anonymous too; either lets data connections go to another address."""
    fxp = o.on("allowuserfxp") or o.on("allowanonymousfxp")
    fxp_origin = o.origin("allowanonymousfxp" if o.on("allowanonymousfxp") else "allowuserfxp")
    return model.Setting[bool].model_construct(effective=fxp, declared="yes" if fxp else None, origin=fxp_origin)


def _listen(o: Options) -> model.Listen:
    address: str | None = None
    port = DEFAULT_PORT
    address_flag = port_flag = None
    for flag in o.all("bind"):  # the first address and the last port win
        spec = listen_spec(flag.value or "")
        host, service = spec.address, spec.port
        if host and address is None:
            address, address_flag = host, flag
        if service:
            port_flag = flag
            number = parse_decimal(service)  # anything else is a service name, looked up at start
            port = number if number is not None and number < 65536 else port
    return model.Listen.model_construct(
        standalone=model.Setting[bool].model_construct(
            effective=True,
            origin=model.Origin.default("standalone: pure-ftpd serves inetd only when stdin is a socket"),
        ),
        address=model.Setting[str | None].model_construct(
            effective=address,
            declared=address,
            origin=model.Origin.at(address_flag.span, address_flag.kind, address_flag.detail)
            if address_flag
            else model.Origin.default("all addresses"),
        ),
        port=model.Setting[int].model_construct(
            effective=port,
            declared=None if port_flag is None else str(port),
            origin=model.Origin.at(port_flag.span, port_flag.kind, port_flag.detail)
            if port_flag
            else model.Origin.default("port 21"),
        ),
        ipv4=not o.on("ipv6only"),
        ipv6=not o.on("ipv4only"),
    )


def _passive(o: Options) -> dict[str, Any]:
    """PassiveMode but its advertised address (ForcePassiveIP: a plain row of data/model_fields.tsv)."""
    passive_on = not o.on("natmode")
    flag = o.winner("passiveportrange")
    declared = passive_range(flag.value or "") if flag else None
    origin = o.origin("passiveportrange")

    def bound(value: int | None) -> model.Setting[int | None]:
        return model.Setting[int | None].model_construct(
            effective=value, declared=flag.value if flag else None, origin=origin
        )

    return dict(
        enabled=model.Setting[bool].model_construct(
            effective=passive_on, declared=o.declared("natmode"), origin=o.origin("natmode")
        ),
        range_low=bound(declared.low if declared else None),
        range_high=bound(declared.high if declared else None),
        effective_range=declared or DEFAULT_RANGE,
        range_fallback="refuse",  # 425 All reserved TCP ports are busy
        resolve_hostname=model.Setting[bool].model_construct(
            effective=True, origin=model.Origin.default("pure-ftpd resolves ForcePassiveIP at each session")
        ),
        allow_foreign_address=_foreign(o),
    )


def _commands(o: Options) -> model.Commands:
    passive_on = not o.on("natmode")
    accepted: set[model.DataCommand] = set(model.ACTIVE_COMMANDS)
    origins: dict[str, model.Origin] = {
        c: model.Origin.default("pure-ftpd always accepts PORT and EPRT") for c in model.ACTIVE_COMMANDS
    }
    for command in model.PASSIVE_COMMANDS:
        origins[command] = o.origin("natmode")
        if passive_on:
            accepted.add(command)
    return model.Commands.model_construct(
        accepted=frozenset(c for c in model.DATA_COMMANDS if c in accepted), origins=origins
    )


def _tls(o: Options) -> model.Tls:
    flag = o.winner("tls")
    level = cnum.atoi(flag.value or "") if flag else 0
    level = level if 0 <= level <= 3 else 0
    mode = model.TlsMode.EXPLICIT if level else model.TlsMode.OFF
    origin = o.origin("tls")
    declared = o.declared("tls")

    def at_least(minimum: int) -> model.Setting[bool]:
        return model.Setting[bool].model_construct(effective=level >= minimum, declared=declared, origin=origin)

    return model.Tls.model_construct(
        mode=model.Setting[model.TlsMode].model_construct(effective=mode, declared=declared, origin=origin),
        required_for_login=at_least(2),
        required_for_data=at_least(3),
        anonymous_allowed=at_least(1),
        protocols=model.Setting[tuple[str, ...]].model_construct(
            effective=("TLSv1.2", "TLSv1.3") if level else (),
            origin=model.Origin.default("OpenSSL 3 defaults on Debian 12"),
        ),
        session_reuse_required=model.Setting[bool].model_construct(
            effective=False, origin=model.Origin.default("pure-ftpd does not require it")
        ),
    )


def _logins(o: Options, build: Build) -> tuple[model.Setting[bool], model.Setting[bool]]:
    """Who logs in with a password: system accounts (``unix``, the default without ``-l``, and ``pam``) and
    accounts of a user database (``puredb``, ``extauth``, the build's ``mysql``/``pgsql``/``ldap``)."""
    methods = [(f, (f.value or "").lower()) for f in o.all("login")]
    system = [f for f, m in methods if m.startswith(SYSTEM_METHODS)]
    virtual = [f for f, m in methods if not m.startswith(SYSTEM_METHODS)]
    anonymous_only = o.on("anonymousonly")

    def setting(found: list[Flag], default: bool, default_origin: str) -> model.Setting[bool]:
        if anonymous_only:
            return model.Setting[bool].model_construct(
                effective=False, declared=o.declared("anonymousonly"), origin=o.origin("anonymousonly")
            )
        if found:
            return model.Setting[bool].model_construct(
                effective=True,
                declared=found[0].value,
                origin=model.Origin.at(found[0].span, found[0].kind, _with_build(found[0], build)),
            )
        if methods:  # -l given, none of this kind: the first method says who logs in instead
            first = methods[0][0]
            return model.Setting[bool].model_construct(
                effective=False, declared=first.value, origin=model.Origin.at(first.span, first.kind, first.detail)
            )
        return model.Setting[bool].model_construct(effective=default, origin=model.Origin.default(default_origin))

    databases = ", ".join(("puredb", "extauth", *([build.method] if build.method else [])))
    return (
        setting(system, True, "pure-ftpd default: system users may log in (no -l: unix authentication)"),
        setting(virtual, False, f"no user database (-l {databases})"),
    )


def _with_build(flag: Flag, build: Build) -> str:
    """``MySQLConfigFile mysql:/etc/x (pure-ftpd-mysql)``: a build's own method names the binary it needs."""
    return f"{flag.detail} ({build.program})" if build.method and by_method(flag.value or "") is build else flag.detail


def _access(o: Options, build: Build) -> dict[str, Any]:
    """Access but the chroot (ChrootEveryone: a plain row of data/model_fields.tsv)."""
    local_users, virtual_users = _logins(o, build)
    anonymous = not o.on("noanonymous") or o.on("anonymousonly")
    # AnonymousOnly (-e) turns anonymous login on by a line of its own: a choice, not the default.
    said = "anonymousonly" if o.on("anonymousonly") else "noanonymous"
    anonymous_origin = o.origin(said, "pure-ftpd default: anonymous login is allowed when an 'ftp' account exists")
    upload = anonymous and not o.on("anonymouscantupload")
    return dict(
        anonymous=model.Setting[bool].model_construct(
            effective=anonymous, declared=o.declared(said), origin=anonymous_origin
        ),
        anonymous_upload=model.Setting[bool].model_construct(
            effective=upload,
            declared=o.declared("anonymouscantupload"),
            origin=o.origin(
                "anonymouscantupload", "pure-ftpd default: anonymous users may upload where the directory is writable"
            ),
        ),
        # -s (AntiWarez): files owned by the ftp user, i.e. anonymous uploads, cannot be downloaded.
        anonymous_uploads_readable=model.Setting[bool].model_construct(
            effective=not o.on("antiwarez"),
            declared=o.declared("antiwarez"),
            origin=model.derived_from(
                o.origin("antiwarez", "pure-ftpd default: anonymous users may download anonymous uploads")
            ),
        ),
        anonymous_mkdir=o.switch("anonymouscancreatedirs", anonymous and o.on("anonymouscancreatedirs")),
        anonymous_other_write=model.Setting[bool].model_construct(
            effective=False, origin=model.Origin.default("pure-ftpd never lets anonymous users delete or rename")
        ),
        local_users=local_users,
        virtual_users=virtual_users,
        write=model.Setting[bool].model_construct(
            effective=True, origin=model.Origin.default("pure-ftpd: writes follow file permissions")
        ),
        writable_chroot_allowed=model.Setting[bool].model_construct(
            effective=False, origin=model.Origin.default("pure-ftpd runs nothing from inside the jail")
        ),
    )


def client_cap(o: Options) -> int | None:
    """Half the passive range: pure-ftpd lowers the client limit to it (0: the limit is off)."""
    flag = o.winner("passiveportrange")
    found = passive_range(flag.value or "") if flag else None
    return None if found is None else found.size // 2


def configured_max_clients(o: Options) -> int:
    flag = o.winner("maxclientsnumber")
    value = cnum.full_strtoul(flag.value or "") if flag else None
    return value & cnum.UINT_MAX if value else DEFAULT_MAX_CLIENTS


def _max_clients(o: Options, names: tuple[str, ...]) -> model.Setting[int | None]:
    configured = configured_max_clients(o)
    cap = client_cap(o)
    effective: int | None = configured
    origin = o.origin("maxclientsnumber", f"pure-ftpd default: {DEFAULT_MAX_CLIENTS} clients")
    if cap is not None and configured > cap:
        effective = cap or None  # a one-port range gives 0, which means no limit at all
        origin = o.origin("passiveportrange")
    return model.Setting[int | None].model_construct(
        effective=effective, declared=o.declared("maxclientsnumber"), origin=origin
    )


# The derivations of data/model_fields.tsv: pure-ftpd's logic where a field is more than one option's value.
DERIVATIONS: dict[str, model_mapping.Derivation] = {
    "listen": lambda o, names: _listen(o),
    "active": lambda o, names: {"allow_foreign_address": _foreign(o)},
    "passive": lambda o, names: _passive(o),
    "commands": lambda o, names: _commands(o),
    "tls": lambda o, names: _tls(o),
    "access": lambda o, names: _access(o, o.build),
    "max_clients": _max_clients,
}
