"""The table of a server's effective settings: value, where it came from, and where it differs from the file.

A row is flagged (``differs``) only where the declared text and the effective value can be compared
without knowing the directive's meaning: numbers, port ranges and addresses.  Booleans are not
compared, because the declared word often belongs to a negated directive (pure-ftpd ``NoAnonymous
yes`` means anonymous *off*).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ftpconf.integers import parse_decimal
from ftpconf.model import Origin, Server, Setting, TlsMode
from ftpconf.show.where import where
from ftpconf.source import printable

# What each daemon does when every port of the passive range is taken (docs/daemons/<daemon>.md §4; proftpd.md §8).
RANGE_BUSY = {
    "drop": ("drop the session", "drops the next PASV's session (500 OOPS: vsf_sysutil_bind)"),
    "any-port": ("any port (outside)", "falls back to any port, outside the range"),
    "refuse": ("refuse with 425", "answers 425 and does not fall back"),
}


@dataclass(frozen=True)
class Row:
    group: str
    label: str
    effective: str
    source: str  # the origin, as where() words it
    origin: Origin | None  # None: a fact of the daemon, not a setting
    declared: str | None = None
    differs: str | None = None  # e.g. "declared 20480-10240": the daemon does something else


def settings_of(server: Server, base: str | None) -> tuple[Row, ...]:
    return tuple(_rows(server, base))


def _rows(server: Server, base: str | None) -> Iterator[Row]:
    listen, active, passive = server.listen, server.active, server.passive

    def row(group: str, label: str, setting: Setting[Any], shown: str | None = None) -> Row:
        effective = shown if shown is not None else _value(setting.effective)
        return Row(
            group, label, effective, where(setting.origin, base), setting.origin, setting.declared, _differs(setting)
        )

    group = "control connection"
    yield row(group, "standalone daemon", listen.standalone, None if listen.standalone.effective else "no (inetd)")
    yield row(group, "listen address", listen.address, listen.address.effective or "all addresses")
    yield row(group, "control port", listen.port)
    versions = "+".join(v for v, on in (("IPv4", listen.ipv4), ("IPv6", listen.ipv6)) if on) or "none"
    yield Row(group, "IP versions", versions, "from the listen settings", None)

    group = "active mode: PORT, EPRT"
    yield row(group, "active mode", active.enabled)
    source = active.source_port.effective
    yield row(group, "connects from port", active.source_port, "any (kernel picks)" if source is None else str(source))
    yield row(group, "to a foreign address", active.allow_foreign_address)

    group = "passive mode: PASV, EPSV"
    yield row(group, "passive mode", passive.enabled)
    yield _range_row(server, base)
    yield Row(group, "when the range is full", RANGE_BUSY[passive.range_fallback][0], "how the daemon behaves", None)
    advertised = passive.advertised_address
    yield row(group, "advertised address", advertised, advertised.effective or "not set")
    yield row(group, "resolve a name", passive.resolve_hostname)
    yield row(group, "from a foreign address", passive.allow_foreign_address)

    group = "TLS"
    tls = server.tls
    yield row(group, "TLS", tls.mode)
    if tls.mode.effective is TlsMode.OFF:
        yield Row(group, "(other TLS settings)", "do not apply", "TLS is off", None)
    else:
        yield row(group, "required for login", tls.required_for_login)
        yield row(group, "required for data", tls.required_for_data)
        yield row(group, "for anonymous users", tls.anonymous_allowed)
        yield row(group, "protocols", tls.protocols)
        yield row(group, "session reuse required", tls.session_reuse_required)

    group = "access"
    access = server.access
    yield row(group, "anonymous login", access.anonymous)
    if access.anonymous.effective:
        yield row(group, "anonymous upload", access.anonymous_upload)
        yield row(group, "anonymous mkdir", access.anonymous_mkdir)
        yield row(group, "anonymous rename, delete", access.anonymous_other_write)
    yield row(group, "local users", access.local_users)
    if access.virtual_users.effective:
        yield row(group, "virtual users", access.virtual_users)
    yield row(group, "write commands", access.write)
    yield row(group, "chroot local users", access.chroot_local_users)
    if access.chroot_local_users.effective:
        yield row(group, "writable chroot allowed", access.writable_chroot_allowed)

    group = "limits"
    limits = server.limits
    yield row(group, "max clients", limits.max_clients, _limit(limits.max_clients.effective))
    yield row(group, "max per IP address", limits.max_per_ip, _limit(limits.max_per_ip.effective))

    group = "other settings"
    for extra in server.extras:
        value = "" if extra.value is None else printable({"True": "yes", "False": "no"}.get(extra.value, extra.value))
        yield Row(group, printable(extra.name), value, where(extra.origin, base), extra.origin, extra.value)


def _range_row(server: Server, base: str | None) -> Row:
    passive = server.passive
    low, high = passive.range_low, passive.range_high
    effective = str(passive.effective_range)
    declared: str | None = None
    differs: str | None = None
    if low.effective is not None or high.effective is not None:
        declared = f"{'(unset)' if low.effective is None else low.effective}-" + (
            "(unset)" if high.effective is None else str(high.effective)
        )
        if (low.effective, high.effective) != (passive.effective_range.low, passive.effective_range.high):
            differs = f"declared {declared}"
    sources = [where(low.origin, base)]
    if high.origin != low.origin:
        sources.append(where(high.origin, base))
    group = "passive mode: PASV, EPSV"
    return Row(group, "passive port range", effective, "; ".join(sources), low.origin, declared, differs)


def _differs(setting: Setting[Any]) -> str | None:
    declared, effective = setting.declared, setting.effective
    if declared is None or isinstance(effective, (bool, Enum, tuple)):
        return None
    if effective is None:  # a number that is not in effect (e.g. vsftpd's limits outside standalone mode)
        text = declared.strip()
        return f"declared {text}, not in effect" if parse_decimal(text) not in (None, 0) else None
    if isinstance(effective, int):
        text = declared.strip()
        if parse_decimal(text) not in (None, effective):
            return f"declared {text}"
        return None
    if isinstance(effective, str) and declared.strip() != effective:
        return f"declared {printable(declared.strip())}"
    return None


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "none"
    if value is None:
        return "none"
    return printable(str(value))


def _limit(value: int | None) -> str:
    return "unlimited" if value is None else str(value)
