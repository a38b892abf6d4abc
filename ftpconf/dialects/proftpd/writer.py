"""The model -> a proftpd.conf that `proftpd -t` accepts and that behaves as the model says.

A refused data-connection mode is written as ``<Limit PORT EPRT>`` / ``<Limit PASV EPSV>`` with
``DenyAll`` only: naming just PORT or PASV leaves the mode open through EPRT/EPSV, and host rules
(``Allow``/``Deny``) in such server-level blocks have crashed proftpd 1.3.8 (docs/daemons/proftpd.md §11).
TLS settings are written inside ``<IfModule mod_tls.c>`` because mod_tls is a separate Debian package; when
a server has TLS on, the file loads mod_tls itself (guarded by ``<IfModule !mod_tls.c>``, so a host whose
modules.conf already loads it is unaffected): otherwise those blocks would be skipped and TLS silently off,
and a host without proftpd-mod-crypto now refuses to start rather than serve plain FTP.
The proftpd-core modules the targeted version builds loadable (1.3.8c: mod_xfer, mod_ls, mod_delay) are
loaded the same way when the output uses their directives.
"""

from __future__ import annotations

from ftpconf import catalog
from ftpconf.dialects.proftpd.limits import ANONYMOUS_MKDIR, ANONYMOUS_OTHER_WRITE
from ftpconf.dialects.proftpd.modules import CORE_PACKAGE
from ftpconf.model import DATA_COMMANDS, Config, Server, TlsMode


