"""proftpd's word splitting (pr_str_get_word) and ``%{env:NAME}`` substitution, for one logical line.

The syntax is syntax.py's grammar.  Splitting runs for every line, and pyparsing takes ~50 µs a line,
so it runs here as plain regular expressions made of the grammar's own token patterns (~1-3 µs);
tests/test_proftpd_syntax.py proves ``split_words`` equal to ``syntax.LINE_WORDS`` on generated lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ftpconf.dialects.proftpd.syntax import (
    BARE_PATTERN,
    COMMENT_PATTERN,
    ENV_REFERENCE,
    QUOTED_PATTERN,
    SPACE,
    Word,
    quoted_word,
)

__all__ = ["Word", "expand_env", "split_words"]

_PLAIN_WORD = re.compile(r"[^ \t\r\n\f\v]+")
_TOKEN = re.compile(
    rf"[{re.escape(SPACE)}]*(?:(?P<comment>{COMMENT_PATTERN})|(?P<quoted>{QUOTED_PATTERN})|(?P<bare>{BARE_PATTERN}))"
)


def split_words(line: str) -> list[Word]:
    """Words up to the end of the line or a word that starts with ``#`` (docs/daemons/proftpd.md §1)."""
    if '"' not in line and "#" not in line:  # the usual line: whitespace alone separates its words
        return [Word(m.group(), m.start(), m.end()) for m in _PLAIN_WORD.finditer(line)]
    words: list[Word] = []
    for match in _TOKEN.finditer(line):
        if match["comment"] is not None:
            break
        if match["quoted"] is not None:
            words.append(quoted_word(match["quoted"], match["body"], match["end"], match.start("quoted")))
        else:
            words.append(Word(match["bare"], match.start("bare"), match.end("bare")))
    return words


def expand_env(word: str, environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """Substitute ``%{env:NAME}`` (unset: empty); returns the text and the names that were unset."""
    if "%{env:" not in word:
        return word, []
    parts: list[str] = []
    unset: list[str] = []
    done = 0
    for tokens, start, end in ENV_REFERENCE.scan_string(word):
        name: str = tokens["name"]
        if name not in environ:
            unset.append(name)
        parts += (word[done:start], environ.get(name, ""))
        done = end
    parts.append(word[done:])
    return "".join(parts), unset
