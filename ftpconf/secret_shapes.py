"""Secrets by shape: a setting that carries a password is masked whatever the file is read as.

Each dialect knows its own secret-bearing settings (``DialectCode.secrets``).  That misses a secret
written where its dialect's reader does not look: a misspelt ``SQLConectInfo db@host user p4ss``,
a proftpd line in a file read as vsftpd, pure-ftpd's ``MYSQLPassword`` in the wrong file.  So every
line of every file is also looked at for its shape: a name followed by values, where the name is

- within a small edit distance of a secret-bearing name of any dialect (the same argument
  positions are masked), or
- unknown to every catalogue and says what it holds: ``password``, ``passwd``, ``passphrase``,
  ``secret`` or ``token`` anywhere in it, or ``key``/``pw``/``pass`` as its last part (every value
  is masked, except a path: the file holding a key is not the key).

A name that some catalogue knows and does not mark secret is never masked by shape: masking
``SQLPasswordEngine on`` would mask every "on" in the report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ftpconf.dialects.secret import Secret
    from ftpconf.suggest import Suggester

_SECRET_WORDS = ("password", "passwd", "passphrase", "secret", "token")
_SECRET_LAST_PARTS = frozenset({"key", "pw", "pass", "pwd"})
# One setting per line: a name, then `=`, `:` or blanks, then its values (vsftpd, pure-ftpd, proftpd).
_LINE = re.compile(r"^[ \t]*(?P<name>[A-Za-z][\w.-]*)(?:[ \t]*[=:][ \t]*|[ \t]+)(?P<rest>[^\n]*)$", re.MULTILINE)
_WORD = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[^ \t\r\n]+')
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def in_text(path: str, text: str) -> Iterator[Secret]:
    """The values in ``text`` that a secret-bearing name (known, misspelt or telling) gives."""
    for match in _LINE.finditer(text):
        positions = secret_positions(match["name"])
        if positions is None:
            continue
        rest_at = match.start("rest")
        from ftpconf.dialects.secret import Secret  # only for a secret-bearing name: most files have none

        words = list(_WORD.finditer(match["rest"]))
        for index, word in enumerate(words, start=1):
            if positions and index not in positions:
                continue
            value = word.group(0).rstrip("\r")
            if not positions and value.startswith("/"):
                continue  # a path to the key, not the key
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                yield Secret(path, rest_at + word.start() + 1, rest_at + word.start() + len(value) - 1, value[1:-1])
            elif value:
                yield Secret(path, rest_at + word.start(), rest_at + word.start() + len(value), value)


@functools.lru_cache(maxsize=4096)
def secret_positions(name: str) -> frozenset[int] | None:
    """Which values (1-based; empty: all of them) a setting called ``name`` keeps secret; None: not secret."""
    folded = name.lower()
    known = _known_secrets()
    if folded in known:
        return frozenset(known[folded])
    if _telling(name) and not _known_elsewhere(folded):
        return frozenset()
    near = _near_secret(folded)
    if near is not None and not _known_elsewhere(folded):
        return frozenset(known[near])
    return None


def is_secret_name(name: str) -> bool:
    return secret_positions(name) is not None


def _telling(name: str) -> bool:
    folded = name.lower()
    if any(word in folded for word in _SECRET_WORDS):
        return True
    parts = _PARTS.findall(name.replace("_", " ").replace("-", " "))
    return bool(parts) and parts[-1].lower() in _SECRET_LAST_PARTS


def _known_secrets() -> dict[str, tuple[int, ...]]:
    """Secret-bearing names of every dialect, lower case, with the argument positions they keep secret."""
    from ftpconf._catalogs.secrets import SECRET_ARGS

    return SECRET_ARGS


def _near_secret(folded: str) -> str | None:
    matches = _secret_suggester().suggest(folded) if len(folded) >= 6 else []
    return matches[0] if matches else None


@functools.cache
def _secret_suggester() -> Suggester:
    from ftpconf.suggest import Suggester

    return Suggester(_known_secrets(), cutoff=0.85, limit=1)


@functools.cache
def _known_names() -> frozenset[str]:
    """Every setting name some catalogue knows, lower case (loaded only when a name looks secret)."""
    from ftpconf import catalog

    names = {name.lower() for name in catalog.vsftpd().options}
    names.update(name.lower() for name in catalog.proftpd().directives)
    names.update(entry.key.lower() for entry in catalog.pureftpd().conf_entries)
    names.update(catalog.pureftpd().options)  # long flag names
    return frozenset(names)


def _known_elsewhere(folded: str) -> bool:
    return folded in _known_names()
