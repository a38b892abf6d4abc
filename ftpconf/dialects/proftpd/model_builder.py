"""proftpd's parsed configuration -> the neutral model: one Server for the main server, one per <VirtualHost>.

``<Global>`` is merged into every server after the server's own directives, so a server's own
setting wins.  A directive repeated in one context applies as ``precedence.winner`` says: most
keep their first value, the few proftpd sets while parsing their last.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ftpconf import catalog, model
from ftpconf.dialects import model_mapping
from ftpconf.dialects.proftpd import limits
from ftpconf.dialects.proftpd.blocks import Applied, Block
from ftpconf.dialects.proftpd.precedence import winner
from ftpconf.dialects.proftpd.values import atoi, max_clients_value, parse_bool

# Without PassivePorts proftpd lets the kernel pick any unprivileged port.
ANY_PORT = model.PortRange.model_construct(low=1024, high=65535)
DEFAULT_TLS_PROTOCOLS = ("TLSv1.2", "TLSv1.3")  # mod_tls 1.3.8 default
WRITE_COMMANDS = frozenset({"WRITE", "ALL", "STOR", "STOU", "APPE"})


@functools.cache
def rows() -> model_mapping.Table:
    """The directives the model reads, and which fields (data/model_fields.tsv, in the catalogue)."""
    return model_mapping.table((d.name, row) for d in catalog.proftpd().directives.values() for row in d.model)


@functools.cache
def modelled() -> frozenset[str]:
    """Lower-cased, as proftpd matches names."""
    return frozenset(name.lower() for name in rows().modelled)


@dataclass(frozen=True)
class _Scope:
    """The directives that apply to one server: its own block, then <Global>."""

    own: Block
    glob: list[Block]
    main: Block

    def blocks(self) -> list[Block]:
        return [self.own, *self.glob]

    def last(self, name: str) -> Applied | None:
        return self._nearest(Block.last, name)

    def first(self, name: str) -> Applied | None:
        return self._nearest(Block.first, name)

    def _nearest(self, pick: Callable[[Block, str], Applied | None], name: str) -> Applied | None:
        """What the server's own block gives, else what <Global> gives."""
        for block in self.blocks():
            found = pick(block, name)
            if found is not None:
                return found
        return None

    def applied(self, name: str) -> Applied | None:
        """The occurrence proftpd uses: the first or the last, as ``precedence.winner`` says."""
        return self.first(name) if winner(name) == "first" else self.last(name)

    def every(self, name: str) -> list[Applied]:
        return [d for block in self.blocks() for d in block.by_name.get(name.lower(), ())]

    def main_only(self, name: str) -> Applied | None:
        return self.main.last(name)  # server-config-only directives (SocketBindTight, UseIPv6, ServerType)

    def children(self, kind: str) -> list[Block]:
        return [child for block in self.blocks() for child in block.blocks(kind)]

    # -- a model_mapping.Source: the value of the occurrence proftpd applies (one without arguments is none)
    def given(self, name: str) -> Applied | None:
        found = self.applied(name)
        return found if found is not None and found.args else None

    def value(self, name: str, kind: str) -> Any:
        found = self.given(name)
        if kind == "present":
            return found is not None
        if found is None:
            return None
        if kind == "bool":
            return bool(parse_bool(found.args[0]))
        return max_clients_value(found.args[0]) if kind == "count" else found.args[0]

    def declared(self, name: str) -> str | None:
        found = self.given(name)
        return None if found is None else " ".join(found.args)

    def origin(self, name: str, unset: str) -> model.Origin:
        found = self.given(name)
        return found.origin if found is not None else model.Origin.default(unset or f"no {name}")

    @functools.cached_property
    def commands(self) -> model.Commands:
        return _commands(self)

    @functools.cached_property
    def foreign(self) -> model.Setting[bool]:
        """AllowForeignAddress, for active and passive data connections alike."""
        found = self.applied("AllowForeignAddress")
        return model.Setting[bool].model_construct(
            effective=found is not None and bool(found.args) and parse_bool(found.args[0]) is not False,
            declared=None if found is None else " ".join(found.args),
            origin=found.origin if found is not None else model.Origin.default("AllowForeignAddress off"),
        )


