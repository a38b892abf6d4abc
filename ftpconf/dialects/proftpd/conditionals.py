"""proftpd's parse-time conditionals: ``<IfModule>``, ``<IfDefine>``, ``<IfVersion>``, and skipping false bodies.

proftpd decides a conditional as it reads it, so only the ``LoadModule``/``Define`` lines above it
count; a true one's body is read as if the tags were not there, and a false one's body is skipped
unparsed up to the matching closer (only nested tags of the same kind count), which is why a typo
in it goes unnoticed and why a skipped ``<IfModule>`` body is worth a word (MODULE_NOT_LOADED).
``<IfVersion>`` is a conditional only once mod_ifversion is loaded; the version compared is the targeted catalogue's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ftpconf import catalog
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.integers import decimal
from ftpconf.source import Span

CONDITIONALS = {"ifmodule": "IfModule", "ifdefine": "IfDefine", "ifversion": "IfVersion"}


@dataclass
class Skip:
    """A false conditional whose body proftpd skips without parsing, up to the matching closer."""

    kind: str
    span: Span
    negated: bool
    module: str | None
    depth: int = 1
    skipped: int = 0
    only_switched_off: bool = True  # every skipped line turns something off: skipping it loses nothing


# A value that switches a setting off: a block of only these, for a module not loaded, changes nothing.
_OFF = frozenset({"off", "no", "false", "0"})


class Conditionals(ReaderState):
    def _conditional(self, st: Statement, kind: str, args: tuple[str, ...], span: Span) -> Skip | None:
        if not args:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: <{kind}>: missing parameters")
            return None
        module = None
        if kind == "IfVersion":
            truth = self._version_test(st, args, span)
            if truth is None:
                return None
            negated = False
        else:
            word = args[0]
            negated = word.startswith("!")
            word = word[1:] if negated else word
            if kind == "IfModule":
                module = word[:-2] if word.endswith(".c") else None
                truth = module is not None and module in self.modules
            else:
                truth = word in self.defines
            truth = truth != negated
        return None if truth else Skip(kind, span, negated, module)

    def _close_conditional(self, st: Statement, name: str, args: tuple[str, ...], span: Span) -> None:
        """A closer read as a statement (its conditional was true, or there was none): only arguments are an error."""
        if args:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: {name}: wrong number of parameters: {args[0]}")

    def _version_test(self, st: Statement, args: tuple[str, ...], span: Span) -> bool | None:
        if len(args) > 2:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, "fatal: <IfVersion>: wrong number of parameters")
            return None
        operator, text = ("=", args[0]) if len(args) == 1 else args
        negated = operator.startswith("!") and operator != "!="
        operator = operator[1:] if negated else operator
        current = catalog.proftpd().version
        if operator in ("~",) or (operator in ("=", "==") and text.startswith("/") and text.endswith("/")):
            pattern = text.strip("/") if operator != "~" else text
            try:
                result = re.search(pattern, current) is not None
            except re.error:
                self.fatal(st, codes.BAD_VALUE, span, f"fatal: <IfVersion>: unable to compile pattern '{text}'")
                return None
            if not result:  # measured on 1.3.8 and 1.3.8c: a pattern that does not match is fatal, even after `!`
                self.fatal(
                    st,
                    codes.BAD_VALUE,
                    span,
                    f"fatal: <IfVersion>: server version '{current}' failed to match pattern '{pattern}'",
                )
                return None
            return result != negated
        if operator not in ("=", "==", "!=", "<", "<=", ">", ">="):
            self.fatal(st, codes.BAD_VALUE, span, f"fatal: <IfVersion>: unknown comparison operator '{operator}'")
            return None
        wanted = _version(text)
        if wanted is None:
            self.fatal(st, codes.BAD_VALUE, span, f"fatal: <IfVersion>: badly formatted configured version '{text}'")
            return None
        have = _version(current) or (0, 0, 0, 0)  # the catalogue's version always parses
        result = {
            "=": have == wanted,
            "==": have == wanted,
            "!=": have != wanted,
            "<": have < wanted,
            "<=": have <= wanted,
            ">": have > wanted,
            ">=": have >= wanted,
        }[operator]
        return result != negated

    def _skipping(self, skip: Skip, text: str) -> Skip | None:
        """A line inside a false conditional: only nested openers and closers of the same kind count."""
        first = text.lstrip(" \t\r\f\v").lower()
        tag = skip.kind.lower()
        if first.startswith("<" + tag):
            skip.depth += 1
        elif first.startswith("</" + tag):
            skip.depth -= 1
            if skip.depth == 0:
                self._skipped_block(skip)
                return None
        elif first and not first.startswith("#"):
            skip.skipped += 1
            words = first.split()
            if len(words) != 2 or words[1].strip("\"'") not in _OFF:
                skip.only_switched_off = False
        return skip

    def _skipped_block(self, skip: Skip) -> None:
        cat = catalog.proftpd()
        if skip.kind != "IfModule" or skip.negated or not skip.skipped or skip.module not in cat.modules:
            return
        if skip.only_switched_off:  # Debian's `<IfModule mod_ident.c> IdentLookups off`: off either way
            return
        module = cat.modules[skip.module]
        how = f"`LoadModule {skip.module}.c`" + ("" if module.package == "proftpd-core" else f" ({module.package})")
        self.diagnostics.append(
            codes.MODULE_NOT_LOADED.at(
                skip.span,
                f"{skip.module} is not loaded, so proftpd silently skips the {skip.skipped} "
                f"line{'s' if skip.skipped != 1 else ''} of this block{_consequence(skip.module)}; "
                f"load it with {how} if they matter",
            )
        )

    def _unclosed_conditional(self, skip: Skip) -> None:
        word = "section" if skip.kind == "IfVersion" else "context"
        self.diagnostics.append(
            codes.UNCLOSED_SECTION.at(
                skip.span, f"fatal: <{skip.kind}>: unclosed <{skip.kind}> {word}: proftpd refuses to start"
            )
        )


# What a skipped block of these modules usually means for the server, said in the finding.
_CONSEQUENCES = {"mod_tls": "TLS", "mod_sftp": "SFTP", "mod_sql": "SQL logins", "mod_ldap": "LDAP logins"}


def _consequence(module: str | None) -> str:
    what = _CONSEQUENCES.get(module or "")
    return f" ({what} is silently off)" if what else ""


def _version(text: str) -> tuple[int, int, int, int] | None:
    """``1.3.8rc1`` -> (1, 3, 8, -1): a release candidate sorts before the release; a maintenance letter counts
    from ``a`` = the release itself: 1.3.8 = 1.3.8a < 1.3.8b < 1.3.8c (measured: 1.3.8 holds `= 1.3.8a` and
    `< 1.3.8d` but not `= 1.3.8c`; 1.3.8c holds `= 1.3.8c`, `> 1.3.8b`, `> 1.3.8` but not `= 1.3.8a`)."""
    match = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?([A-Za-z]*)([0-9]*)", text)
    if match is None:
        return None
    suffix = match[4].lower()
    rank = -1 if suffix == "rc" else ord(suffix) - ord("a") if len(suffix) == 1 else 0
    return decimal(match[1]), decimal(match[2] or "0"), decimal(match[3] or "0"), rank
