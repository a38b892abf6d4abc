"""Address facts shared by the rules of every dialect."""

from __future__ import annotations

import ipaddress

from ftpconf.integers import decimal

_C_SPACE = " \t\n\v\f\r"


def ip_literal(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


# Names every resolver maps to loopback from /etc/hosts, wherever the daemon runs (Debian, RHEL, images).
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def loopback_name(text: str) -> ipaddress.IPv4Address | None:
    """127.0.0.1 for ``localhost`` (the daemons resolve it so: pure-ftpd -P and vsftpd pasv_addr_resolve
    advertise 127,0,0,1), None for any other text."""
    return ipaddress.IPv4Address("127.0.0.1") if text.rstrip(".").lower() in _LOOPBACK_NAMES else None


def inet_aton(text: str) -> ipaddress.IPv4Address | None:
    """glibc inet_aton(): 1 to 4 numbers in C notation (0x hex, 0 octal), e.g. "10.1" is 10.0.0.1."""
    end = next((i for i, ch in enumerate(text) if ch in _C_SPACE), len(text))  # it stops at a space
    parts = text[:end].split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_c_number(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 1 << (8 * (5 - len(values))):
        return None
    packed = 0
    for n in head:
        packed = packed << 8 | n
    return ipaddress.IPv4Address(packed << (8 * (4 - len(values) + 1)) | last if head else last)


def _c_number(text: str) -> int | None:
    lowered = text.lower()
    if lowered.startswith("0x"):
        digits, base = lowered[2:], 16
        allowed = "0123456789abcdef"
    elif text.startswith("0") and len(text) > 1:
        digits, base, allowed = text[1:], 8, "01234567"
    else:
        digits, base, allowed = text, 10, "0123456789"
    if base != 16 and not digits:
        return None
    if not all(ch in allowed for ch in digits):
        return None
    if not digits:
        return 0
    return decimal(digits) if base == 10 else int(digits, base)  # bases 8 and 16 have no digit limit


def inet_pton6(text: str) -> bool:
    if "%" in text or not text.isascii():
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def unroutable(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why no remote client can connect to ``address``, or None."""
    if address.is_unspecified:
        return "the unspecified address (it means 'any' when binding, nothing when advertised)"
    if address.is_loopback:
        return "a loopback address (only this host can reach it)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    return None


_PRIVATE = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """RFC 1918 / unique-local and carrier-grade NAT; not documentation ranges, which stand for public ones."""
    if address.version == 4 and address in _CGNAT:
        return "a carrier-grade NAT address (100.64.0.0/10)"
    if any(address.version == net.version and address in net for net in _PRIVATE):
        return "a private address"
    return None
