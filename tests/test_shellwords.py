"""ftpconf/shellwords.py: the one scanner of shell words, and what the shell's expansions make of a word."""

from __future__ import annotations

import pytest

from ftpconf.dialects.pureftpd.cmdline import split_words
from ftpconf.shellwords import Expanded, expand

ENVIRON = {"HOST": "ftp.example.org", "EMPTY": "", "TWO": "-A -E"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$HOST", Expanded(("ftp.example.org",))),
        ('"$HOST"', Expanded(("ftp.example.org",))),
        ("$EMPTY", Expanded(())),  # unquoted and empty: no word at all
        ('"$EMPTY"', Expanded(("",))),  # quoted: one empty word
        ("$TWO", Expanded(("-A", "-E"))),  # unquoted: split into fields
        ('"$TWO"', Expanded(("-A -E",))),
        # not known to be unset: the environment decides, default or not
        ("${UNSET:-30000:30099}", Expanded(("${UNSET:-30000:30099}",), ("${UNSET:-30000:30099}",))),
        ("${EMPTY:-x}", Expanded(("x",))),
        ("${EMPTY-x}", Expanded(())),  # set (to nothing): no default
        ("${HOST:+-P $HOST}", Expanded(("-P", "ftp.example.org"))),
        ("'$HOST'", Expanded(("$HOST",))),  # single quotes: no expansion
        ("-P\\ x", Expanded(("-P x",))),
        ("$UNSET", Expanded(("$UNSET",), ("$UNSET",))),  # not known here: kept as written
        ('"$(hostname -f)"', Expanded(("$(hostname -f)",), ("$(hostname -f)",))),
        ("${UNSET:?required}", Expanded(("${UNSET:?required}",), ("${UNSET:?required}",))),
    ],
)
def test_expand(raw: str, expected: Expanded) -> None:
    assert expand(raw, ENVIRON) == expected


def test_pure_ftpd_words_come_from_the_shared_scanner() -> None:
    text = 'pure-ftpd -P "$HOST" -c 5 \\\n  -p 30000:30009 2>&1 | tee log # comment'
    words = [(w.text, w.column, w.dynamic, w.operator) for w in split_words(text)]
    assert words == [
        ("pure-ftpd", 1, False, False),
        ("-P", 11, False, False),
        ("$HOST", 14, True, False),
        ("-c", 22, False, False),
        ("5", 25, False, False),
        ("-p", 31, False, False),
        ("30000:30009", 34, False, False),
        ("2>&1", 46, False, False),
        ("|", 51, False, True),
        ("tee", 53, False, False),
        ("log", 57, False, False),
    ]
    assert [w.text for w in split_words("-P $HOST -A", {"HOST": ""})] == ["-P", "-A"]
