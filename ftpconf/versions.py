"""Which version of each daemon a run targets: the catalogue that decides what the daemon accepts.

Each daemon has one catalogue per version we have a binary of (grammars/<daemon>[-<version>].toml,
``ftpconf._catalogs.VERSIONS``); the default is the first, Debian 12's (vsftpd 3.0.3, proftpd 1.3.8,
pure-ftpd 1.0.50): the oldest release still supported, so a file that passes is accepted by every
version ftpconf knows unless a finding says otherwise.  ``--target-version`` / ``target-version``
selects another for the files of that daemon; the choice holds for the block of ``targeting``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from ftpconf._catalogs import VERSIONS

_TARGET: ContextVar[Mapping[str, str] | None] = ContextVar("ftpconf_target_versions", default=None)


class UnknownVersion(ValueError):
    """A version no catalogue describes."""


def known(daemon: str) -> tuple[str, ...]:
    """The versions of ``daemon`` (a dialect name) ftpconf has a catalogue of, the default first."""
    return VERSIONS[daemon]


def default(daemon: str) -> str:
    return VERSIONS[daemon][0]


def describe() -> str:
    """'vsftpd 3.0.3 (default), 3.0.5; proftpd ...' for help texts and error messages."""
    return "; ".join(
        f"{daemon} " + ", ".join(v + (" (default)" if i == 0 else "") for i, v in enumerate(found))
        for daemon, found in VERSIONS.items()
    )


def daemon_of(version: str) -> str:
    """The daemon a version number belongs to (their numbers do not overlap: 3.0.x, 1.3.x, 1.0.x)."""
    for daemon, found in VERSIONS.items():
        if version in found:
            return daemon
    raise UnknownVersion(f"unknown target version {version!r}; known: {describe()}")


def parse(versions: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``--target-version`` values -> ((daemon, version), ...); UnknownVersion for one no catalogue has."""
    chosen: dict[str, str] = {}
    for version in versions:
        daemon = daemon_of(version.strip())
        if chosen.get(daemon, version) != version:
            raise UnknownVersion(f"two target versions for {daemon}: {chosen[daemon]} and {version}")
        chosen[daemon] = version.strip()
    return tuple(chosen.items())


def check(daemon: str, version: str) -> str:
    """``version`` if ``daemon`` has a catalogue of it, else UnknownVersion naming the known ones."""
    if version not in VERSIONS[daemon]:
        raise UnknownVersion(f"unknown {daemon} version {version!r}; known: {', '.join(VERSIONS[daemon])}")
    return version


def target(daemon: str) -> str:
    """The version of ``daemon`` the current run targets."""
    return (_TARGET.get() or {}).get(daemon) or default(daemon)


def others(daemon: str) -> tuple[str, ...]:
    """The versions of ``daemon`` besides the targeted one."""
    current = target(daemon)
    return tuple(v for v in VERSIONS[daemon] if v != current)


@contextmanager
def targeting(chosen: Iterable[tuple[str, str]]) -> Iterator[None]:
    """Within this block, catalogues are those of the chosen (daemon, version) pairs."""
    token = _TARGET.set({**(_TARGET.get() or {}), **dict(chosen)})
    try:
        yield
    finally:
        _TARGET.reset(token)
