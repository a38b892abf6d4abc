"""Which dialect-specific settings carry secrets, so exports leave them out (DESIGN invariant 6).

The catalogues mark them: a proftpd directive's ``secret_args`` (grammars/proftpd.toml).  vsftpd has
no secret option, and pure-ftpd keeps its passwords in the flavour files it names, not in its options.
"""

from __future__ import annotations

from functools import cache


@cache
def secret_names(dialect: str) -> frozenset[str]:
    """Lower-case names of ``dialect``'s settings that carry secrets."""
    if dialect != "proftpd":
        return frozenset()
    from ftpconf import catalog

    return frozenset(name for name, entry in catalog.proftpd().directives.items() if entry.secret)


def is_secret(dialect: str, name: str) -> bool:
    return name.lower() in secret_names(dialect)
