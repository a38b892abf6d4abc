"""pure-ftpd's option values (ftpconf/dialects/pureftpd/syntax.py): each named element, and the
hand-written ``cnum.scan_pair`` that reads every port range of a big file, proved equal to the grammar.

Expected values come from docs/daemons/pureftpd.md §2 and the getopt/sscanf/strncasecmp rules it cites."""

from __future__ import annotations

import pyparsing as pp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftpconf import catalog
from ftpconf.dialects.pureftpd import cnum, syntax
from ftpconf.dialects.pureftpd.flags import Word, getopt
from ftpconf.dialects.pureftpd.syntax import AuthSpec, ListenSpec
from ftpconf.source import Span

PROPERTY = settings(max_examples=200, derandomize=True, deadline=None)


# -- port ranges ----------------------------------------------------------------------------------------------


def test_unsigned_reads_like_percent_u() -> None:
    assert syntax.UNSIGNED.parse_string("30000")[0] == 30000
    assert syntax.UNSIGNED.parse_string(" \t+21")[0] == 21
    assert syntax.UNSIGNED.parse_string("-1")[0] == cnum.UINT_MAX  # negated modulo 2**64, then 32 bits
    assert syntax.UNSIGNED.parse_string("4294967297")[0] == 1
    with pytest.raises(pp.ParseException):
        syntax.UNSIGNED.parse_string("x1")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("30000:30010", (30000, 30010)),
        ("40000:30000", (40000, 30000)),  # read; refused later by the range check
        ("30000:30010junk", (30000, 30010)),  # sscanf ignores the rest
        ("30000: 30010", (30000, 30010)),  # %u skips blanks
        ("\t30000:\v30010", (30000, 30010)),
        ("30000 :30010", None),  # ':' in the format is literal
        ("30000", None),
        ("30000-30010", None),
        ("", None),
    ],
)
def test_port_range(text: str, pair: tuple[int, int] | None) -> None:
    assert syntax.port_range(text) == pair


# -- listen specs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("127.0.0.1,2121", ListenSpec("127.0.0.1", "2121")),  # W34
        ("2121", ListenSpec("", "2121")),
        (",2121", ListenSpec("", "2121")),
        ("::1,21", ListenSpec("::1", "21")),
        ("a,b,c", ListenSpec("a", "b,c")),  # strchr: the first comma splits
        ("10.0.0.1,", ListenSpec("10.0.0.1", "")),
        ("a\t,\t21", ListenSpec("a\t", "\t21")),  # kept as written: no blanks skipped, no tabs expanded
        ("", ListenSpec("", "")),
    ],
)
def test_listen_spec(text: str, spec: ListenSpec) -> None:
    assert syntax.listen_spec(text) == spec
    assert syntax.LISTEN_SPEC.parse_string(text, parse_all=True)[0] == spec


# -- authentication specs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("puredb:/etc/pure-ftpd/pureftpd.pdb", AuthSpec("puredb", "/etc/pure-ftpd/pureftpd.pdb")),
        ("unix", AuthSpec("unix", None)),
        ("PAM", AuthSpec("pam", None)),  # strncasecmp
        ("unix:", AuthSpec("unix", None)),
        ("unixfoo", AuthSpec("unix", None)),  # a prefix match: the rest is ignored
        ("extauth:/run/ftpd.sock", AuthSpec("extauth", "/run/ftpd.sock")),
        ("puredb:/a\tb", AuthSpec("puredb", "/a\tb")),
        (" unix", None),
        ("mysql:/etc/mysql.conf", None),  # not in the vanilla binary
        ("ſnix", None),  # only ASCII letters fold (C locale)
        ("", None),
    ],
)
def test_auth_spec(text: str, spec: AuthSpec | None) -> None:
    assert syntax.auth_spec(text) == spec


def test_auth_spec_for_a_flavour_knows_its_method() -> None:
    assert syntax.auth_spec("MySQL:/etc/pure-ftpd/db/mysql.conf", ("unix", "mysql")) == AuthSpec(
        "mysql", "/etc/pure-ftpd/db/mysql.conf"
    )
    assert syntax.AUTH_SPEC.parse_string("pam:x")[0] == AuthSpec("pam", "x")


# -- short options --------------------------------------------------------------------------------------------


def letters(word: str) -> list[tuple[str, str | None, str | None]]:
    return [(s.letter, s.option.name if s.option else None, s.value) for s in syntax.short_options(word)]


def test_short_flag_and_valued_elements() -> None:
    grammar = syntax.short_options_grammar()
    assert grammar.flag.parse_string("E")[0].option.name == "noanonymous"
    assert grammar.valued.parse_string("p30000:30010")[0].value == "30000:30010"
    assert grammar.unknown.parse_string("8")[0].option is None
    with pytest.raises(pp.ParseException):
        grammar.flag.parse_string("p")  # -p takes a value


def test_short_options_bundle_until_a_letter_takes_the_rest() -> None:
    assert letters("-EN") == [("E", "noanonymous", None), ("N", "natmode", None)]
    assert letters("-Ec5") == [("E", "noanonymous", None), ("c", "maxclientsnumber", "5")]
    assert letters("-cE") == [("c", "maxclientsnumber", "E")]  # the E is -c's value
    assert letters("-c") == [("c", "maxclientsnumber", "")]  # the value is the next word
    assert letters("-8E") == [("8", None, None), ("E", "noanonymous", None)]  # removed option: invalid


def test_getopt_takes_a_short_option_value_from_the_next_word() -> None:
    words = [Word(text, Span("cmd", 1, column)) for column, text in enumerate(["-Ec", "5", "-p", "-1"], 1)]
    flags, problems = getopt(words)
    assert [(f.option.name, f.value) for f in flags] == [("noanonymous", None), ("maxclientsnumber", "5"),
                                                         ("passiveportrange", "-1")]  # fmt: skip
    assert problems == []
    flags, problems = getopt([Word("-8c", Span("cmd", 1))])
    assert flags == []
    assert [p.message for p in problems] == ["invalid option -- '8'", "option requires an argument -- 'c'"]


def test_every_catalogued_short_option_is_in_the_grammar() -> None:
    for letter, option in catalog.pureftpd().by_short.items():
        if letter:
            [found] = syntax.short_options(f"-{letter}")
            assert found.option == option


# -- fast path == grammar -------------------------------------------------------------------------------------

PAIRS = st.lists(st.sampled_from(["1", "0", "9", "30000", "99999999999999999999", ":", " ", "\t", "+", "-", "x"]),
                 max_size=8).map("".join)  # fmt: skip


@PROPERTY
@given(PAIRS)
def test_scan_pair_equals_the_grammar(text: str) -> None:
    assert cnum.scan_pair(text) == syntax.port_range(text)