def build_config(root: Block, path: str) -> model.Config:
    glob = list(root.blocks("Global"))
    scopes = [_Scope(root, glob, root)] + [_Scope(vhost, glob, root) for vhost in root.blocks("VirtualHost")]
    return model.Config.model_construct(
        dialect="proftpd", sources=(path,), servers=tuple(_server(scope) for scope in scopes)
    )


def _setting_bool(found: Applied | None, default: bool, detail: str) -> model.Setting[bool]:
    if found is None:
        return model.Setting[bool].model_construct(effective=default, origin=model.Origin.default(detail))
    value = parse_bool(found.args[0]) if found.args else None
    return model.Setting[bool].model_construct(
        effective=bool(value), declared=" ".join(found.args), origin=found.origin
    )


def _text(found: Applied | None, detail: str) -> model.Setting[str | None]:
    if found is None or not found.args:
        return model.Setting[str | None].model_construct(effective=None, origin=model.Origin.default(detail))
    return model.Setting[str | None].model_construct(
        effective=found.args[0], declared=" ".join(found.args), origin=found.origin
    )


def _server(scope: _Scope) -> model.Server:
    return model.Server.model_construct(
        name="main" if scope.own is scope.main else "VirtualHost " + " ".join(scope.own.args),
        **model_mapping.build_sections(scope, rows(), DERIVATIONS, {"commands": scope.commands}),
        extras=tuple(
            model.Extra.model_construct(name=d.name, value=" ".join(d.args) or None, origin=d.origin)
            for block in scope.blocks()
            for d in block.directives()
            if d.name.lower() not in modelled()
        )
        + _anonymous_extras(scope),
    )


# What makes the anonymous login itself (the model's access.anonymous): not carried as settings.
ANONYMOUS_LOGIN = frozenset({"group", "useralias", "requirevalidshell"})


def _anonymous_extras(scope: _Scope) -> tuple[model.Extra, ...]:
    """The first <Anonymous> section's directory and its own directives (not those in its <Limit>s,
    which the model reads), tagged with the section so convert can place or report them."""
    blocks = scope.children("Anonymous")
    if not blocks:
        return ()
    anon = blocks[0]
    root = model.Extra.model_construct(
        name="Anonymous", value=" ".join(anon.args) or None, origin=anon.origin, section="Anonymous"
    )
    own = (
        model.Extra.model_construct(name=d.name, value=" ".join(d.args) or None, origin=d.origin, section="Anonymous")
        for d in anon.directives()
        if d.name.lower() not in ANONYMOUS_LOGIN
    )
    return (root, *own)


def _active(scope: _Scope) -> model.ActiveMode:
    commands = scope.commands
    return model.ActiveMode.model_construct(
        enabled=model.Setting[bool].model_construct(
            effective=any(commands.accepts(c) for c in model.ACTIVE_COMMANDS),
            origin=commands.origins.get("PORT", model.Origin.default("PORT and EPRT accepted")),
        ),
        source_port=_active_source_port(scope),
        allow_foreign_address=scope.foreign,
    )


def _active_source_port(scope: _Scope) -> model.Setting[int | None]:
    """proftpd 1.3.8 connects from control port - 1 (RFC 959's L-1) only with ``RootRevoke off`` set;
    otherwise from an ephemeral port (measured, and so says its data.c)."""
    revoke = scope.applied("RootRevoke")
    if revoke is not None and revoke.args and parse_bool(revoke.args[0]) is False:
        port = _listen(scope).port.effective
        return model.Setting[int | None].model_construct(
            effective=port - 1, declared=" ".join(revoke.args), origin=revoke.origin
        )
    return model.Setting[int | None].model_construct(
        effective=None,
        declared=None if revoke is None else " ".join(revoke.args),
        origin=revoke.origin if revoke is not None else model.Origin.default("no RootRevoke off: an ephemeral port"),
    )


