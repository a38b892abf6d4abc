"""The checks pure-ftpd makes on option values while it reads its options (ftpd.c, verified on the binary).

Each failing check makes the daemon answer ``421 <message>`` and exit 252 before it serves anyone;
``check`` returns that message.  Checks that need the host (certificate files, DNS) are not here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field

from ftpconf.dialects.pureftpd import cnum
from ftpconf.dialects.pureftpd.flags import Flag
from ftpconf.dialects.pureftpd.syntax import auth_spec

CONF = "Configuration error: "
ALTLOG_FORMATS = ("clf", "stats", "w3c", "xferlog")


@dataclass
class CheckState:
    """What a check remembers between options: the daemon keeps the first -O log format it saw."""

    altlog_format: str | None = None
    seen: set[str] = field(default_factory=set)


def _ports(value: str, _: CheckState) -> str | None:
    pair = cnum.scan_pair(value)
    if pair is None or pair[0] < 1024 or pair[1] > 65535 or pair[1] < pair[0]:
        return f"{CONF}Illegal ports range: {value}"
    return None


def _user_limit(value: str, _: CheckState) -> str | None:
    number = cnum.full_strtoul(value)
    if number is None or number & cnum.UINT_MAX == 0:
        return f"{CONF}Illegal user limit: {value}"
    return None


def _per_user(value: str, _: CheckState) -> str | None:
    return None if cnum.scan_pair(value) is not None else f"{CONF}Illegal user limit: {value}"


def _trusted_gid(value: str, _: CheckState) -> str | None:
    return None if cnum.full_strtoul(value) is not None else f"{CONF}Illegal trusted gid for chroot: {value}"


def _bandwidth(value: str, _: CheckState) -> str | None:
    up, colon, down = value.partition(":")
    parts = [p for p in ((up, down) if colon else (value,)) if p]
    if not parts or any(cnum.strtoul(p, 0)[0] * 1024 % (1 << 64) == 0 for p in parts):
        return f"{CONF}Illegal value for throttling: {value}"
    return None


def _certfile(value: str, _: CheckState) -> str | None:
    cert, comma, key = value.partition(",")
    return f"{CONF}TLS" if not cert or (comma and not key) else None


def _tls(value: str, _: CheckState) -> str | None:
    return None if 0 <= cnum.atoi(value) <= 3 else f"{CONF}TLS"


def _login(value: str, _: CheckState) -> str | None:
    return None if auth_spec(value) is not None else f"Unknown authentication method: {value}"


def _load(value: str, _: CheckState) -> str | None:
    number = cnum.strtod_full(value)
    return None if number is not None and number > 0 else f"{CONF}Illegal load limit: {value}"


def _altlog(value: str, state: CheckState) -> str | None:
    prefix, colon, path = value.partition(":")
    if colon:
        if prefix.lower() in ALTLOG_FORMATS:
            state.altlog_format = prefix.lower()
        elif state.altlog_format is None:
            return f"{CONF}Unknown logging format: {prefix}"
    else:
        path = value
        state.altlog_format = state.altlog_format or "clf"
    return None if path.startswith("/") else f"{CONF}Prohibited file name: {path}"


def _ls_limits(value: str, _: CheckState) -> str | None:
    pair = cnum.scan_pair(value)
    return None if pair is not None and min(pair) >= 1 else f"{CONF}Illegal 'ls' limits: {value}"


def _quota(value: str, _: CheckState) -> str | None:
    return None if cnum.scan_pair(value) is not None else f"{CONF}Invalid quota: {value}"


def _ratio(value: str, _: CheckState) -> str | None:
    pair = cnum.scan_pair(value)
    return None if pair is not None and min(pair) >= 1 else f"{CONF}Illegal upload/download ratio: {value}"


def _min_uid(value: str, _: CheckState) -> str | None:
    number = cnum.strtol_full(value)
    return None if number is not None and number >= 0 else f"{CONF}Illegal uid limit: {value}"


def _umask(value: str, _: CheckState) -> str | None:
    files, colon, dirs = value.partition(":")
    parts = [p for p in ((files, dirs) if colon else (value,)) if p]
    if not parts or any(cnum.strtoul(p, 8)[0] > 0o777 for p in parts):
        return f"{CONF}Invalid umask: {value}"
    return None


def _trusted_ip(value: str, _: CheckState) -> str | None:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return f"{CONF}Illegal trusted IP address"
    return None


CHECKS: dict[str, Callable[[str, CheckState], str | None]] = {
    "passiveportrange": _ports,
    "maxclientsnumber": _user_limit,
    "maxclientsperip": _user_limit,
    "peruserlimits": _per_user,
    "trustedgid": _trusted_gid,
    "anonymousbandwidth": _bandwidth,
    "userbandwidth": _bandwidth,
    "certfile": _certfile,
    "tls": _tls,
    "login": _login,
    "maxload": _load,
    "altlog": _altlog,
    "limitrecursion": _ls_limits,
    "quota": _quota,
    "anonymousratio": _ratio,
    "userratio": _ratio,
    "minuid": _min_uid,
    "umask": _umask,
    "trustedip": _trusted_ip,
}


def check(flag: Flag, state: CheckState) -> str | None:
    """The daemon's 421 message if this option stops it, else None."""
    if flag.option.name == "help":
        return "help: the daemon prints its option list and exits instead of serving"
    handler = CHECKS.get(flag.option.name)
    if handler is None or flag.value is None:
        return None
    return handler(flag.value, state)
