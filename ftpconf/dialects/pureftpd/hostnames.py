"""Which ForcePassiveIP values can never resolve, whatever DNS says."""

from __future__ import annotations

import re

from ftpconf.netaddr import ip_literal

_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")


def never_resolves(value: str) -> bool:
    """Not an IP address and not a possible host name, or a name in the reserved ``.invalid`` domain."""
    if ip_literal(value) is not None:
        return False
    name = value.rstrip(".")
    if not name or len(name) > 253 or name.lower().endswith(".invalid") or name.lower() == "invalid":
        return True
    return not all(_LABEL.fullmatch(label) for label in name.split("."))


def is_hostname(value: str) -> bool:
    return ip_literal(value) is None and not never_resolves(value)
