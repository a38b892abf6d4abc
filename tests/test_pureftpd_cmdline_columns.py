"""Findings on a command line point at the word that caused them, in every form a command line is written."""

from __future__ import annotations

import pytest

from ftpconf.dialects.pureftpd.cmdline import parse_invocation


@pytest.mark.parametrize(
    "command",
    [
        'CMD ["/usr/sbin/pure-ftpd", "-8", "UTF-8", "-p", "30000:30009"]',  # Dockerfile exec form
        "CMD /usr/sbin/pure-ftpd -8 UTF-8 -p 30000:30009",  # shell form
        'ENTRYPOINT [ "/usr/sbin/pure-ftpd",  "-8","UTF-8", "-p", "30000:30009" ]',
    ],
)
def test_each_word_has_its_own_column(command: str) -> None:
    words = parse_invocation(command).words
    for word in words:
        written = command[word.column - 1 :]
        assert written.removeprefix('"').startswith(word.text), (word.text, word.column)
    assert len({w.column for w in words}) == len(words)
