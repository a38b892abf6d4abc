"""Which carrier of daemon command lines a file is (Dockerfile, compose file, systemd unit, supervisord
configuration, shell script), by its name, else its content.

Every lint asks this of every file, and nearly every file is none, so this module holds nothing else: the
carrier readers and their types (``ftpconf.launchers``) are imported only for a file that is one.
"""

from __future__ import annotations

import re
from pathlib import PurePath

# (module, kind): tried in this order
CARRIERS = (
    ("dockerfile", "Dockerfile"),
    ("compose", "compose file"),
    ("systemd", "systemd unit"),
    ("supervisord", "supervisord configuration"),
    ("shell", "shell script"),
)

_BY_NAME = (
    ("dockerfile", re.compile(r"(?:dockerfile|containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:dockerfile|containerfile)")),
    ("compose", re.compile(r"(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml")),
    ("systemd", re.compile(r"[\w@.:-]+\.service")),
    ("supervisord", re.compile(r"supervisord\.conf")),
    ("shell", re.compile(r"[\w.@-]+\.(?:sh|bash)")),
)
_BY_CONTENT = (
    ("compose", re.compile(r"^services:[ \t]*(?:#[^\n]*)?$", re.M)),
    ("systemd", re.compile(r"^\[Service\][ \t]*$.*^[ \t]*ExecStart[ \t]*=", re.M | re.S)),
    ("supervisord", re.compile(r"^\[program:[^\]\n]+\]", re.M)),
    ("shell", re.compile(r"\A#![ \t]*(?:/usr)?/bin/(?:env[ \t]+)?(?:ba|da|a|k|z)?sh\b")),
)


def recognise(path: str, text: str) -> str | None:
    """The carrier module a file is for (its name first, then its content); None for anything else."""
    name = PurePath(path).name.lower()
    if name.endswith(".cmdline"):
        return None  # a bare pure-ftpd command line: the dialect reads it
    for module, pattern in _BY_NAME:
        if pattern.fullmatch(name):
            return module
    head = text[:20000]
    if _starts_like_a_dockerfile(head):
        return "dockerfile"
    for module, pattern in _BY_CONTENT:
        if pattern.search(head):
            return module
    return None


_FROM = re.compile(r"FROM\s+\S", re.I)
_ARG = re.compile(r"ARG(?:\s|$)", re.I)


def _starts_like_a_dockerfile(text: str) -> bool:
    """The first line that is not blank, a comment or an ARG is a FROM.  Line by line, not one regex:
    nested repetition over comment lines backtracks exponentially on a banner of '#' characters."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _ARG.match(stripped):
            continue
        return _FROM.match(stripped) is not None
    return False
