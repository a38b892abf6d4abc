"""Findings, their severities, and the registry of rule metadata.

Severity has a testable meaning (docs/severity.md): ``error`` = the daemon refuses this configuration
(fails to start or fails ``proftpd -t``); ``warning`` = it starts, but something will not work as
written, or the file itself makes an exposure certain; ``info`` = advice that depends on facts outside
the file, and style.  Advice that is right only for a server on an untrusted network lives in an
opt-in group (``group="hardening"``, ftpconf/selection.py): off unless selected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import TYPE_CHECKING

from ftpconf.dialects.registry import NAMES as ALL_DIALECTS
from ftpconf.records import Record
from ftpconf.source import Span

if TYPE_CHECKING:
    from ftpconf.model import Config, Server


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


class Edit(Record):
    """Replace characters ``start``..``end`` (offsets into the decoded text of ``path``) with ``text``."""

    path: str
    start: int
    end: int
    text: str


class Fix(Record):
    description: str
    edits: tuple[Edit, ...]
    safe: bool = True


class Diagnostic(Record):
    code: str
    severity: Severity
    message: str
    span: Span
    notes: tuple[str, ...] = ()
    fix: Fix | None = None

    @property
    def rule(self) -> RuleInfo:
        return REGISTRY[self.code]


ServerCheck = Callable[["Config", "Server"], Iterable[Diagnostic]]


class RuleInfo(Record):
    """A rule's stable identity and documentation.  Codes are never reused once retired."""

    _uncompared = frozenset({"check"})
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    dialects: tuple[str, ...] = ALL_DIALECTS
    fixable: bool = False
    check: ServerCheck | None = None  # None: emitted by a reader
    group: str = "default"  # "default": on unless deselected; another group (selection.GROUPS): opt-in

    def at(self, span: Span, message: str, *notes: str, fix: Fix | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.severity, message, span, tuple(n for n in notes if n), fix)


REGISTRY: dict[str, RuleInfo] = {}

# Rule groups, selectable by name like a code prefix (`select = ["hardening"]`).  Only "default" is on
# unless selected: the others hold advice whose truth depends on where the server runs.
GROUPS: dict[str, str] = {
    "default": "what the file itself makes certain: refused settings, things that do not work as written, "
    "certain exposures, and advice (info)",
    "hardening": "exposures that matter only on an untrusted network or with untrusted users: plain-text or "
    "optional TLS, old TLS versions, users not jailed or jailed in a writable root, anonymous write left to "
    "file permissions",
}


# A rule's identity on one line, as reports print it: "FTP201 inverted-passive-range warning: summary".
_HEADER = re.compile(r"(?P<code>FTP\d{3}) (?P<name>[a-z0-9-]+) (?P<severity>error|warning|info): (?P<summary>.+)", re.S)


def define(
    header: str,
    explanation: str,
    *,
    dialects: tuple[str, ...] = ALL_DIALECTS,
    fixable: bool = False,
    group: str = "default",
) -> RuleInfo:
    """Register a rule that a reader emits (syntax and daemon-parity findings).

    ``header`` is "CODE name severity: summary", e.g. "FTP101 unknown-option error: vsftpd refuses ...".
    """
    match = _HEADER.fullmatch(header)
    if match is None:
        raise ValueError(f"a rule header is 'FTPnnn name severity: summary', not {header!r}")
    code = match["code"]
    if group not in GROUPS:
        raise ValueError(f"{code}: unknown rule group {group!r}")
    if code in REGISTRY:
        raise ValueError(f"rule code {code} defined twice")
    severity = Severity(match["severity"])
    summary, text = match["summary"], _dedent(explanation)
    info = RuleInfo(code, match["name"], severity, summary, text, dialects, fixable, None, group)
    REGISTRY[code] = info
    return info


def rule(
    header: str, *, dialects: tuple[str, ...] = ALL_DIALECTS, fixable: bool = False, group: str = "default"
) -> Callable[[ServerCheck], RuleInfo]:
    """Register a check on the model (``header`` as for :func:`define`); its docstring is the explanation."""

    def register(check: ServerCheck) -> RuleInfo:
        info = define(header, check.__doc__ or "", dialects=dialects, fixable=fixable, group=group)
        registered = info.replace(check=check)
        REGISTRY[info.code] = registered
        return registered

    return register


def _dedent(text: str) -> str:
    import inspect

    return inspect.cleandoc(text)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.span.path, diagnostic.span.line, diagnostic.span.column, diagnostic.code)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=sort_key)


def model_checks() -> Iterator[RuleInfo]:
    return (info for info in REGISTRY.values() if info.check is not None)
