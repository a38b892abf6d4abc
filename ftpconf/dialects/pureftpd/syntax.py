"""pure-ftpd's option values and short-option words, as named pyparsing elements (docs/daemons/pureftpd.md §2).

grammar.py classifies the lines of pure-ftpd.conf and simpleconf.py matches them against the daemon's
templates; this says what the values the daemon reads look like:

- a port range ``first:last``, read with ``sscanf("%u:%u")``: each number may have C whitespace and a
  sign before it, text after the second is ignored (cnum.scan_pair is its fast path, proved equal);
- a listen spec (``-S``, Debian's ``Bind``): ``[address],[port]`` split at the *first* comma, or a
  port alone;
- an authentication spec (``-l``): a method name matched as a case-insensitive prefix
  (``strncasecmp``), then ``:file`` (``puredb:/etc/pureftpd.pdb``); other text after the name is ignored;
- a word of short options as getopt reads it: letters bundle (``-EN``), and the first letter that
  takes a value takes the rest of the word (``-c5``) or, when nothing is left, the next word (``-c 5``).

Elements leave whitespace alone and never expand tabs: values are taken as the daemon gets them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyparsing as pp

from ftpconf import catalog
from ftpconf.catalog_pureftpd import PureftpdOption
from ftpconf.integers import decimal

UINT_MAX = (1 << 32) - 1
ULONG_MAX = (1 << 64) - 1
AUTH_METHODS = ("unix", "pam", "puredb", "extauth")  # compiled into Debian's vanilla binary


def _exact(element: pp.ParserElement) -> pp.ParserElement:
    """No whitespace skipping (recursively), no tab expansion: the value as the daemon gets it."""
    return element.leave_whitespace().parse_with_tabs()


# -- port ranges --------------------------------------------------------------------------------------------


def _unsigned(tokens: pp.ParseResults) -> int:
    """%u: strtoul base 10, clamped to ULONG_MAX, a '-' negating modulo 2**64, stored in 32 bits."""
    value = min(decimal(tokens["digits"]), ULONG_MAX)
    if tokens["sign"] == "-":
        value = -value % (1 << 64)
    return value & UINT_MAX


UNSIGNED = _exact(pp.Regex(r"[ \t\n\v\f\r]*(?P<sign>[+-]?)(?P<digits>[0-9]+)")).set_parse_action(_unsigned)
UNSIGNED.set_name("%u number")
PORT_RANGE = _exact(UNSIGNED("first") + pp.Suppress(":") + UNSIGNED("last") + pp.Regex(r"[\s\S]*").suppress())
PORT_RANGE.set_name("port range first:last")


def port_range(text: str) -> tuple[int, int] | None:
    """``PORT_RANGE`` as a pair, None when sscanf would not read two numbers."""
    try:
        found = PORT_RANGE.parse_string(text, parse_all=True)
    except pp.ParseException:
        return None
    return found["first"], found["last"]


# -- listen specs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListenSpec:
    """``-S 127.0.0.1,2121``: an empty part leaves the daemon's earlier (or default) value in place."""

    address: str
    port: str


_ADDRESS = _exact(pp.Regex(r"[^,]*")).set_name("listen address")
_PORT = _exact(pp.Regex(r"[\s\S]*")).set_name("listen port")
LISTEN_SPEC = _exact((_ADDRESS("address") + pp.Suppress(",") + _PORT("port")) | pp.Regex(r"[^,]*")("port"))
LISTEN_SPEC.set_name("listen spec [address,]port")
LISTEN_SPEC.set_parse_action(lambda t: ListenSpec(t.get("address", ""), t["port"]))


def listen_spec(text: str) -> ListenSpec:
    spec: ListenSpec = LISTEN_SPEC.parse_string(text, parse_all=True)[0]
    return spec


# -- authentication specs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuthSpec:
    method: str  # lower case
    file: str | None  # the text after "name:", None when there is none


@functools.cache
def auth_spec_element(methods: tuple[str, ...] = AUTH_METHODS) -> pp.ParserElement:
    """``-l`` values for a binary that knows ``methods`` (the MySQL flavour adds ``mysql``, ...)."""
    names = "|".join(re.escape(m) for m in sorted(methods, key=len, reverse=True))
    method = _exact(pp.Regex(rf"(?P<method>{names})", flags=re.IGNORECASE | re.ASCII)).set_name("auth method")
    file = _exact(pp.Regex(r":(?P<file>[\s\S]*)")).set_name(":file")
    rest = _exact(pp.Regex(r"[\s\S]*")).suppress()  # strncasecmp on the name only: the rest is ignored
    element = _exact(method + pp.Opt(file) + rest).set_name("auth spec method[:file]")
    return element.set_parse_action(lambda t: AuthSpec(t["method"].lower(), t.get("file") or None))


AUTH_SPEC = auth_spec_element()


def auth_spec(text: str, methods: tuple[str, ...] = AUTH_METHODS) -> AuthSpec | None:
    """The method ``-l text`` selects, None when the daemon stops with ``Unknown authentication method``."""
    try:
        spec: AuthSpec = auth_spec_element(methods).parse_string(text, parse_all=True)[0]
    except pp.ParseException:
        return None
    return spec


# -- short options --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShortOption:
    """One letter of a ``-xyz`` word.  ``option`` None: getopt's ``invalid option``.  ``value`` is the
    rest of the word for an option that takes one ("" when the value is the next word)."""

    letter: str
    option: PureftpdOption | None
    value: str | None = None


@dataclass(frozen=True)
class ShortOptionGrammar:
    flag: pp.ParserElement  # a letter without a value
    valued: pp.ParserElement  # a letter that takes a value, with the rest of the word
    unknown: pp.ParserElement  # any other character
    word: pp.ParserElement  # '-' and the letters


def _letters(letters: list[str]) -> str:
    return "[" + "".join(re.escape(letter) for letter in sorted(letters)) + "]" if letters else "(?!)"


def short_option_grammar(by_short: Mapping[str, PureftpdOption]) -> ShortOptionGrammar:
    plain = [letter for letter, option in by_short.items() if letter and not option.argument]
    takes = [letter for letter, option in by_short.items() if letter and option.argument]
    flag = _exact(pp.Regex(_letters(plain))).set_name("short flag")
    flag.set_parse_action(lambda t: ShortOption(t[0], by_short[t[0]]))
    valued = _exact(pp.Regex(rf"(?P<letter>{_letters(takes)})(?P<value>[\s\S]*)")).set_name("short option and value")
    valued.set_parse_action(lambda t: ShortOption(t["letter"], by_short[t["letter"]], t["value"]))
    unknown = _exact(pp.Regex(r"[\s\S]")).set_name("unknown short option")
    unknown.set_parse_action(lambda t: ShortOption(t[0], None))
    word = _exact(pp.Suppress("-") + pp.ZeroOrMore(flag | valued | unknown)).set_name("short options word")
    return ShortOptionGrammar(flag, valued, unknown, word)


@functools.cache
def short_options_grammar() -> ShortOptionGrammar:
    return short_option_grammar(catalog.pureftpd().by_short)


def short_options(word: str) -> list[ShortOption]:
    """The letters of one ``-xyz`` argv word, in order."""
    return list(short_options_grammar().word.parse_string(word, parse_all=True))
