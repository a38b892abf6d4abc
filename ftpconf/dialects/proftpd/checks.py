"""The checks proftpd's handlers make on a directive's arguments, once the directive is known and allowed.

A wrong number of arguments or a value the handler refuses is an error (fatal, or the include trap:
state.py); ``PassivePorts`` with its two ports the wrong way round comes with a fix that swaps them.
Arguments past the documented ones are only a warning: most handlers ignore them silently, which
usually means a value with spaces that wanted quotes.
"""

from __future__ import annotations

import os
import re

from ftpconf import catalog, host_codes
from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.diagnostics import Edit, Fix
from ftpconf.dialects.proftpd import codes, crashes, values
from ftpconf.dialects.proftpd.blocks import Applied
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.dialects.proftpd.words import Word
from ftpconf.integers import is_digits
from ftpconf.source import Span, printable

_ENV = re.compile(r"%\{env:([^}]*)\}")

# Handlers that join all their arguments into one value (`Order allow, deny`).
JOINED_ARGS = frozenset({"Order", "Allow", "Deny"})


class Checks(ReaderState):
    def _check_args(self, st: Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> bool:
        """The handler's own argument checks; False when the line failed."""
        if not directive.accepts_count(len(args)):
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: {directive.name}: wrong number of parameters")
            return False
        unset = any(name not in self.environ for name in _ENV.findall(st.raw_word(1) or ""))
        problem = values.check(directive, args, from_environment=unset, loaded=frozenset(self.modules))
        if problem is not None:
            lname = directive.name.lower()
            rule = {"passiveports": codes.PASSIVE_PORTS}.get(lname, codes.BAD_VALUE)
            fix = _swap_ports_fix(st) if lname == "passiveports" else None
            self.fatal(st, rule, span, f"fatal: {directive.name}: {problem}", fix=fix)
            return False
        if directive.file_message and args[0].startswith("/") and not self._file_present(st, directive, args[0], span):
            return False
        if directive.name == "AuthOrder" and self._auth_order_set():
            self.fatal(st, codes.BAD_VALUE, span, "fatal: AuthOrder: AuthOrder has already been configured")
            return False
        if directive.name == "DefaultServer" and values.parse_bool(args[0]):
            # its handler keeps one default for the whole file (measured: a second `on`, even in another server)
            if self.default_server_set:
                message = "fatal: DefaultServer: DefaultServer has already been set"
                self.fatal(st, codes.BAD_VALUE, span, message)
                return False
            self.default_server_set = True
        return True

    def _auth_order_set(self) -> bool:
        """Its handler refuses a second AuthOrder of the same server (measured): an earlier one in this server or
        section, or, from <Global>, in the main server above it (a <Global> one before the main server's is fine, and
        so is a second one in <Global>: measured on 1.3.8 and 1.3.8c)."""
        blocks = [self.root] if self.block.kind == "Global" else [self.block]
        return any(isinstance(i, Applied) and i.name == "AuthOrder" for b in blocks for i in b.items)

    def _crashes_empty_server(self, st: Statement, directive: ProftpdDirective, span: Span) -> bool:
        """mod_sftp's algorithm lists as the first setting of a server on 1.3.8 (crashes.py); True when reported."""
        if directive.name.lower() not in crashes.EMPTY_SERVER_CRASHES or self.block.kind not in (
            "server",
            "VirtualHost",
        ):
            return False
        if catalog.proftpd().version not in crashes.EMPTY_SERVER_CRASH_VERSIONS:
            return False
        stored = (
            i
            for i in self.block.items
            if not isinstance(i, Applied) or i.name.lower() not in crashes.LEAVE_SERVER_EMPTY
        )
        if next(stored, None) is not None:
            return False
        message = f"{directive.name} is the first setting of its server: proftpd 1.3.8 crashes (SIGSEGV)"
        self.diagnostics.append(codes.EMPTY_SERVER_CRASH.at(span, message, "put `SFTPEngine on` first"))
        return True

    def _file_present(self, st: Statement, directive: ProftpdDirective, path: str, span: Span) -> bool:
        """A file the handler opens at once: missing under a given root is proftpd's error; missing here
        without one, a fact of this machine (FTP082).  False when the line failed."""
        if os.path.exists(self.host.resolve(path)):
            return True
        message = f"fatal: {directive.name}: {directive.file_message.replace('{}', printable(path))}".rstrip(": ")
        where = f"not found {self.host.where(path)}"
        if self.host.local is not None and not self.host.inferred and self.host.covers(path):
            self.fatal(st, codes.BAD_VALUE, span, message, where)
            return False
        self.diagnostics.append(
            host_codes.FILE_NOT_FOUND.at(
                span,
                f"`{printable(path)}` is {where}: where the server lacks it too, proftpd refuses to start",
                f"proftpd says `{message}`",
                "lint with `--root DIR` (the checked-in tree that is the server's /), or switch host checks off",
            )
        )
        return True

    def _extra_args(self, directive: ProftpdDirective, args: tuple[str, ...], st: Statement, words: list[Word]) -> None:
        most = directive.documented_max_args
        if most is None or len(args) <= most or directive.name in JOINED_ARGS:
            return
        ignored = " ".join(printable(a) for a in args[most:])
        self.diagnostics.append(
            codes.EXTRA_ARGS.at(
                st.span(words[most + 1]),
                f"proftpd ignores `{ignored}`: {directive.name} takes {most} argument{'s' if most != 1 else ''} "
                f"({directive.syntax})",
                "quote a value that contains spaces",
            )
        )


def _swap_ports_fix(st: Statement) -> Fix | None:
    """``PassivePorts 30099 30000`` -> ``PassivePorts 30000 30099``, when that is a range proftpd accepts."""
    low, high = st.raw_word(1), st.raw_word(2)
    if not (low and high and is_digits(low) and is_digits(high)) or values.passive_ports((high, low)) is not None:
        return None
    offset = st.logical.first.offset
    first, second = st.words[1], st.words[2]
    edits = (
        Edit(st.path, offset + first.start, offset + first.end, high),
        Edit(st.path, offset + second.start, offset + second.end, low),
    )
    return Fix(f"swap the two ports: PassivePorts {high} {low}", edits)
