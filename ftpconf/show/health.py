"""Which findings concern which mode of a server, and the level each mode is drawn at.

``show --format html`` colours each mode (active, passive, the passive range, the advertised
address, TLS, access) from the findings about it: error -> red, warning -> amber, info -> a note,
none -> green.  A finding concerns a mode when its rule is about that mode (``TOPICS``, data), or
when it sits on the line that sets one of the mode's settings (an FTP133 bad value on the
``PassivePorts`` line concerns the range without the reader codes being listed here).

A finding on a line that sets nothing the modes show (a misspelt name: FTP101 ``pasv_enalbe=NO``)
concerns the modes that line would set once its fix is applied: the caller passes ``once_fixed``,
which reads the file with the fix applied.

A file with several servers (proftpd ``<VirtualHost>``): a finding belongs to the server one of
whose settings is on its line, else to the first (main) server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ftpconf.diagnostics import Diagnostic, Severity
from ftpconf.model import PASSIVE_COMMANDS, Origin, Server, Setting

Topic = Literal["active", "passive", "range", "advertised", "tls", "access"]
Level = Literal["error", "warning", "info", "ok"]

# The order of the cards, and what each is called on the page.
TITLES: dict[Topic, str] = {
    "active": "Active mode (PORT, EPRT)",
    "passive": "Passive mode (PASV, EPSV)",
    "range": "Passive port range",
    "advertised": "Advertised address",
    "tls": "TLS",
    "access": "Access",
}

# The rules whose every finding is about a mode (docs/rules/<CODE>.md).  Reader codes (FTP1xx) are
# not listed: they concern a mode through the line they are on.
TOPICS: dict[str, tuple[Topic, ...]] = {
    "FTP121": ("access",),
    "FTP134": ("range",),
    "FTP179": ("range",),
    "FTP201": ("range",),
    "FTP202": ("range",),
    "FTP203": ("range",),
    "FTP205": ("range",),
    "FTP206": ("range",),
    "FTP207": ("range",),
    "FTP208": ("active", "passive"),
    "FTP260": ("range",),
    "FTP261": ("passive", "advertised"),
    "FTP301": ("advertised",),
    "FTP302": ("advertised",),
    "FTP303": ("advertised",),
    "FTP304": ("advertised",),
    "FTP340": ("advertised",),
    "FTP402": ("range",),
    "FTP404": ("range",),
    "FTP405": ("active",),
    "FTP406": ("range",),
    "FTP408": ("range",),
    "FTP501": ("tls",),
    "FTP502": ("tls",),
    "FTP503": ("tls",),
    "FTP504": ("tls",),
    "FTP601": ("access",),
    "FTP602": ("access",),
    "FTP603": ("active", "passive"),
    "FTP604": ("access",),
    "FTP605": ("access",),
    "FTP620": ("advertised",),
    "FTP640": ("access",),
    "FTP701": ("advertised",),
    "FTP702": ("advertised",),
    "FTP703": ("range",),
    "FTP707": ("tls",),
}

# Which modes a data connection depends on: PASV's 227 reply carries the advertised address.
CHANNEL_TOPICS: dict[str, tuple[Topic, ...]] = {
    "PASV": ("passive", "range", "advertised"),
    "EPSV": ("passive", "range"),
    "PORT": ("active",),
    "EPRT": ("active",),
}


@dataclass(frozen=True)
class Health:
    """The findings about one server, by mode."""

    findings: dict[Topic, tuple[Diagnostic, ...]]

    def level(self, topic: Topic) -> Level:
        return level_of(self.findings.get(topic, ()))

    def channel_level(self, command: str) -> Level:
        return level_of([d for topic in CHANNEL_TOPICS.get(command, ()) for d in self.findings.get(topic, ())])


def level_of(findings: Sequence[Diagnostic]) -> Level:
    if not findings:
        return "ok"
    return _LEVELS[max(findings, key=lambda d: d.severity.rank).severity]


_LEVELS: dict[Severity, Level] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


Place = tuple[str | None, int | None]  # (file, line)
OnceFixed = Callable[[Diagnostic], Sequence[Server]]  # the servers once a finding's fix is applied; () if none


def health_of(
    servers: Sequence[Server], diagnostics: Sequence[Diagnostic], once_fixed: OnceFixed | None = None
) -> list[Health]:
    """One :class:`Health` per server, in the order of ``servers``."""
    lines = [_lines_by_topic(server) for server in servers]
    found: list[dict[Topic, list[Diagnostic]]] = [{} for _ in servers]
    for diagnostic in diagnostics if servers else ():
        at = (diagnostic.span.path, diagnostic.span.line)
        owner = _owner(lines, at)
        here = lines
        if owner is None and diagnostic.fix is not None and once_fixed is not None:
            fixed = once_fixed(diagnostic)
            if len(fixed) == len(servers):  # the same servers, with this line now setting something
                here = [_lines_by_topic(server) for server in fixed]
                owner = _owner(here, at)
        owner = owner or 0
        topics = set(TOPICS.get(diagnostic.code, ()))
        topics.update(t for t, places in here[owner].items() if at in places)
        for topic in TITLES:  # in page order, so a finding's modes are listed in a stable order
            if topic in topics:
                found[owner].setdefault(topic, []).append(diagnostic)
    return [Health({t: tuple(ds) for t, ds in by_topic.items()}) for by_topic in found]


def _owner(lines: Sequence[dict[Topic, set[Place]]], at: Place) -> int | None:
    """The first server one of whose mode settings is written at ``at``."""
    return next((i for i, by_topic in enumerate(lines) if any(at in places for places in by_topic.values())), None)


def _lines_by_topic(server: Server) -> dict[Topic, set[Place]]:
    """The (file, line) of every setting of each mode that is written in a file or on a command line."""
    passive, active = server.passive, server.active
    settings: dict[Topic, list[Setting[Any]]] = {
        "active": [active.enabled, active.source_port, active.allow_foreign_address],
        "passive": [passive.enabled, passive.allow_foreign_address],
        "range": [passive.range_low, passive.range_high],
        "advertised": [passive.advertised_address, passive.resolve_hostname],
        "tls": [getattr(server.tls, name) for name in type(server.tls).model_fields],
        "access": [getattr(server.access, name) for name in type(server.access).model_fields],
    }
    origins: dict[Topic, list[Origin]] = {t: [s.origin for s in ss] for t, ss in settings.items()}
    for command, origin in server.commands.origins.items():
        origins["passive" if command in PASSIVE_COMMANDS else "active"].append(origin)
    return {t: set(_places(os)) for t, os in origins.items()}


def _places(origins: Sequence[Origin]) -> Iterator[Place]:
    for origin in origins:
        if origin.kind in ("file", "argv") and origin.line is not None:
            yield origin.path, origin.line