def _listen(scope: _Scope) -> model.Listen:
    is_main = scope.own is scope.main
    server_type = scope.main_only("ServerType")
    standalone = server_type is None or server_type.args[0].lower() == "standalone"
    port = scope.own.first("Port") or (scope.first("Port") if is_main else None)
    port_value = atoi(port.args[0]) if port is not None else 21
    if is_main:
        tight = scope.main_only("SocketBindTight")
        bound = scope.main_only("DefaultAddress")
        address = _text(bound, "all addresses") if tight is not None and parse_bool(tight.args[0]) else None
    else:
        address = model.Setting[str | None].model_construct(
            effective=scope.own.args[0] if scope.own.args else None,
            declared=" ".join(scope.own.args),
            origin=scope.own.origin,
        )
    ipv6 = _setting_bool(scope.main_only("UseIPv6"), True, "UseIPv6 on (compiled-in)")
    return model.Listen.model_construct(
        standalone=model.Setting[bool].model_construct(
            effective=standalone,
            declared=None if server_type is None else server_type.args[0],
            origin=server_type.origin if server_type is not None else model.Origin.default("ServerType standalone"),
        ),
        address=address
        or model.Setting[str | None].model_construct(effective=None, origin=model.Origin.default("all addresses")),
        port=model.Setting[int].model_construct(
            effective=port_value,
            declared=None if port is None else port.args[0],
            origin=port.origin if port is not None else model.Origin.default("Port 21"),
        ),
        ipv4=True,
        ipv6=ipv6.effective,
    )


def _passive(scope: _Scope) -> dict[str, Any]:
    """PassiveMode but its advertised address (MasqueradeAddress: a plain row of data/model_fields.tsv)."""
    commands = scope.commands
    enabled = any(commands.accepts(c) for c in model.PASSIVE_COMMANDS)
    ports = scope.applied("PassivePorts")
    low = high = None
    if ports is not None:
        low, high = atoi(ports.args[0]), atoi(ports.args[1])
    origin = ports.origin if ports is not None else model.Origin.default("no PassivePorts: any port")
    return dict(
        enabled=model.Setting[bool].model_construct(
            effective=enabled, origin=commands.origins.get("PASV", model.Origin.default("PASV and EPSV accepted"))
        ),
        range_low=model.Setting[int | None].model_construct(
            effective=low, declared=None if ports is None else ports.args[0], origin=origin
        ),
        range_high=model.Setting[int | None].model_construct(
            effective=high, declared=None if ports is None else ports.args[1], origin=origin
        ),
        effective_range=model.PortRange.model_construct(low=low, high=high)
        if low is not None and high is not None
        else ANY_PORT,
        range_fallback="any-port",  # "unable to find open port in PassivePorts range ...: defaulting to INPORT_ANY"
        resolve_hostname=model.Setting[bool].model_construct(
            effective=True, origin=model.Origin.default("proftpd resolves a name at start-up")
        ),
        allow_foreign_address=scope.foreign,
    )


def _commands(scope: _Scope) -> model.Commands:
    """model.Server-level <Limit>s decide first; a refusal in <Anonymous> refuses the command for those sessions too."""
    server_limits = scope.children("Limit")
    anonymous_limits = [limit for anon in scope.children("Anonymous") for limit in anon.blocks("Limit")]
    accepted: set[model.DataCommand] = set()
    origins: dict[str, model.Origin] = {}
    for command in model.DATA_COMMANDS:
        decision = limits.resolve(server_limits, command)
        anonymous = limits.resolve(anonymous_limits, command)
        if anonymous is not None and not anonymous.allowed:
            decision = anonymous
        if decision is None or decision.allowed:
            accepted.add(command)
        if decision is not None:
            origins[command] = decision.by.origin
    return model.Commands.model_construct(accepted=frozenset(accepted), origins=origins)


