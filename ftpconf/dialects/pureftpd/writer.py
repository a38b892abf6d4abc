"""The model -> pure-ftpd's three forms: pure-ftpd.conf, a flag line, Debian's /etc/pure-ftpd/conf/ files.

All three go through one list of (long option, value) pairs, so they say the same thing.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from ftpconf import catalog
from ftpconf.catalog_pureftpd import PureftpdConfEntry
from ftpconf.model import Server, TlsMode

Setting = tuple[str, str | None]  # (long option, argument or None for a switch)
PURE_FTPD_MAX_CLIENTS = 50  # its compiled-in default
_LOGIN_FILES = {"pam": "PAMAuthentication", "unix": "UnixAuthentication", "puredb": "PureDB", "extauth": "ExtAuth"}


def settings(server: Server, carry_extras: bool = True, extra: list[Setting] | None = None) -> list[Setting]:
    """What the model says, as pure-ftpd options.

    ``carry_extras``: also the server's pure-ftpd options outside the model (only when the source was
    pure-ftpd: another dialect's names mean nothing here).  ``extra``: further options carried over
    from another dialect through an equivalent (certificate, idle time).
    """
    found: list[Setting] = []
    listen, passive, access, tls = server.listen, server.passive, server.access, server.tls
    if listen.address.effective or listen.port.effective != 21:
        found.append(("bind", f"{listen.address.effective or ''},{listen.port.effective}"))
    if not listen.ipv6:
        found.append(("ipv4only", None))
    elif not listen.ipv4:
        found.append(("ipv6only", None))
    # -N refuses exactly PASV and EPSV (docs/daemons/pureftpd.md §4); pure-ftpd cannot refuse only one of them.
    if not server.commands.accepts("PASV") and not server.commands.accepts("EPSV"):
        found.append(("natmode", None))
    rng = passive.effective_range  # what the source daemon really uses, never an inverted pair
    if (rng.low, rng.high) != (1024, 65535):
        found.append(("passiveportrange", f"{rng.low}:{rng.high}"))
    if passive.advertised_address.effective:
        found.append(("forcepassiveip", passive.advertised_address.effective))
    if tls.mode.effective is not TlsMode.OFF:
        level = 3 if tls.required_for_data.effective else 2 if tls.required_for_login.effective else 1
        found.append(("tls", str(level)))
    if not access.anonymous.effective:
        found.append(("noanonymous", None))
    if not access.local_users.effective and not access.virtual_users.effective:
        found.append(("anonymousonly", None))
    if access.anonymous.effective and not access.anonymous_upload.effective:
        found.append(("anonymouscantupload", None))
    if access.anonymous_mkdir.effective:
        found.append(("anonymouscancreatedirs", None))
    if access.chroot_local_users.effective:
        found.append(("chrooteveryone", None))
    if server.passive.allow_foreign_address.effective or server.active.allow_foreign_address.effective:
        found.append(("allowuserfxp", None))
    declared_max = server.limits.max_clients.declared
    if declared_max is not None and carry_extras:
        found.append(("maxclientsnumber", declared_max))  # pure-ftpd's own spelling, kept as written
    elif server.limits.max_clients.effective not in (None, PURE_FTPD_MAX_CLIENTS):
        found.append(("maxclientsnumber", str(server.limits.max_clients.effective)))
    # With a one-port range pure-ftpd 1.0.50 drops every session after the first when a per-IP limit
    # is set (docs/daemons/pureftpd.md §5): leave it out; the convert report names the difference.
    if server.limits.max_per_ip.effective and passive.effective_range.size > 1:
        found.append(("maxclientsperip", str(server.limits.max_per_ip.effective)))
    options = catalog.pureftpd().options
    if carry_extras:
        found.extend(
            (e.name, e.value)
            for e in server.extras
            if e.name in options and e.name != "pidfile" and e.dialect in (None, "pureftpd")
        )
    found.extend(extra or [])
    return found


def flag_line(
    server: Server, program: str = "/usr/sbin/pure-ftpd", carry_extras: bool = True, extra: list[Setting] | None = None
) -> str:
    argv = [program]
    for name, value in settings(server, carry_extras, extra):
        argv.append(f"-{catalog.pureftpd().options[name].short}")
        if value is not None:
            argv.append(value)
    return shlex.join(argv)


def conf_file(server: Server, carry_extras: bool = True, extra: list[Setting] | None = None, header: str = "") -> str:
    lines = [f"# {line}" if line else "#" for line in (header or "Written by ftpconf.").splitlines()]
    for name, value in settings(server, carry_extras, extra):
        entry = _conf_entry(name, value)
        if entry is None:
            lines.append(f"# --{name}{'' if value is None else '=' + value}: no pure-ftpd.conf key")
        elif entry.boolean:
            lines.append(f"{entry.key} yes")
        else:
            lines.append(f"{entry.key} {_conf_value(entry, value or '')}")
    return "\n".join(lines) + "\n"


def _conf_entry(name: str, value: str | None) -> PureftpdConfEntry | None:
    for entry in catalog.pureftpd().conf_entries:
        if entry.option != name or not entry.built:
            continue
        if name == "login":
            method = (value or "").split(":", 1)[0].lower()
            if entry.emit.startswith(f"--login={method}"):
                return entry
            continue
        captures = entry.template.count("(<")
        parts = 0 if value is None else len(value.split(",") if name == "certfile" else value.split(":"))
        if _whole(entry) and value is not None:
            parts = 1  # AltLog xferlog:/var/log/xferlog: one free-form word, colons and all
        if captures == parts or (entry.boolean and value is None):
            return entry
    return None


def _whole(entry: PureftpdConfEntry) -> bool:
    """A key whose one value is free text (``AltLog (<any*>)``): written as given, not split at colons."""
    return entry.template.count("(<") == 1 and "(<any*>)" in entry.template


def _conf_value(entry: PureftpdConfEntry, value: str) -> str:
    if entry.option == "login":
        return value.split(":", 1)[1]
    if _whole(entry):
        return value
    parts = value.split(",") if entry.option == "certfile" else value.split(":")
    separator = ":" if "):(" in entry.template else " "
    return separator.join(parts)


@dataclass(frozen=True)
class ConfDir:
    """Files for /etc/pure-ftpd/conf/ and the links for /etc/pure-ftpd/auth/ (link name -> conf file)."""

    files: dict[str, str]
    auth_links: dict[str, str]


def conf_dir(server: Server, carry_extras: bool = True, extra: list[Setting] | None = None) -> ConfDir:
    files: dict[str, str] = {}
    links: dict[str, str] = {}
    for name, value in settings(server, carry_extras, extra):
        if name == "login":
            method, _, path = (value or "").partition(":")
            file = _LOGIN_FILES.get(method.lower())
            if file is not None:
                files[file] = (path or "yes") + "\n"
                links[f"{10 * (len(links) + 1):02d}{method.lower()}"] = file
            continue
        option = catalog.pureftpd().options[name]
        if not option.debian_files:
            continue
        file, parser = option.debian_files[0]
        if value is None:
            files[file] = "yes\n"
        elif parser in ("number_2", "number_2_unlimited", "umask", "number_1_2"):
            files[file] = value.replace(":", " ") + "\n"
        else:
            files[file] = value + "\n"
    return ConfDir(files, links)
