"""vsftpd's option values (ftpconf/dialects/vsftpd/syntax.py): each named element against values measured
on the binary (docs/daemons/vsftpd.md; V/N numbers name the cases), then values.py's fast paths proved
equal to the grammar."""

from __future__ import annotations

import pyparsing as pp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftpconf.dialects.vsftpd import syntax, values
from ftpconf.dialects.vsftpd.values import UintReading

PROPERTY = settings(max_examples=200, derandomize=True, deadline=None)


@pytest.mark.parametrize("text", ["YES", "yes", "Yes", "true", "TRUE", "1"])  # V18-V22
def test_true(text: str) -> None:
    assert syntax.TRUE.parse_string(text)[0] is True
    assert syntax.boolean(text) is True


@pytest.mark.parametrize("text", ["NO", "no", "false", "0"])  # V23-V25
def test_false(text: str) -> None:
    assert syntax.FALSE.parse_string(text)[0] is False
    assert syntax.boolean(text) is False


@pytest.mark.parametrize("text", ["on", "off", "y", "2", "01", '"YES"', "YES ", "YES\t", " YES", "YES=NO", "", "yeſ"])
def test_refused_booleans(text: str) -> None:  # V8, V9, V11, V26-V31, V34, V47; toupper() is ASCII only
    assert syntax.boolean(text) is None
    with pytest.raises(pp.ParseException):
        syntax.BOOLEAN.parse_string(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("077", 63), ("022", 18), ("0022", 18), ("08", 0), ("0778", 63), ("0x1F", 0), ("0-1", 0), ("0666", 438)],
)
def test_octal(text: str, value: int) -> None:  # N1, N3-N8, N10
    reading = syntax.OCTAL.parse_string(text)[0]
    assert (reading.value, reading.octal) == (value, True)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("77", 77),  # N2
        ("666", 666),  # N9
        ("-1", 4294967295),  # N12
        ("+21", 21),  # N14
        ("1.5", 1),  # N15
        ("99999999999", 1215752191),  # N16
        ("4294967297", 1),  # N17
        ("-5", 4294967291),  # N18
        (" 2121", 2121),  # N19
        ("2121abc", 2121),  # N20
        (" 077", 77),  # N40: a leading space defeats octal
        ("\t022", 22),  # N42
    ],
)
def test_decimal(text: str, value: int) -> None:
    reading = syntax.DECIMAL.parse_string(text)[0]
    assert (reading.value, reading.octal) == (value, False)
    assert syntax.unsigned(text).value == value


def test_unsigned_without_digits_is_zero() -> None:
    for text in ("abc", "0x10"[1:], "", " ", "-"):  # N11, N13
        assert syntax.unsigned(text) == UintReading(0, False, 0, 0)
    assert syntax.UNSIGNED.parse_string("0x10")[0] == UintReading(0, True, 1, 0)  # N13: "0" then junk


@pytest.mark.parametrize(
    ("text", "value"),
    [("hi", "hi"), ("  spaced  ", "spaced"), ("\t tabbed\t ", "tabbed"), ("x\v", "x"), ("hi\r", "hi"),
     ("a  b", "a  b"), ('"quoted"', '"quoted"'), ("a=b", "a=b"), ("", None), ("   ", None)],
)  # fmt: skip
def test_string(text: str, value: str | None) -> None:  # N26-N39
    assert syntax.string(text) == value


# -- fast paths == grammar --------------------------------------------------------------------------------

VALUES = st.lists(
    st.sampled_from(["0", "7", "8", "9", "12", "YES", "no", "True", "fAlSe", "1", " ", "\t", "\v", "+", "-", "x", "ſ"]),
    max_size=6,
).map("".join)


@PROPERTY
@given(VALUES)
def test_parse_bool_equals_the_grammar(text: str) -> None:
    assert values.parse_bool(text) == syntax.boolean(text)


@PROPERTY
@given(st.one_of(VALUES, st.from_regex(r"\A[ \t]?[+-]?[0-9]{1,25}[a-z.]?\Z")))
def test_parse_uint_equals_the_grammar(text: str) -> None:
    assert values.parse_uint(text) == syntax.unsigned(text)


@PROPERTY
@given(VALUES)
def test_trim_string_equals_the_grammar(text: str) -> None:
    assert values.trim_string(text) == syntax.string(text)
