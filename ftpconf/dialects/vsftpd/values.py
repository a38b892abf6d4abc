"""How vsftpd 3.0.3 turns value text into values (parseconf.c, measured: docs/daemons/vsftpd.md §2).

The fast paths of syntax.py's grammar: they run for every value of a file, and
tests/test_vsftpd_syntax.py proves them equal to it.
"""

from ftpconf.dialects.vsftpd.grammar import C_SPACE
from ftpconf.integers import CAP, decimal
from ftpconf.records import Record

TRUE_WORDS = frozenset({"YES", "TRUE", "1"})
FALSE_WORDS = frozenset({"NO", "FALSE", "0"})
UINT_MOD = 1 << 32
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1


def c_upper(text: str) -> str:
    """toupper() on each byte: only ASCII letters change."""
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in text)


def parse_bool(text: str) -> bool | None:
    word = c_upper(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


class UintReading(Record):
    value: int  # as stored: unsigned 32-bit
    octal: bool  # read as octal (first byte "0")
    used: int  # number of characters the conversion consumed
    exact: int  # the mathematical value before wrapping (for range warnings)

def parse_uint(text: str) -> UintReading:
    """Octal if the first byte is "0" (leading zeros, then digits 0-7), else C atoi(); never fails."""
    if text.startswith("0"):
        value, exact, i = 0, 0, 0
        while i < len(text) and "0" <= text[i] <= "7":
            value = (value * 8 + ord(text[i]) - 48) % UINT_MOD  # shifts in 32 bits
            exact = min(exact * 8 + ord(text[i]) - 48, CAP)  # bounded: past 32 bits only "too large" matters
            i += 1
        return UintReading(value, True, i, exact)
    i = 0
    while i < len(text) and text[i] in C_SPACE:
        i += 1
    sign = 1
    if i < len(text) and text[i] in "+-":
        sign = -1 if text[i] == "-" else 1
        i += 1
    start = i
    while i < len(text) and "0" <= text[i] <= "9":
        i += 1
    if i == start:
        return UintReading(0, False, 0, 0)
    exact = sign * decimal(text[start:i])
    saturated = min(max(exact, _LONG_MIN), _LONG_MAX)  # strtol() saturates, then (int) truncates
    return UintReading(saturated % UINT_MOD, False, i, exact)


def blank_or_comment(rest: str) -> bool:
    """What follows a number's digits is blank or a `#` comment: atoi stops before it, so the number is
    as written (`max_clients=5 #EDIT HERE` is 5).  Other text (`5m`, `30000-30100`) was meant and is lost."""
    after = rest.lstrip(C_SPACE)
    return not after or after.startswith("#")


def trim_string(text: str) -> str | None:
    """Debian's build trims C whitespace around string values; nothing left means unset."""
    trimmed = text.strip(C_SPACE)
    return trimmed or None