def _tls(scope: _Scope) -> model.Tls:
    engine = _setting_bool(scope.applied("TLSEngine"), False, "TLSEngine off")
    every_options = scope.every("TLSOptions")  # mod_tls ORs every TLSOptions line together
    options = every_options[0] if every_options else None
    option_words = {w.lower() for o in every_options for w in o.args}
    implicit = "useimplicitssl" in option_words
    mode = model.TlsMode.OFF if not engine.effective else model.TlsMode.IMPLICIT if implicit else model.TlsMode.EXPLICIT
    required = scope.applied("TLSRequired")
    words = {w.lower() for w in required.args} if required is not None else set()
    login = engine.effective and bool(words & {"on", "yes", "true", "1", "ctrl", "auth", "auth+data", "auth+!data"})
    data = engine.effective and bool(words & {"on", "yes", "true", "1", "data", "auth+data"})
    required_origin = required.origin if required is not None else model.Origin.default("TLSRequired off")
    declared_required = None if required is None else " ".join(required.args)
    protocol = scope.applied("TLSProtocol")
    protocols = tuple(protocol.args) if protocol is not None else DEFAULT_TLS_PROTOCOLS
    return model.Tls.model_construct(
        mode=model.Setting[model.TlsMode].model_construct(
            effective=mode, declared=engine.declared, origin=engine.origin
        ),
        required_for_login=model.Setting[bool].model_construct(
            effective=login, declared=declared_required, origin=required_origin
        ),
        required_for_data=model.Setting[bool].model_construct(
            effective=data, declared=declared_required, origin=required_origin
        ),
        anonymous_allowed=model.Setting[bool].model_construct(effective=engine.effective, origin=engine.origin),
        protocols=model.Setting[tuple[str, ...]].model_construct(
            effective=protocols if engine.effective else (),
            declared=None if protocol is None else " ".join(protocol.args),
            origin=protocol.origin if protocol is not None else model.Origin.default("TLSProtocol TLSv1.2 TLSv1.3"),
        ),
        session_reuse_required=model.Setting[bool].model_construct(
            effective=engine.effective and "nosessionreuserequired" not in option_words,
            origin=options.origin if options is not None else model.Origin.default("TLS session reuse required"),
        ),
    )


def _access(scope: _Scope) -> dict[str, Any]:
    """Access but who else logs in (AuthUserFile: a plain row of data/model_fields.tsv)."""
    anonymous_blocks = scope.children("Anonymous")
    anon = anonymous_blocks[0] if anonymous_blocks else None
    anonymous = model.Setting[bool].model_construct(
        effective=anon is not None,
        declared=None if anon is None else " ".join(anon.args),
        origin=anon.origin if anon is not None else model.Origin.default("no <Anonymous> section"),
    )
    write = _anonymous_write(anon) if anon is not None else None
    anonymous_write = _anonymous_write_setting(anon, write)
    mkdir = _anonymous_setting(anon, write, limits.ANONYMOUS_MKDIR, anonymous_write)
    other_write = _anonymous_setting(anon, write, limits.ANONYMOUS_OTHER_WRITE, anonymous_write)
    drop_box = _drop_box(anon) if anon is not None and not anonymous_write.effective else None
    upload = anonymous_write if drop_box is None else _anonymous_write_setting(anon, drop_box[0])
    root = scope.first("DefaultRoot")  # the first whose group expression matches: without one, the first
    chroot = model.Setting[bool].model_construct(
        effective=root is not None,
        declared=None if root is None else " ".join(root.args),
        origin=root.origin if root is not None else model.Origin.default("no DefaultRoot"),
    )
    readable = model.Setting[bool].model_construct(
        effective=drop_box is None or drop_box[1] is None,
        origin=model.derived_from(drop_box[1].by.origin)
        if drop_box is not None and drop_box[1] is not None
        else model.Origin.default("anonymous users may download what they upload"),
    )
    return dict(
        anonymous=anonymous,
        anonymous_upload=upload,
        anonymous_uploads_readable=readable,
        anonymous_mkdir=mkdir,
        anonymous_other_write=other_write,
        local_users=model.Setting[bool].model_construct(
            effective=True, origin=model.Origin.default("system users may log in (mod_auth_unix/PAM)")
        ),
        write=_server_write(scope),
        chroot_local_users=chroot,
        writable_chroot_allowed=model.Setting[bool].model_construct(
            effective=False, origin=model.Origin.default("proftpd has no writable-chroot switch")
        ),
    )


def _server_write(scope: _Scope) -> model.Setting[bool]:
    """A server-level <Limit WRITE> (or ALL, STOR, ...) that denies everyone makes the server read-only."""
    for limit in scope.children("Limit"):
        if limits.limit_commands(limit) & WRITE_COMMANDS:
            decision = limits.decide(limit)
            if decision is not None and not decision.allowed:
                return model.Setting[bool].model_construct(
                    effective=False, declared=" ".join(limit.args), origin=decision.by.origin
                )
    return model.Setting[bool].model_construct(
        effective=True, origin=model.Origin.default("writes allowed by file permissions")
    )


