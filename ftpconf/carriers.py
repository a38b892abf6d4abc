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

# (module, words the name or text must hold, pattern): the words are a cheap test first, so that a file that
# is no carrier (nearly all) compiles no pattern; the pattern alone decides.
_BY_NAME = (
    (
        "dockerfile",
        ("dockerfile", "containerfile"),
        r"(?:dockerfile|containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:dockerfile|containerfile)",
    ),
    ("compose", ("compose",), r"(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml"),
    ("systemd", (".service",), r"[\w@.:-]+\.service"),
    ("supervisord", ("supervisord.conf",), r"supervisord\.conf"),
    ("shell", (".sh", ".bash"), r"[\w.@-]+\.(?:sh|bash)"),
)
_BY_CONTENT = (
    ("compose", ("services:",), r"(?m)^services:[ \t]*(?:#[^\n]*)?$"),
    ("systemd", ("[Service]",), r"(?ms)^\[Service\][ \t]*$.*^[ \t]*ExecStart[ \t]*="),
    ("supervisord", ("[program:",), r"(?m)^\[program:[^\]\n]+\]"),
    ("shell", ("#!",), r"\A#![ \t]*(?:/usr)?/bin/(?:env[ \t]+)?(?:ba|da|a|k|z)?sh\b"),
)


def recognise(path: str, text: str) -> str | None:
    """The carrier module a file is for (its name first, then its content); None for anything else."""
    name = PurePath(path).name.lower()
    if name.endswith(".cmdline"):
        return None  # a bare pure-ftpd command line: the dialect reads it
    for module, words, pattern in _BY_NAME:
        if any(word in name for word in words) and re.fullmatch(pattern, name):
            return module
    head = text[:20000]
    if _starts_like_a_dockerfile(head):
        return "dockerfile"
    for module, words, pattern in _BY_CONTENT:
        if any(word in head for word in words) and re.search(pattern, head):
            return module
    return None


_FROM = r"(?i)FROM\s+\S"
_ARG = r"(?i)ARG(?:\s|$)"


def _starts_like_a_dockerfile(text: str) -> bool:
    """The first line that is not blank, a comment or an ARG is a FROM.  Line by line, not one regex:
    nested repetition over comment lines backtracks exponentially on a banner of '#' characters."""
    if "from" not in text.lower():
        return False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or re.match(_ARG, stripped):
            continue
        return re.match(_FROM, stripped) is not None
    return False
