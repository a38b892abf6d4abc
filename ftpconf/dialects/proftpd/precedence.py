"""Which occurrence proftpd applies when a directive is repeated in one context: the catalogue's data.

Most directives are stored as config records in file order and looked up with ``find_config`` /
``get_param_ptr``, which return the first match: the **first** occurrence wins (PassivePorts,
MasqueradeAddress, Port and MaxClients measured on the Debian 1.3.8 binary).  A few handlers write
a global or the server record while parsing, so the **last** one wins.  ``TLSOptions`` is read in a loop that
ORs every occurrence together, and ``DefaultRoot`` in one that takes the first whose group
expression matches: neither makes an earlier line dead, so they are not listed.

The table is data: data/repeats.tsv (with how each row is known), generated into grammars/proftpd.toml.
Only the directives the model reads are listed: for the others ftpconf does not claim to know.
"""

from __future__ import annotations

from typing import Literal, cast

from ftpconf import catalog

Winner = Literal["first", "last"]


def winner(name: str) -> Winner | None:
    """Which occurrence of directive ``name`` proftpd applies; None where ftpconf does not know."""
    directive = catalog.proftpd().directive(name)
    if directive is None or directive.repeat not in ("first", "last"):
        return None
    return cast(Winner, directive.repeat)