def _quote(text: str) -> str:
    if text and not any(c in text for c in ' \t"#\\') and not text.startswith("%{"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _on(flag: bool) -> str:
    return "on" if flag else "off"


def _data_limits(server: Server, indent: str) -> list[str]:
    refused = [c for c in DATA_COMMANDS if not server.commands.accepts(c)]
    if not refused:
        return []
    return [f"{indent}<Limit {' '.join(refused)}>", f"{indent}  DenyAll", f"{indent}</Limit>"]


# A carried-over directive: (name, value, the <IfModule> it belongs in or None).
ExtraDirective = tuple[str, "str | None", "str | None"]


def _server_body(server: Server, indent: str, extras: list[ExtraDirective]) -> list[str]:
    lines: list[str] = []
    passive = server.passive
    rng = passive.effective_range  # what the source daemon really uses, never an inverted pair
    if (rng.low, rng.high) != (1024, 65535) and 1024 <= rng.low < rng.high:
        # proftpd refuses min >= max: a one-port range cannot be said (the convert report says so).
        lines.append(f"{indent}PassivePorts {rng.low} {rng.high}")
    if passive.advertised_address.effective:
        lines.append(f"{indent}MasqueradeAddress {_quote(passive.advertised_address.effective)}")
    source = server.active.source_port.effective
    if source is not None and source == server.listen.port.effective - 1:
        lines.append(f"{indent}RootRevoke off")  # active data from the control port - 1
    if server.active.allow_foreign_address.effective or passive.allow_foreign_address.effective:
        lines.append(f"{indent}AllowForeignAddress on")
    if server.limits.max_clients.effective:
        lines.append(f"{indent}MaxClients {server.limits.max_clients.effective}")
    if server.limits.max_per_ip.effective:
        lines.append(f"{indent}MaxClientsPerHost {server.limits.max_per_ip.effective}")
    if server.access.chroot_local_users.effective:
        lines.append(f"{indent}DefaultRoot ~")
    if not server.access.write.effective:
        lines += [f"{indent}<Limit WRITE>", f"{indent}  DenyAll", f"{indent}</Limit>"]
    lines += _data_limits(server, indent)
    lines += _tls(server, indent, [(n, v) for n, v, block in extras if block == "mod_tls.c"])
    lines += _anonymous(server, indent, [(n, v) for n, v, block in extras if block == ANONYMOUS])
    lines += [f"{indent}{name}{'' if value is None else ' ' + value}" for name, value, block in extras if block is None]
    for name, value, block in extras:
        if block is not None and block.startswith("Limit "):  # e.g. DenyAll in <Limit SITE_CHMOD>
            lines += _limit(indent, block.removeprefix("Limit "), f"{name}{'' if value is None else ' ' + value}")
    return lines


def _tls(server: Server, indent: str, directives: list[tuple[str, str | None]]) -> list[str]:
    tls = server.tls
    if tls.mode.effective is TlsMode.OFF:
        if not directives:
            return []
        # Certificate paths without TLS: kept, so turning TLSEngine on later is one edit.
        body = [f"{indent}  {name} {_quote(value or '')}" for name, value in directives]
        return [f"{indent}<IfModule mod_tls.c>", f"{indent}  TLSEngine off", *body, f"{indent}</IfModule>"]
    required = (
        "on"
        if tls.required_for_login.effective and tls.required_for_data.effective
        else "ctrl"
        if tls.required_for_login.effective
        else "data"
        if tls.required_for_data.effective
        else "off"
    )
    lines = [f"{indent}<IfModule mod_tls.c>", f"{indent}  TLSEngine on", f"{indent}  TLSRequired {required}"]
    if tls.protocols.effective:
        lines.append(f"{indent}  TLSProtocol {' '.join(tls.protocols.effective)}")
    options = []
    if tls.mode.effective is TlsMode.IMPLICIT:
        options.append("UseImplicitSSL")
    if not tls.session_reuse_required.effective:
        options.append("NoSessionReuseRequired")
    if options:
        lines.append(f"{indent}  TLSOptions {' '.join(options)}")
    lines += [f"{indent}  {name} {_quote(value or '')}" for name, value in directives]
    return [*lines, f"{indent}</IfModule>"]


# The block of carried directives that go inside <Anonymous>; one named Anonymous is the section's directory.
ANONYMOUS = "Anonymous"
# What every written <Anonymous> needs for an anonymous login, unless the source says its own.
ANONYMOUS_LOGIN = ("User ftp", "Group nogroup", "UserAlias anonymous ftp", "RequireValidShell off")


def _anonymous(server: Server, indent: str, directives: list[tuple[str, str | None]]) -> list[str]:
    access = server.access
    if not access.anonymous.effective:
        return []
    root = next((value for name, value in directives if name == ANONYMOUS and value), "~ftp")
    said = {name.lower() for name, _ in directives}
    lines = [f"{indent}<Anonymous {_quote(root)}>"]
    lines += [f"{indent}  {line}" for line in ANONYMOUS_LOGIN if line.split()[0].lower() not in said]
    # A command-specific <Limit> overrides the WRITE group for its commands (measured, docs/daemons/proftpd.md §7),
    # so each anonymous write the source allows or forbids apart from uploads gets its own block.
    upload = access.anonymous_upload.effective
    for commands, allowed in (
        (None, upload),
        (ANONYMOUS_MKDIR, access.anonymous_mkdir.effective),
        (ANONYMOUS_OTHER_WRITE, access.anonymous_other_write.effective),
    ):
        if commands is None:
            if not allowed:
                lines += _limit(f"{indent}  ", "WRITE", "DenyAll")
        elif allowed != upload:
            lines += _limit(f"{indent}  ", " ".join(commands), "AllowAll" if allowed else "DenyAll")
    lines += [
        f"{indent}  {name}{'' if value is None else ' ' + value}" for name, value in directives if name != ANONYMOUS
    ]
    return [*lines, f"{indent}</Anonymous>"]


def _limit(indent: str, commands: str, decision: str) -> list[str]:
    return [f"{indent}<Limit {commands}>", f"{indent}  {decision}", f"{indent}</Limit>"]


TLS_MODULE = "mod_tls.c"
# proftpd needs an account to drop privileges to; the source dialects do not say one.
DEFAULT_USER, DEFAULT_GROUP = "nobody", "nogroup"


def write(config: Config, header: str = "", extras: list[list[ExtraDirective]] | None = None) -> tuple[str, list[str]]:
    """proftpd.conf text for ``config`` (first server main, the others <VirtualHost>s) and notes on defaults.

    ``extras``: per server, directives carried over from the source that the model does not cover.
    """
    main, *virtual = config.servers
    per_server = extras or [[] for _ in config.servers]
    notes: list[str] = []
    lines = [f"# {line}" if line else "#" for line in (header or "Written by ftpconf").splitlines()]
    top = len(lines)
    listen = main.listen
    lines.append(f"ServerType {'standalone' if listen.standalone.effective else 'inetd'}")
    lines.append(f"UseIPv6 {_on(listen.ipv6)}")
    lines.append(f"Port {listen.port.effective}")
    if listen.address.effective:
        lines += [f"DefaultAddress {_quote(listen.address.effective)}", "SocketBindTight on"]
    if any(server.tls.mode.effective is not TlsMode.OFF for server in config.servers):
        lines += _guarded_load(TLS_MODULE)
        notes.append(f"LoadModule {TLS_MODULE}: TLS needs mod_tls, which Debian ships in proftpd-mod-crypto")
    said = {name.lower() for name, _, block in per_server[0] if block is None}  # <Anonymous> has its own User
    for name, value in (("User", DEFAULT_USER), ("Group", DEFAULT_GROUP)):
        if name.lower() not in said:
            lines.append(f"{name} {value}")
            notes.append(f"{name} {value}: the account proftpd drops privileges to (Debian's package uses proftpd)")
    lines += _server_body(main, "", per_server[0])
    for server, carried in zip(virtual, per_server[1:], strict=False):
        address = server.listen.address.effective or "0.0.0.0"
        lines += ["", f"<VirtualHost {_quote(address)}>", f"  Port {server.listen.port.effective}"]
        lines += _server_body(server, "  ", carried)
        lines.append("</VirtualHost>")
    lines[top:top] = _module_loads(lines[top:])
    return "\n".join(lines) + "\n", notes


def _module_loads(lines: list[str]) -> list[str]:
    """``LoadModule`` lines for the proftpd-core modules that the written directives outside any <IfModule>
    need and that the targeted proftpd does not compile in (1.3.8c: mod_xfer, mod_ls, mod_delay). Each sits in
    ``<IfModule !mod_x.c>``: where Debian's stock modules.conf already loaded it, nothing is loaded twice."""
    cat = catalog.proftpd()
    needed: list[str] = []
    depth = 0
    for line in lines:
        word = line.split(maxsplit=1)[0] if line.strip() else ""
        if word.lower() == "<ifmodule":
            depth += 1
        elif word.lower() == "</ifmodule>":
            depth -= 1
        elif depth == 0 and (directive := cat.directive(word)) is not None:
            module = cat.modules[directive.module]
            if not module.static and module.package == CORE_PACKAGE and directive.module not in needed:
                needed.append(directive.module)
    return [line for module in needed for line in _guarded_load(f"{module}.c")]


def _guarded_load(module: str) -> list[str]:
    """``LoadModule`` inside ``<IfModule !module>``: a host whose modules.conf already loads it loads it once."""
    return [f"<IfModule !{module}>", f"  LoadModule {module}", "</IfModule>"]
