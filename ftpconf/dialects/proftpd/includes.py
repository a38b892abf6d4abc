"""proftpd's Include: which files one Include line reads, and reading them in turn.

A target is an absolute file, a directory (every entry but dot files, sorted, sub-directories
refused) or a glob in its last component (``IncludeOptions IgnoreWildcards`` turns that off,
``IgnoreTempFiles`` skips ``~`` and ``#...#`` files).  A loop crashes proftpd 1.3.8, so it is reported
and not followed; depth and the include budget shared with every reader keep hostile trees bounded
(invariant 4).  After an error in an included file proftpd stops reading the including files: the
statements it so drops are reported here too (INCLUDE_TRAP).
"""

from __future__ import annotations

import fnmatch
import os
import re

from ftpconf import host_codes
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.grammar import Logical
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.source import InputError, Span, printable, read_source

MAX_INCLUDE_DEPTH = 64
# Names proftpd's IncludeOptions IgnoreTempFiles skips, and backups nothing skips.
_TEMP_FILE = re.compile(r".*~$|^#.*#$")
_BACKUP_FILE = re.compile(r".*\.(bak|orig|old|swp|swo|dpkg-(old|dist|new|bak)|ucf-(old|dist|new)|rpmsave|rpmnew)$")
_GLOB = re.compile(r"[*?\[]")


class Includes(ReaderState):
    def _include_options(self, args: tuple[str, ...]) -> None:
        self.ignore_temp_files |= "IgnoreTempFiles" in args
        self.ignore_wildcards |= "IgnoreWildcards" in args

    def _include(self, st: Statement, target: str, span: Span) -> bool:
        if not target.startswith("/"):
            self.fatal(
                st,
                codes.INCLUDE_RELATIVE,
                span,
                f"fatal: Include: unable to use path for configuration file '{printable(target)}'",
            )
            return False
        for path in self._include_targets(target, span):
            # after an error in one file of a directory or glob, proftpd still reads the others, each with
            # its own one non-fatal error (docs/daemons/proftpd.md §4); the including file stops after this line
            self._include_file(st, path, span)
        return True

    def _include_targets(self, target: str, span: Span) -> list[str]:
        """The files to read, as paths here: the target is the server's path (``self.host`` maps it)."""
        directory, pattern = os.path.split(target)
        if _GLOB.search(directory) and not self.ignore_wildcards:  # 1.3.8 tries, and fails whatever exists
            self._missing(
                span, target, "No such file or directory", "proftpd expands wildcards only in the last component"
            )
            return []
        if _GLOB.search(pattern) and not self.ignore_wildcards:
            directory = os.path.dirname(self.host.resolve(target)) or "."
            if not os.path.isdir(directory):
                self._not_found(span, target)
                return []
            names = [n for n in _listdir(directory) if not n.startswith(".") and fnmatch.fnmatchcase(n, pattern)]
            return self._directory_entries(directory, names, span)
        local = self.host.resolve(target)
        if os.path.isdir(local):
            names = [n for n in _listdir(local) if not n.startswith(".")]
            return self._directory_entries(local, names, span)
        if not os.path.lexists(local):  # a symlink loop exists: reading it says ELOOP, as proftpd does
            stock = self._stock_modules_conf(target)
            self._not_found(span, target, None, *((stock,) if stock else ()))
            return []
        return [local]

    def _directory_entries(self, directory: str, names: list[str], span: Span) -> list[str]:
        files = []
        backups = []
        for name in sorted(names):
            path = os.path.join(directory, name)
            if os.path.isdir(path):
                self._missing(span, path, "Is a directory", "sub-directories of an included directory are not read")
                continue
            if _TEMP_FILE.match(name) and self.ignore_temp_files:
                continue
            if _TEMP_FILE.match(name) or _BACKUP_FILE.match(name):
                backups.append(name)
            files.append(path)
        if backups:
            self.diagnostics.append(
                codes.INCLUDE_BACKUPS.at(
                    span,
                    f"this Include also reads {', '.join(backups)} from {directory}: proftpd parses every file "
                    "of the directory whatever its name",
                    "include `*.conf` only, or put `IncludeOptions IgnoreTempFiles` above the Include "
                    "(it skips `~` files)",
                )
            )
        return files

    def _not_found(self, span: Span, target: str, unreadable: str | None = None, *notes: str) -> None:
        """A target this machine (or the root) lacks or may not read: a fact of this machine, said once."""
        if target in self.not_found:
            return
        self.not_found.add(target)
        if unreadable is None:
            problem = f"is not found {self.host.where(target)}"
            daemon = (
                "where the server lacks it too, proftpd 1.3.8 logs `warning: unable to include "
                f"'{printable(target)}': No such file or directory` and starts, reading the rest of this file"
            )
        else:
            problem = f"cannot be read here ({unreadable})"
            daemon = "proftpd reads its configuration as root, before dropping privileges"
        self.diagnostics.append(
            host_codes.INCLUDE_NOT_FOUND.at(
                span,
                f"`{printable(target)}` {problem}: the settings in it are not checked",
                daemon,
                *notes,
                "lint with `--root DIR` (the checked-in tree that is the server's /), or switch host checks off",
            )
        )

    def _missing(self, span: Span, target: str, reason: str, *notes: str) -> None:
        self.diagnostics.append(
            codes.INCLUDE_MISSING.at(
                span,
                f"proftpd cannot include '{printable(target)}' ({reason}) and starts without it",
                *notes,
            )
        )

    def _include_file(self, st: Statement, path: str, span: Span) -> None:
        real = os.path.realpath(path)
        if real in self.include_stack:
            cycle = [*self.include_stack[self.include_stack.index(real) :], real]
            self.diagnostics.append(
                codes.INCLUDE_LOOP.at(
                    span,
                    "include loop: " + " -> ".join(printable(p) for p in cycle) + ": proftpd 1.3.8 crashes (SIGSEGV)",
                )
            )
            return
        if st.depth + 1 > MAX_INCLUDE_DEPTH:
            self._missing(span, path, f"more than {MAX_INCLUDE_DEPTH} nested Includes; ftpconf stops here")
            return
        if not self.include_budget.admit(span, self.diagnostics):
            return
        try:
            source = read_source(path)
        except InputError as exc:
            if exc.reason == "no such file":  # e.g. a dangling symlink
                self._not_found(span, path)
            elif exc.reason.startswith("Permission"):  # this user's, not the daemon's
                self._not_found(span, path, exc.reason)
            else:
                self._missing(span, path, exc.reason)
            return
        self.include_stack.append(real)
        try:
            self.read_file(path, source.text, st.depth + 1)
        finally:
            self.include_stack.pop()

    def _dropped(self, path: str, logical: Logical) -> None:
        self.diagnostics.append(
            codes.INCLUDE_TRAP.at(
                Span(path, logical.first.number),
                f"proftpd silently ignores this line and the rest of {path}: an included file above had an error "
                "(`unable to include ...: Operation not permitted`), after which proftpd reads nothing more of "
                "the files that include it",
            )
        )


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []
