"""vsftpd 3.0.3's option values as named pyparsing elements (parseconf.c, measured: docs/daemons/vsftpd.md §2).

grammar.py splits a line at its first ``=``; this says how vsftpd reads the text after it:

- a boolean is the whole value, ``YES``/``TRUE``/``1`` or ``NO``/``FALSE``/``0`` after ``toupper()``
  on each byte (ASCII only; ``"YES "`` with a space is refused);
- an unsigned integer is octal when the first byte is ``0`` (``077`` is 63, ``08`` is 0), otherwise
  C ``atoi``: C whitespace, a sign, decimal digits, the rest ignored, no digits at all giving 0; the
  result is stored in 32 bits (``-1`` is 4294967295);
- a string loses the C whitespace around it (Debian's build); nothing left means unset.

values.py reads every value of a file with hand-written fast paths; tests/test_vsftpd_syntax.py proves
them equal to these elements on generated values.
"""

from __future__ import annotations

import re

import pyparsing as pp

from ftpconf.dialects.vsftpd.values import UINT_MOD, UintReading
from ftpconf.integers import CAP, decimal

_C_SPACE = r"[ \t\n\v\f\r]"
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1


def _exact(element: pp.ParserElement) -> pp.ParserElement:
    """No whitespace skipping, no tab expansion: the value as vsftpd gets it."""
    return element.leave_whitespace().parse_with_tabs()


_ASCII_CASELESS = re.IGNORECASE | re.ASCII  # toupper() in the C locale: 'ſ' is not 's'
TRUE = _exact(pp.Regex(r"(?:yes|true|1)\Z", flags=_ASCII_CASELESS)).set_parse_action(lambda: True).set_name("true")
FALSE = _exact(pp.Regex(r"(?:no|false|0)\Z", flags=_ASCII_CASELESS)).set_parse_action(lambda: False).set_name("false")
BOOLEAN = _exact(TRUE | FALSE).set_name("vsftpd boolean")


def _octal(tokens: pp.ParseResults) -> UintReading:
    written: str = tokens[0]
    value = int(written, 8)  # base 8 has no digit limit
    return UintReading(value % UINT_MOD, True, len(written), min(value, CAP))


def _decimal(_text: str, start: int, tokens: pp.ParseResults) -> UintReading:
    exact = (-1 if tokens["sign"] == "-" else 1) * decimal(tokens["digits"])
    saturated = min(max(exact, _LONG_MIN), _LONG_MAX)  # strtol() saturates, then (int) truncates
    return UintReading(saturated % UINT_MOD, False, start + len(tokens[0]), exact)


OCTAL = _exact(pp.Regex(r"0[0-7]*")).set_parse_action(_octal).set_name("octal number")
DECIMAL = _exact(pp.Regex(rf"{_C_SPACE}*(?P<sign>[+-]?)(?P<digits>[0-9]+)")).set_parse_action(_decimal)
DECIMAL.set_name("atoi number")
# What vsftpd reads from the start of the value; the rest of the value is ignored.
UNSIGNED = _exact(OCTAL | DECIMAL).set_name("vsftpd unsigned integer")

STRING = (
    _exact(pp.Regex(rf"{_C_SPACE}*(?P<text>[\s\S]*?){_C_SPACE}*\Z"))
    .set_parse_action(lambda t: [t["text"]])
    .set_name("vsftpd string")
)


def boolean(text: str) -> bool | None:
    """The value of a boolean option, None when vsftpd refuses it (``bad bool value``)."""
    try:
        value: bool = BOOLEAN.parse_string(text)[0]
    except pp.ParseException:
        return None
    return value


def unsigned(text: str) -> UintReading:
    """The value of an integer option; never refused (no digits: 0)."""
    try:
        reading: UintReading = UNSIGNED.parse_string(text)[0]
    except pp.ParseException:
        return UintReading(0, False, 0, 0)
    return reading


def string(text: str) -> str | None:
    """The value of a string option, None when it is unset (empty or blank)."""
    found: str = STRING.parse_string(text, parse_all=True)[0]
    return found or None
