"""``ftpconf lint DIR``: the FTP configurations in a tree, and the files that start an FTP daemon.

What is taken, by name: a daemon's own file (``vsftpd*.conf``, ``proftpd*.conf``, ``pure-ftpd*.conf``:
the dialects' ``file_hints`` before ``.conf``); the files of a proftpd ``conf.d/`` folder that has no
``proftpd*.conf`` beside it (one that has is read through that file's Include); a directory a dialect
reads as one configuration (Debian's pure-ftpd ``conf/``), taken whole; and the files ``launchers``
recognises by name (Dockerfile, compose file, systemd unit, supervisord.conf, ``*.sh``) when a word
in them names a daemon's program, so that a tree's unrelated Dockerfiles are not reported.

What is skipped: ``exclude`` (built-in list below, or the project's, or ``--exclude``) plus
``extend-exclude`` globs, and what git ignores (``git check-ignore`` inside a work tree, else the
``.gitignore`` files read simply: no negation).  Paths named on the command line are always linted.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ftpconf.dialects import registry
from ftpconf.selection import matches_glob

if TYPE_CHECKING:
    from ftpconf.project_config import Resolver

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
)
MAX_LAUNCHER_BYTES = 1024 * 1024  # a launcher bigger than this is not a hand-written one
_OWN_FILE = re.compile(
    "(?:" + "|".join(re.escape(h) for d in registry.DIALECTS for h in d.file_hints) + r")[^/]*\.conf", re.I
)


def expand(paths: Iterable[str], resolver: Resolver) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """Each path as given, except a directory no dialect reads whole (as before discovery, whatever its
    name): the configurations found in it.  A directory with none is an input error (exit 2): a CI job
    pointed at the wrong folder must not pass."""
    out: list[str] = []
    errors: list[dict[str, str]] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path) or any(d.code.reads_directory(path) for d in registry.DIALECTS):
            out.append(path)
            continue
        found = find(path, resolver.for_path(path).excludes())
        if not found:
            errors.append(
                {
                    "path": path,
                    "message": f"{path}: is a directory with no FTP configuration or daemon "
                    "launcher in it (vsftpd*.conf, proftpd*.conf, pure-ftpd*.conf, Dockerfile, ...)",
                }
            )
        out.extend(found)
    return tuple(out), errors


def find(top: str, excludes: Iterable[tuple[str, Path]]) -> list[str]:
    excludes = tuple(excludes)
    candidates = sorted(_walk(top, excludes))
    ignored = _ignored(top, candidates)
    return [path for path in candidates if path not in ignored]


def _walk(top: str, excludes: tuple[tuple[str, Path], ...]) -> Iterator[str]:
    simple = _SimpleGitignore() if _work_tree(top) is None else None
    whole: list[str] = []  # directories taken whole: nothing below them is taken whole again
    for folder, dirs, files in os.walk(top):
        if simple is not None:
            simple.enter(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not _excluded(os.path.join(folder, d), excludes)
            and not (simple and simple.ignored(os.path.join(folder, d), True))
        )
        if folder != top and not any(_within(folder, w) for w in whole) and _read_whole(folder):
            whole.append(folder)
            yield os.path.normpath(folder)
        for name in sorted(files):
            path = os.path.join(folder, name)
            if _excluded(path, excludes) or (simple and simple.ignored(path, False)):
                continue
            if _is_config(path) or _is_launcher(path):
                yield os.path.normpath(path)


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)


def _excluded(path: str, excludes: tuple[tuple[str, Path], ...]) -> bool:
    return any(matches_glob(glob.rstrip("/"), path, base) for glob, base in excludes)


def _read_whole(folder: str) -> bool:
    """A directory that the dialect its path names reads as one configuration."""
    named = registry.by_name(os.path.join(folder, "_"))
    return named is not None and named.code.reads_directory(folder)


def _is_config(path: str) -> bool:
    name = os.path.basename(path)
    if _OWN_FILE.fullmatch(name):
        return True
    parent = os.path.dirname(path)
    if os.path.basename(parent) != "conf.d" or not name.endswith(".conf"):
        return False
    owner = os.path.dirname(parent)
    named = registry.by_name(os.path.join(parent, name))
    if named is None:
        return False
    siblings = os.listdir(owner) if os.path.isdir(owner) else []
    return not any(_OWN_FILE.fullmatch(s) and registry.by_name(s) is named for s in siblings)


def _is_launcher(path: str) -> bool:
    from ftpconf import carriers

    if carriers.recognise(path, "") is None:
        return False
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_LAUNCHER_BYTES).decode("utf-8", "replace")
    except OSError:
        return True  # unreadable: lint says so, with the reason
    words = text.split()
    # Any word naming a daemon's program: which line starts it is the launcher reader's business.
    return any(registry.names_program(w.strip("\"'[],")) or registry.settings_directory(w) for w in words)


# -- what git ignores ----------------------------------------------------------------------------------


def _work_tree(folder: str) -> str | None:
    import subprocess  # only for a directory: a lint of named files starts without it

    try:
        done = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _ignored(top: str, paths: list[str]) -> set[str]:
    """The paths git ignores (none outside a work tree: the simple reading has already dropped them)."""
    if not paths or _work_tree(top) is None:
        return set()
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", top, "check-ignore", "--stdin", "-z"],
            input="\0".join(os.path.relpath(p, top) for p in paths).encode("utf-8", "surrogateescape") + b"\0",
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    ignored = {os.path.normpath(p) for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p}
    return {p for p in paths if os.path.normpath(os.path.relpath(p, top)) in ignored}


class _SimpleGitignore:
    """``.gitignore`` files as most are written: globs, ``dir/`` for folders, ``/x`` anchored; no ``!``."""

    def __init__(self) -> None:
        self.rules: list[tuple[str, str, bool, bool]] = []  # (folder, glob, anchored, folders only)

    def enter(self, folder: str) -> None:
        try:
            text = Path(folder, ".gitignore").read_text("utf-8", "replace")
        except OSError:
            return
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "!")):
                continue
            folders_only = line.endswith("/")
            glob = line.strip("/")
            self.rules.append((folder, glob, "/" in line.rstrip("/"), folders_only))

    def ignored(self, path: str, is_dir: bool) -> bool:
        for folder, glob, anchored, folders_only in self.rules:
            if (folders_only and not is_dir) or not _within(path, folder):
                continue
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if anchored:
                if fnmatch.fnmatchcase(relative, glob):
                    return True
            elif any(fnmatch.fnmatchcase(part, glob) for part in relative.split("/")):
                return True
        return False