def _anonymous_write(anon: Block) -> limits.Decision:
    """Writes in <Anonymous> are allowed unless a <Limit WRITE> (or ALL, STOR) there or in a <Directory> denies them;
    the deciding line is a <Limit>'s AllowAll when one allows them, else the block (nothing forbids them)."""
    candidates = list(anon.blocks("Limit")) + [
        limit for directory in anon.blocks("Directory") for limit in directory.blocks("Limit")
    ]
    allowed: limits.Decision | None = None
    for limit in candidates:
        # APPE alone is one of the "other writes" (anonymous_other_write), not an upload.
        if limits.limit_commands(limit) & (WRITE_COMMANDS - set(limits.ANONYMOUS_OTHER_WRITE)):
            decision = limits.decide(limit)
            if decision is not None and not decision.allowed:
                return decision
            allowed = allowed or decision  # an AllowAll that says so (else: allowed because nothing denies)
    return allowed or limits.Decision(True, anon)


def _anonymous_write_setting(anon: Block | None, write: limits.Decision | None) -> model.Setting[bool]:
    return model.Setting[bool].model_construct(
        effective=write is not None and write.allowed,
        declared=None if anon is None else "no <Limit WRITE> DenyAll" if write and write.allowed else "denied",
        origin=(
            model.Origin.default("no <Anonymous> section")
            if write is None
            else write.by.origin.model_copy(update={"kind": "derived"})  # allowed: nothing in the block denies it
            if write.allowed and write.by is anon
            else write.by.origin
        ),
    )


def _drop_box(anon: Block) -> tuple[limits.Decision, limits.Decision | None] | None:
    """A ``<Directory>`` of ``<Anonymous>`` whose ``<Limit STOR>`` (or STOU) AllowAll lets uploads in, though an
    outer ``<Limit WRITE>`` denies them: (that decision, the one denying RETR there: nobody can fetch what
    is dropped, as in proftpd's own upload-only samples); None: no directory takes uploads by a line of its own."""
    outer = list(anon.blocks("Limit"))
    for directory in anon.blocks("Directory"):
        contexts = (list(directory.blocks("Limit")), outer)
        for command in ("STOR", "STOU"):
            decision = limits.resolve_in(contexts, command)
            if decision is not None and decision.allowed:
                fetch = limits.resolve_in(contexts, "RETR")
                return decision, fetch if fetch is not None and not fetch.allowed else None
    return None


def _anonymous_setting(
    anon: Block | None, write: limits.Decision | None, commands: tuple[str, ...], otherwise: model.Setting[bool]
) -> model.Setting[bool]:
    """Whether anonymous users may run ``commands``: a <Limit> naming one of them decides before the WRITE group."""
    if anon is None or write is None:
        return otherwise
    candidates = list(anon.blocks("Limit")) + [
        limit for directory in anon.blocks("Directory") for limit in directory.blocks("Limit")
    ]
    for command in commands:
        decision = limits.resolve(candidates, command)
        if decision is not None:
            return model.Setting[bool].model_construct(
                effective=decision.allowed,
                declared=f"<Limit {command}> {'allowed' if decision.allowed else 'denied'}",
                origin=decision.by.origin,
            )
    return otherwise


def _max_clients(scope: _Scope, names: tuple[str, ...]) -> model.Setting[int | None]:
    clients = model.Setting[int | None].model_construct(
        effective=scope.value("MaxClients", "count"),
        declared=scope.declared("MaxClients"),
        origin=scope.origin("MaxClients", "no MaxClients: unlimited"),
    )
    # A standalone daemon also caps its sessions (child processes) with the server-config-only MaxInstances:
    # the lower of the two bounds how many clients any server takes.
    instances = scope.main.last("MaxInstances") if _standalone(scope) else None
    if instances is not None and instances.args:
        cap = max_clients_value(instances.args[0])
        if cap is not None and (clients.effective is None or cap < clients.effective):
            clients = model.Setting[int | None].model_construct(
                effective=cap, declared=" ".join(instances.args), origin=instances.origin
            )
    return clients


def _standalone(scope: _Scope) -> bool:
    server_type = scope.main_only("ServerType")
    return server_type is None or server_type.args[:1] != ("inetd",)


# The derivations of data/model_fields.tsv: proftpd's logic where a field is more than one directive's value.
DERIVATIONS: dict[str, model_mapping.Derivation] = {
    "listen": lambda scope, names: _listen(scope),
    "active": lambda scope, names: _active(scope),
    "passive": lambda scope, names: _passive(scope),
    "tls": lambda scope, names: _tls(scope),
    "access": lambda scope, names: _access(scope),
    "max_clients": _max_clients,
}
