"""proftpd's syntax inside a line, as named pyparsing elements (docs/daemons/proftpd.md §1, §3, §5, §7).

grammar.py classifies lines; this says what a directive line holds.  proftpd splits a line into words
with ``pr_str_get_word``: words are separated by C whitespace; a word that starts with ``"`` runs to
the next ``"`` (or the end of the line) and inside it a backslash takes the next character literally;
a ``"`` elsewhere and a backslash outside quotes are plain characters; a word that starts with ``#``
ends the line.  ``%{env:NAME}`` is substituted inside words afterwards.  A section header is a line
whose first word starts with ``<``: a trailing ``>`` (glued to the last word or a word of its own) is
taken off the arguments; ``<Limit>`` arguments are command names, separated by commas as well.

Every element leaves whitespace alone unless it says otherwise and never expands tabs, so the
offsets it reports are offsets in the text it was given.  ``words.split_words`` keeps a fast path
for the usual line; tests/test_proftpd_syntax.py proves it equal to ``LINE_WORDS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyparsing as pp

SPACE = " \t\r\n\f\v"  # C isspace() in the "C" locale
# The token patterns, shared with the fast path in words.py.  A bare word cannot start with '"' (a quoted
# word) or '#' (a comment); later either is literal.  A quoted word is '"', then escaped characters or
# anything but '"', then the closing '"' -- or the end of the line, where a final backslash stays.
BARE_PATTERN = r'[^ \t\r\n\f\v"#][^ \t\r\n\f\v]*'
QUOTED_PATTERN = r'"(?P<body>(?:\\[\s\S]|[^"\\])*)(?P<end>"|\\?\Z)'
COMMENT_PATTERN = r"#[\s\S]*"
_ESCAPE = re.compile(r"\\([\s\S])")


@dataclass(frozen=True, slots=True)
class Word:
    """One argument as proftpd sees it; ``start``/``end`` are offsets of its written form in the line."""

    text: str
    start: int
    end: int
    quoted: bool = False


def _bare(_text: str, start: int, tokens: pp.ParseResults) -> Word:
    written: str = tokens[0]
    return Word(written, start, start + len(written))


def _quoted(_text: str, start: int, tokens: pp.ParseResults) -> Word:
    return quoted_word(tokens[0], tokens["body"], tokens["end"], start)


def quoted_word(written: str, body: str, end: str, start: int) -> Word:
    """The word a QUOTED_PATTERN match stands for: escapes resolved, an unterminated word's final backslash kept."""
    text = body + ("" if end == '"' else end)
    return Word(_ESCAPE.sub(r"\1", text) if "\\" in text else text, start, start + len(written), quoted=True)


def _spaced(element: pp.ParserElement) -> pp.ParserElement:
    """Skip C whitespace before ``element`` (pyparsing's default set lacks \\f and \\v)."""
    return element.set_whitespace_chars(SPACE, copy_defaults=False)


BARE_WORD = _spaced(pp.Regex(BARE_PATTERN)).set_parse_action(_bare).set_name("bare word")
QUOTED_WORD = _spaced(pp.Regex(QUOTED_PATTERN)).set_parse_action(_quoted).set_name("quoted word")
WORD = (QUOTED_WORD | BARE_WORD).set_name("word")
COMMENT = _spaced(pp.Regex(COMMENT_PATTERN)).set_name("comment")
for _element in (BARE_WORD, QUOTED_WORD, WORD, COMMENT):
    _element.parse_with_tabs()  # offsets are offsets in the line
# The words of a directive line, up to the end or a trailing comment.
LINE_WORDS = (pp.ZeroOrMore(WORD) + pp.Opt(COMMENT).suppress() + _spaced(pp.StringEnd())).set_name("directive words")
LINE_WORDS.parse_with_tabs()


def parse_words(line: str) -> list[Word]:
    """The words of one logical line, as proftpd splits them; never fails."""
    return list(LINE_WORDS.parse_string(line, parse_all=True))


# -- %{env:NAME} ------------------------------------------------------------------------------------------

ENV_REFERENCE = (
    pp.Regex(r"%\{env:(?P<name>[^}]*)\}").leave_whitespace().parse_with_tabs().set_name("%{env:NAME} reference")
)


