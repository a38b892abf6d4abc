"""The model -> a proftpd.conf that `proftpd -t` accepts and that behaves as the model says.

A refused data-connection mode is written as ``<Limit PORT EPRT>`` / ``<Limit PASV EPSV>`` with
``DenyAll`` only: naming just PORT or PASV leaves the mode open through EPRT/EPSV, and host rules
(``Allow``/``Deny``) in such server-level blocks have crashed proftpd 1.3.8 (runtime-notes.md).
TLS settings are written inside ``<IfModule mod_tls.c>`` because mod_tls is a separate Debian package.
"""

from __future__ import annotations

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


def _server_body(server: Server, indent: str) -> list[str]:
    lines: list[str] = []
    passive = server.passive
    low, high = passive.range_low.effective, passive.range_high.effective
    if low is not None and high is not None:
        lines.append(f"{indent}PassivePorts {low} {high}")
    if passive.advertised_address.effective:
        lines.append(f"{indent}MasqueradeAddress {_quote(passive.advertised_address.effective)}")
    if server.active.allow_foreign_address.effective or passive.allow_foreign_address.effective:
        lines.append(f"{indent}AllowForeignAddress on")
    if server.limits.max_clients.effective:
        lines.append(f"{indent}MaxClients {server.limits.max_clients.effective}")
    if server.limits.max_per_ip.effective:
        lines.append(f"{indent}MaxClientsPerHost {server.limits.max_per_ip.effective}")
    if server.access.chroot_local_users.effective:
        lines.append(f"{indent}DefaultRoot ~")
    lines += _data_limits(server, indent)
    lines += _tls(server, indent)
    lines += _anonymous(server, indent)
    return lines


def _tls(server: Server, indent: str) -> list[str]:
    tls = server.tls
    if tls.mode.effective is TlsMode.OFF:
        return []
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
    return [*lines, f"{indent}</IfModule>"]


def _anonymous(server: Server, indent: str) -> list[str]:
    access = server.access
    if not access.anonymous.effective:
        return []
    lines = [
        f"{indent}<Anonymous ~ftp>",
        f"{indent}  User ftp",
        f"{indent}  Group nogroup",
        f"{indent}  UserAlias anonymous ftp",
        f"{indent}  RequireValidShell off",
    ]
    if not access.anonymous_upload.effective:
        lines += [f"{indent}  <Limit WRITE>", f"{indent}    DenyAll", f"{indent}  </Limit>"]
    return [*lines, f"{indent}</Anonymous>"]


def write(config: Config) -> str:
    """proftpd.conf text for ``config``: the first server is the main server, the others <VirtualHost>s."""
    main, *virtual = config.servers
    lines = ["# Written by ftpconf from " + ", ".join(config.sources)]
    listen = main.listen
    lines.append(f"ServerType {'standalone' if listen.standalone.effective else 'inetd'}")
    lines.append(f"UseIPv6 {_on(listen.ipv6)}")
    lines.append(f"Port {listen.port.effective}")
    if listen.address.effective:
        lines += [f"DefaultAddress {_quote(listen.address.effective)}", "SocketBindTight on"]
    lines += _server_body(main, "")
    for server in virtual:
        address = server.listen.address.effective or "0.0.0.0"
        lines += ["", f"<VirtualHost {_quote(address)}>", f"  Port {server.listen.port.effective}"]
        lines += _server_body(server, "  ")
        lines.append("</VirtualHost>")
    return "\n".join(lines) + "\n"
