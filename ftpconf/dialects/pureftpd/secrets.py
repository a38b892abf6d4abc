"""Secrets in pure-ftpd files: the passwords of its SQL and LDAP flavour files (``secret_keys``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ftpconf import catalog
from ftpconf.dialects.secret import Secret


def in_text(path: str, text: str) -> Iterator[Secret]:
    """``MYSQLPassword x`` and the like: lines of the flavours' own files, should one be linted by mistake."""
    keys = catalog.pureftpd().secret_keys
    if not keys or not any(key.lower() in text.lower() for key in keys):
        return
    pattern = re.compile(
        r"^[ \t]*(?:" + "|".join(map(re.escape, keys)) + r")(?:[ \t]*[=:][ \t]*|[ \t]+)(?P<value>[^\n]*?)[ \t\r]*$",
        re.IGNORECASE | re.MULTILINE,
    )
    for match in pattern.finditer(text):
        if match["value"]:
            yield Secret(path, match.start("value"), match.end("value"), match["value"])
