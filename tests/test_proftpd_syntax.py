"""proftpd's in-line syntax (ftpconf/dialects/proftpd/syntax.py): each named element, then the fast
paths that stand in for it on the hot path, proved equal to it on generated lines.

The expected values come from docs/daemons/proftpd.md (the P-numbers name cases measured on the binary)."""

from __future__ import annotations

import pyparsing as pp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftpconf.dialects.proftpd import grammar, reader, syntax
from ftpconf.dialects.proftpd.blocks import Block
from ftpconf.dialects.proftpd.limits import limit_commands
from ftpconf.dialects.proftpd.syntax import Word
from ftpconf.dialects.proftpd.words import expand_env, split_words
from ftpconf.source import ReadOptions, SourceFile

PROPERTY = settings(max_examples=200, derandomize=True, deadline=None)


def texts(line: str) -> list[str]:
    return [w.text for w in syntax.parse_words(line)]


# -- words ------------------------------------------------------------------------------------------------


def test_bare_word_keeps_quotes_hashes_and_backslashes_after_its_first_character() -> None:
    assert syntax.BARE_WORD.parse_string('ab"c')[0] == Word('ab"c', 0, 4)  # P28
    assert syntax.BARE_WORD.parse_string("mod_x.c#c")[0] == Word("mod_x.c#c", 0, 9)  # P4
    assert syntax.BARE_WORD.parse_string('a\\"b.c')[0].text == 'a\\"b.c'  # P26: no escapes outside quotes


def test_bare_word_cannot_start_a_comment_or_a_quoted_word() -> None:
    for text in ("#c", '"x"'):
        with pytest.raises(pp.ParseException):
            syntax.BARE_WORD.parse_string(text)


def test_quoted_word_resolves_backslash_escapes() -> None:
    assert syntax.QUOTED_WORD.parse_string('"a\\"b"')[0] == Word('a"b', 0, 6, quoted=True)  # P25
    assert syntax.QUOTED_WORD.parse_string('"a\\\\b"')[0].text == "a\\b"
    assert syntax.QUOTED_WORD.parse_string('"mod with space.c"')[0].text == "mod with space.c"  # P23


def test_quoted_word_may_be_empty_or_unterminated() -> None:
    assert syntax.QUOTED_WORD.parse_string('""')[0] == Word("", 0, 2, quoted=True)  # P29
    assert syntax.QUOTED_WORD.parse_string('"abc def')[0] == Word("abc def", 0, 8, quoted=True)  # P27
    assert syntax.QUOTED_WORD.parse_string('"a\\')[0].text == "a\\"  # nothing left to escape: kept
    assert syntax.QUOTED_WORD.parse_string('"a\\"')[0].text == 'a"'  # the last quote is escaped


def test_words_are_split_on_c_whitespace_and_offsets_are_in_the_line() -> None:
    assert syntax.parse_words('  LoadModule\t"a b"\f\vx') == [
        Word("LoadModule", 2, 12),
        Word("a b", 13, 18, quoted=True),
        Word("x", 20, 21),
    ]
    assert texts("'a b'") == ["'a", "b'"]  # P24: single quotes are not special
    assert texts('"a"b') == ["a", "b"]  # the closing quote ends the word
    assert syntax.QUOTED_WORD.parse_string('\t"a\tb"')[0] == Word("a\tb", 1, 6, quoted=True)  # tabs kept


def test_a_word_starting_with_hash_ends_the_line() -> None:
    assert texts("ServerName x # c") == ["ServerName", "x"]  # P3
    assert texts('ServerName "x"#c') == ["ServerName", "x"]  # right after a closing quote too
    assert texts('LoadModule "a#b.c"') == ["LoadModule", "a#b.c"]  # P5: literal inside quotes
    assert syntax.COMMENT.parse_string("  # c d")[0] == "# c d"


def test_line_words_never_fail() -> None:
    for line in ("", "   ", '"', "\\", "#", '"\\', "é \x00"):
        syntax.parse_words(line)


# -- %{env:NAME} ------------------------------------------------------------------------------------------


def test_env_reference_names_the_variable() -> None:
    assert syntax.ENV_REFERENCE.parse_string("%{env:FTPVAR}")["name"] == "FTPVAR"
    assert syntax.ENV_REFERENCE.parse_string("%{env:}")["name"] == ""
    with pytest.raises(pp.ParseException):
        syntax.ENV_REFERENCE.parse_string("%{env:FTPVAR")  # P54: unterminated is literal


def test_expand_env_substitutes_each_reference_and_reports_unset_ones() -> None:
    assert expand_env("x%{env:UNSET}y.c", {}) == ("xy.c", ["UNSET"])  # P49
    assert expand_env("%{env:A}-%{env:A}", {"A": "a b"}) == ("a b-a b", [])  # P51: not re-split
    assert expand_env("%{env:FTPVAR", {"FTPVAR": "zz"}) == ("%{env:FTPVAR", [])  # P54
    assert expand_env("$FTPVAR", {"FTPVAR": "zz"}) == ("$FTPVAR", [])  # P55


