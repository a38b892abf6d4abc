"""Numbers read from input: ASCII digits only, of bounded length.

Every daemon (and every firewall tool) reads numbers with C's ``atoi``/``strtol``/``strtoul``/``%u``,
which know the ASCII digits ``0``-``9`` and nothing else. Python's ``str.isdigit()`` is also true for
``²`` (which ``int()`` then refuses), ``\\d`` and ``int()`` accept ``٣`` (which no daemon does), and
``int()`` refuses more than 4,300 digits. So a number from input is read here and nowhere else:

- ``is_digits``: one or more ASCII digits, nothing else;
- ``decimal``: their value, saturating at ``CAP`` (larger than any value a daemon stores: a 64-bit
  number has 20 digits), so callers keep their C semantics (strtol saturates, then a cast truncates)
  without ever converting thousands of digits;
- ``parse_decimal`` / ``parse_signed``: a whole text as a number, or None.
"""

from __future__ import annotations

DIGITS = "0123456789"
MAX_DIGITS = 40  # significant digits read; a longer number reads as CAP
CAP: int = 10**MAX_DIGITS


def is_digits(text: str) -> bool:
    """One or more ASCII digits and nothing else (``str.isdigit()`` also accepts ``²`` and ``٣``)."""
    return bool(text) and text.isascii() and text.isdigit()


def digits_end(text: str, start: int = 0) -> int:
    """The end of the run of ASCII digits that starts at ``start`` (``start`` itself when there is none)."""
    end = start
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    return end


def decimal(digits: str) -> int:
    """The value of ASCII ``digits``, at most ``CAP``; ValueError for anything but ASCII digits."""
    if not is_digits(digits):
        raise ValueError(f"not ASCII digits: {digits[:20]!r}")
    significant = digits.lstrip("0")
    if len(significant) > MAX_DIGITS:
        return CAP
    return int(significant or "0")


def parse_decimal(text: str) -> int | None:
    """The whole ``text`` as ASCII digits (no sign, no space), capped at ``CAP``; None for anything else."""
    return decimal(text) if is_digits(text) else None


def parse_signed(text: str) -> int | None:
    """An optional ``+``/``-`` then ASCII digits, the whole text; capped at ``±CAP``; None for anything else."""
    sign = -1 if text[:1] == "-" else 1
    value = parse_decimal(text[1:] if text[:1] in ("+", "-") else text)
    return None if value is None else sign * value
