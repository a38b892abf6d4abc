"""Debian's four pure-ftpd builds, and which one a configuration is read for.

Debian 12 ships pure-ftpd 1.0.50 as four binaries that differ only in one authentication backend:
``pure-ftpd`` (unix, pam, puredb, extauth), ``pure-ftpd-mysql`` (+ ``-l mysql:FILE``,
``MySQLConfigFile``), ``pure-ftpd-postgresql`` (+ ``pgsql``, ``PGSQLConfigFile``) and
``pure-ftpd-ldap`` (+ ``ldap``, ``LDAPConfigFile``).  Each binary refuses the other builds' key
("property not found") and method ("Unknown authentication method"), measured on all four
(docs/daemons/pureftpd.md §7).

The build is a reading option: given (``--pureftpd-build``, ``[pureftpd] build``), named by the
program of a command line (``pure-ftpd-mysql ...``), or else taken from the first key or ``-l``
method that only one build knows.  A configuration that uses two builds' keys cannot run on any
binary: the second one is refused as the daemon would.
"""

from __future__ import annotations

from dataclasses import dataclass

from ftpconf.dialects.pureftpd import BUILD_NAMES
from ftpconf.source import Span


@dataclass(frozen=True, slots=True)
class Build:
    name: str  # the --pureftpd-build value
    program: str  # Debian's binary, which is also its package name
    conf_key: str = ""  # the pure-ftpd.conf key (and Debian conf file) only this build knows
    method: str = ""  # the -l method only this build knows
    backend: str = ""  # how a message names its user database


VANILLA = Build("vanilla", "pure-ftpd")
BUILDS: tuple[Build, ...] = (
    VANILLA,
    Build("mysql", "pure-ftpd-mysql", "MySQLConfigFile", "mysql", "MySQL"),
    Build("postgresql", "pure-ftpd-postgresql", "PGSQLConfigFile", "pgsql", "PostgreSQL"),
    Build("ldap", "pure-ftpd-ldap", "LDAPConfigFile", "ldap", "LDAP"),
)
NAMES = BUILD_NAMES
assert tuple(b.name for b in BUILDS) == NAMES


def named(name: str) -> Build:
    return next(b for b in BUILDS if b.name == name)


def by_conf_key(key: str) -> Build | None:
    """The build whose own key this is (keys are case-insensitive, as the daemon reads them)."""
    return next((b for b in BUILDS if b.conf_key and b.conf_key.lower() == key.lower()), None)


def by_method(value: str) -> Build | None:
    """The build whose own ``-l`` method ``value`` (``mysql:/etc/x.conf``) names; the daemon compares the
    method name case-insensitively and as a prefix (docs/daemons/pureftpd.md §2)."""
    lowered = value.lower()
    return next((b for b in BUILDS if b.method and lowered.startswith(b.method)), None)


def by_program(program: str | None) -> Build | None:
    """``/usr/sbin/pure-ftpd-mysql`` -> the mysql build; the plain name or none -> None (not said)."""
    if program is None:
        return None
    name = program.rsplit("/", 1)[-1]
    return next((b for b in BUILDS if b.program == name and b is not VANILLA), None)


@dataclass
class BuildChoice:
    """Which build a configuration is read for, decided once: given, or by the first build-only key or method."""

    build: Build | None = None  # None: not decided yet (read as vanilla until a build-only key is met)
    given: str = ""  # why it is fixed: "--pureftpd-build mysql", "the program pure-ftpd-mysql"; "" when detected
    detected_at: Span | None = None
    detected_by: str = ""  # the key or flag that decided it, as written

    @classmethod
    def of(cls, name: str | None, program: str | None = None) -> BuildChoice:
        if name is not None:
            return cls(named(name), f"chosen by --pureftpd-build or [pureftpd] build = \"{name}\"")
        from_program = by_program(program)
        if from_program is not None:
            return cls(from_program, f"the program {from_program.program}")
        return cls()

    @property
    def current(self) -> Build:
        return self.build or VANILLA

    def admit(self, build: Build, span: Span, written: str) -> bool:
        """May a key or method of ``build`` be used here?  The first one met decides an undecided choice."""
        if self.build is None:
            self.build, self.detected_at, self.detected_by = build, span, written
            return True
        return self.build is build

    def why(self) -> str:
        """Why the configuration is read for the current build, for a message."""
        if self.given:
            return f"read for {self.current.program} ({self.given})"
        if self.detected_at is not None:
            return f"read for {self.current.program} because of `{self.detected_by}` at line {self.detected_at.line}"
        return f"read for {self.current.program}"