# -- section headers ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectionTag:
    """The first word of a section line as written: ``<Limit``, ``<Global>``, ``</Limit>``."""

    name: str  # lower-cased, ``>`` taken off; may be "" (``<>``)
    closing: bool


SECTION_TAG = (
    pp.Regex(r"<(?P<closing>/?)(?P<name>[\s\S]*?)>*\Z")
    .leave_whitespace()
    .parse_with_tabs()
    .set_parse_action(lambda t: SectionTag(t["name"].lower(), bool(t["closing"])))
    .set_name("section tag")
)


@dataclass(frozen=True, slots=True)
class SectionHeader:
    """``<Limit READ WRITE>`` or ``</Limit>`` after proftpd's handling of ``>``.

    ``directive`` is what proftpd looks up (``<Limit>``, ``</Limit>``); ``args`` are the arguments with the
    glued ``>`` taken off (their offsets still cover the written word); ``close_at`` is the offset of the
    ``>`` that ends the header.
    """

    directive: Word
    args: tuple[Word, ...]
    close_at: int

    @property
    def name(self) -> str:
        return self.directive.text.strip("</>")

    @property
    def closing(self) -> bool:
        return self.directive.text.startswith("</")


def section_words(words: list[Word]) -> list[Word]:
    """``<Limit READ>`` -> ``<Limit>`` + ``READ``: how proftpd turns a header's words into a directive.

    Applied to the words after ``%{env:}`` substitution; anything else is returned unchanged."""
    if len(words) < 2 or not words[0].text.startswith("<") or not words[-1].text.endswith(">"):
        return words
    last = words[-1]
    rest = words[1:-1] if last.text == ">" else [*words[1:-1], Word(last.text[:-1], last.start, last.end - 1)]
    head = words[0]
    name = head.text if head.text.endswith(">") else head.text + ">"
    return [Word(name, head.start, head.end, head.quoted), *rest]


def _header(_text: str, _start: int, tokens: pp.ParseResults) -> SectionHeader:
    words: list[Word] = list(tokens)
    massaged = section_words(words)
    if len(words) == 1:  # <Global>, </Limit>: the word's own '>' closes it
        return SectionHeader(words[0], (), words[0].end - 1)
    last = words[-1]
    close_at = last.start if last.text == ">" else last.end - 1
    return SectionHeader(massaged[0], tuple(massaged[1:]), close_at)


def _is_header(tokens: pp.ParseResults) -> bool:
    words: list[Word] = list(tokens)
    return bool(words) and words[0].text.startswith("<") and words[-1].text.endswith(">")


# A header is a directive line whose first word starts with '<' and whose last word ends with '>'.
SECTION_HEADER = (
    (pp.OneOrMore(WORD) + pp.Opt(COMMENT).suppress() + _spaced(pp.StringEnd()))
    .add_condition(_is_header)
    .add_parse_action(_header)
    .set_name("section header")
)
SECTION_HEADER.parse_with_tabs()


def parse_section_header(line: str) -> SectionHeader | None:
    """The header a line holds, None when it is not one (``<Limit`` without ``>``, a plain directive)."""
    try:
        header: SectionHeader = SECTION_HEADER.parse_string(line, parse_all=True)[0]
    except pp.ParseException:
        return None
    return header


# -- <Limit> command lists --------------------------------------------------------------------------------

COMMAND_NAME = pp.Regex(r"[^,]+").leave_whitespace().set_name("command name")
# One <Limit> argument: names separated by commas; empty names (",," or a trailing ",") are dropped.
LIMIT_ARGUMENT = (
    (pp.ZeroOrMore(COMMAND_NAME | pp.Suppress(",")) + pp.StringEnd())
    .leave_whitespace()
    .parse_with_tabs()
    .set_name("<Limit> argument")
)


def limit_argument_commands(argument: str) -> list[str]:
    """The command names one ``<Limit>`` argument lists, as written (``PORT,EPRT`` -> PORT, EPRT)."""
    if "," not in argument:  # the usual argument is one name: tests prove this equal to the grammar
        return [argument] if argument else []
    return list(LIMIT_ARGUMENT.parse_string(argument, parse_all=True))