# -- section headers --------------------------------------------------------------------------------------


def test_section_tag_reads_the_first_word_as_written() -> None:
    assert syntax.SECTION_TAG.parse_string("<Limit")[0] == syntax.SectionTag("limit", closing=False)
    assert syntax.SECTION_TAG.parse_string("</LIMIT>")[0] == syntax.SectionTag("limit", closing=True)
    assert syntax.SECTION_TAG.parse_string("<>")[0] == syntax.SectionTag("", closing=False)


@pytest.mark.parametrize(
    ("line", "directive", "args"),
    [
        ("<Limit READ>", "<Limit>", ["READ"]),
        ("<Limit READ >", "<Limit>", ["READ"]),  # P72
        ("<Directory /tmp >", "<Directory>", ["/tmp"]),  # P73
        ('<Directory "/srv/my dir">', "<Directory>", ["/srv/my dir"]),
        ("<Global>", "<Global>", []),
        ("</Limit>", "</Limit>", []),
        ("</Limit READ>", "</Limit>", ["READ"]),  # P70: parsed, then refused for its argument
        ("<limit read> # c", "<limit>", ["read"]),  # P18
    ],
)
def test_section_header(line: str, directive: str, args: list[str]) -> None:
    header = syntax.parse_section_header(line)
    assert header is not None
    assert header.directive.text == directive
    assert [a.text for a in header.args] == args
    assert line[header.close_at] == ">"


def test_section_header_offsets_exclude_the_glued_closer() -> None:
    header = syntax.parse_section_header("  <Limit PORT,PASV>")
    assert header is not None
    assert header.args == (Word("PORT,PASV", 9, 18),)
    assert header.close_at == 18
    assert header.name == "Limit"
    assert not header.closing


def test_a_line_without_a_closing_angle_bracket_is_not_a_header() -> None:
    assert syntax.parse_section_header("<Limit READ") is None  # P71: unknown directive '<Limit'
    assert syntax.parse_section_header("ServerName x>") is None
    assert syntax.parse_section_header("") is None


# -- <Limit> command lists --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "commands"),
    [
        ("PORT", ["PORT"]),
        ("PORT,PASV", ["PORT", "PASV"]),  # P101
        ("PORT,", ["PORT"]),  # P102 once split into words: "PORT," "PASV"
        (",,EPRT,,", ["EPRT"]),
        (",", []),
        ("PORT PASV", ["PORT PASV"]),  # a quoted argument stays one (unknown) name
    ],
)
def test_limit_argument(argument: str, commands: list[str]) -> None:
    assert list(syntax.LIMIT_ARGUMENT.parse_string(argument, parse_all=True)) == commands
    assert syntax.limit_argument_commands(argument) == commands


def test_limit_commands_are_case_insensitive_and_split_on_commas() -> None:
    assert limit_commands(Block("Limit", ("port,", "Pasv", "EPRT,EPSV"))) == {"PORT", "PASV", "EPRT", "EPSV"}


# -- fast paths == grammar --------------------------------------------------------------------------------

# The characters that matter to the grammar, plus ordinary and non-ASCII ones.
_PIECES = st.sampled_from(
    [" ", "\t", "\r", "\f", "\v", '"', "\\", "#", "<", ">", "/", ",", "a", "Limit", "%{env:X}", "%{env:", "}", "é"]
)
LINES = st.lists(_PIECES, max_size=16).map("".join)


@PROPERTY
@given(LINES)
def test_split_words_equals_the_grammar(line: str) -> None:
    assert split_words(line) == syntax.parse_words(line)


@PROPERTY
@given(st.lists(st.sampled_from(["PORT", "pasv", ",", " ", "E", "\t"]), max_size=8).map("".join))
def test_limit_fast_path_equals_the_grammar(argument: str) -> None:
    assert syntax.limit_argument_commands(argument) == list(
        syntax.LIMIT_ARGUMENT.parse_string(argument, parse_all=True)
    )


@PROPERTY
@given(LINES)
def test_tree_section_tags_equal_the_grammar(line: str) -> None:
    """grammar.Logical.opener/closer slice the first word (every line asks); SECTION_TAG says the same."""
    [logical] = grammar.parse("p", line + "\n").logical
    if logical.kind != "directive" or not logical.first.tag:
        return
    tag: syntax.SectionTag = syntax.SECTION_TAG.parse_string(logical.first.tag, parse_all=True)[0]
    expected = tag.name or None
    assert (logical.closer, logical.opener) == ((expected, None) if tag.closing else (None, expected))


def test_reader_massages_headers_after_env_substitution() -> None:
    """The reader applies ``syntax.section_words`` (no copy of its own) to the substituted words."""
    options = ReadOptions(modules=(), environ={"CMDS": "READ>"})
    result = reader.read(SourceFile("t.conf", b"<Limit %{env:CMDS}\nDenyAll\n</Limit>\n"), options)
    assert [(b.kind, b.args) for b in result.root.blocks()] == [("Limit", ("READ",))]
    assert not result.diagnostics
