"""Where a proftpd fragment's main file is: the file that includes a linted ``conf.d/*.conf``.

Debian's proftpd.conf ends with ``Include /etc/proftpd/conf.d/``; a repository keeps the same tree.
A fragment is linted inside its main file (ftpconf/parts.py), which is the project's
``[proftpd] main`` when set, else a ``proftpd.conf`` in the fragment's directory or up to
MAIN_SEARCH_LEVELS above it (not past a repository's top, the directory holding ``.git``).
"""

from __future__ import annotations

import os

from ftpconf.source import ReadOptions

MAIN_NAME = "proftpd.conf"
MAIN_SEARCH_LEVELS = 3  # conf.d/x.conf -> ../proftpd.conf; deeper trees name their main file in the project


def main_files(path: str, options: ReadOptions) -> list[str]:
    """The files that may include ``path``, nearest first, spelled relative to ``path`` as it was given."""
    if options.proftpd_main is not None:
        return [] if _same(options.proftpd_main, path) else [options.proftpd_main]
    found = []
    directory = os.path.dirname(path) or "."
    for _ in range(MAIN_SEARCH_LEVELS + 1):
        candidate = os.path.normpath(os.path.join(directory, MAIN_NAME))
        if os.path.isfile(candidate) and not _same(candidate, path):
            found.append(candidate)
        if os.path.isdir(os.path.join(directory, ".git")) or os.path.abspath(directory) == "/":
            break
        directory = os.path.normpath(os.path.join(directory, os.pardir))
    return found


def is_fragment(path: str) -> bool:
    """A file in a ``*.d`` directory (conf.d/, modules.d/, proftpd.d/) is read only through an Include."""
    return os.path.basename(os.path.dirname(os.path.abspath(path))).endswith(".d")


def _same(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)
