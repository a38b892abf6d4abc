"""The C number parsers pure-ftpd uses on option values (glibc semantics, 64-bit unsigned long)."""

from __future__ import annotations

import re

from ftpconf.integers import parse_signed

ULONG_MAX = (1 << 64) - 1
UINT_MAX = (1 << 32) - 1
_C_SPACE = " \t\n\v\f\r"
_FLOAT = re.compile(
    r"[ \t\n\v\f\r]*[+-]?(?:inf(?:inity)?|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", re.I
)


def strtoul(text: str, base: int) -> tuple[int, int]:
    """(value, characters used); used is 0 when no digits were read.  A '-' negates modulo 2**64."""
    pos = len(text) - len(text.lstrip(_C_SPACE))
    negative = False
    if text[pos : pos + 1] in ("+", "-"):
        negative = text[pos] == "-"
        pos += 1
    if base in (0, 16) and text[pos : pos + 2].lower() == "0x" and _digit(text[pos + 2 : pos + 3], 16) is not None:
        base, pos = 16, pos + 2
    elif base == 0:
        base = 8 if text[pos : pos + 1] == "0" else 10
    first = pos
    value = 0
    while pos < len(text) and (digit := _digit(text[pos], base)) is not None:
        value = min(value * base + digit, ULONG_MAX + 1)  # bounded: past 64 bits it is clamped anyway
        pos += 1
    if pos == first:
        return 0, 0
    value = min(value, ULONG_MAX)  # ERANGE: clamped
    return ((-value) % (1 << 64) if negative else value), pos


def full_strtoul(text: str, base: int = 0) -> int | None:
    """strtoul that must consume the whole (non-empty) text, as the -c/-C/-a checks require."""
    value, used = strtoul(text, base)
    return value if text and used == len(text) else None


def strtol_full(text: str) -> int | None:
    """strtol(text, &end, 10) that must consume everything (the -u check)."""
    value = parse_signed(text.lstrip(_C_SPACE))
    if value is None:
        return None
    return max(min(value, (1 << 63) - 1), -(1 << 63))


def scan_pair(text: str) -> tuple[int, int] | None:
    """sscanf(text, "%u:%u") == 2; trailing text is ignored, values wrap to 32 bits.

    The fast path of ``syntax.PORT_RANGE`` (every PassivePortRange line meets it); proved equal in
    tests/test_pureftpd_syntax.py."""
    first, used = strtoul(text, 10)
    if not used or text[used : used + 1] != ":":
        return None
    second, used2 = strtoul(text[used + 1 :], 10)
    if not used2:
        return None
    return first & UINT_MAX, second & UINT_MAX


def atoi(text: str) -> int:
    value, used = strtoul(text, 10)
    if not used:
        return 0
    signed = value if value < 1 << 63 else value - (1 << 64)
    return ((signed + (1 << 31)) % (1 << 32)) - (1 << 31)


def strtod_full(text: str) -> float | None:
    match = _FLOAT.match(text)
    if not text or match is None or match.end() != len(text):
        return None
    return float(match.group(0).strip(_C_SPACE))


def _digit(ch: str, base: int) -> int | None:
    if not ch:
        return None
    value = int(ch, 36) if ch.isascii() and ch.isalnum() else None
    return value if value is not None and value < base else None
