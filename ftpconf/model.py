"""The one model of an FTP server, above all of its data-connection modes.

Every value is a :class:`Setting`: what the daemon will *effectively* do, the text the configuration
*declared* (``None`` when nothing set it), and where it came from.  Rules compare the two; the
writers of every dialect read only this model.

Annotations are evaluated where they stand (no ``from __future__ import annotations``): pydantic then has no
strings to evaluate when it collects each class's fields, which a cold start pays for (bench/PROFILE.md §1).
"""

import os
from enum import Enum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ftpconf.source import Span

T = TypeVar("T")

# The daemons ftpconf reads; what each one is lives in the dialect table (ftpconf/dialects/registry.py).
DialectName = Literal["vsftpd", "proftpd", "pureftpd"]
DataCommand = Literal["PORT", "EPRT", "PASV", "EPSV"]
DATA_COMMANDS: tuple[DataCommand, ...] = ("PORT", "EPRT", "PASV", "EPSV")
ACTIVE_COMMANDS: tuple[DataCommand, ...] = ("PORT", "EPRT")
PASSIVE_COMMANDS: tuple[DataCommand, ...] = ("PASV", "EPSV")


class _Frozen(BaseModel):
    """The base of every model class.

    ``defer_build``: a class builds its validator and serializer the first time something validates or
    dumps it, not when it is defined.  The readers' model builders (``ftpconf/dialects/*/model_builder.py``)
    construct from values they have already typed, with ``model_construct``, so a plain ``ftpconf lint``
    never builds a schema at all (bench/PROFILE.md §1).  Everything that comes from outside -- neutral
    TOML/JSON, ``model_validate`` -- is still validated; tests/test_model_construct.py checks that every
    fixture's model is the same either way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Origin(_Frozen):
    """Where a value came from: a line of a file, a command-line flag, or the daemon's compiled-in default."""

    kind: Literal["file", "argv", "default", "derived"]
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_column: int | None = None
    detail: str = ""

    @classmethod
    def at(cls, span: Span, kind: Literal["file", "argv"] = "file", detail: str = "") -> "Origin":
        return cls.model_construct(
            kind=kind, path=span.path, line=span.line, column=span.column, end_column=span.end_column, detail=detail
        )

    @classmethod
    def default(cls, detail: str = "compiled-in default") -> "Origin":
        return cls.model_construct(kind="default", detail=detail)

    @property
    def span(self) -> Span | None:
        if self.path is None or self.line is None:
            return None
        return Span(self.path, self.line, self.column or 1, self.end_column)

    def describe(self) -> str:
        if self.kind in ("file", "argv") and self.path is not None:
            where = f"{self.path}:{self.line}" if self.line else self.path
            return f"{where} ({self.detail})" if self.detail else where
        return self.detail or self.kind


def derived_from(origin: Origin) -> Origin:
    """An origin that names ``origin``'s line in words but is not that line (see Access.anonymous_uploads_readable)."""
    if origin.kind not in ("file", "argv") or origin.path is None:
        return origin
    where = f"{os.path.basename(origin.path)}:{origin.line}" if origin.line else os.path.basename(origin.path)
    return Origin.model_construct(kind="derived", detail=f"`{origin.detail}`, {where}")


class Setting(_Frozen, Generic[T]):
    effective: T
    declared: str | None = None
    origin: Origin = Field(default_factory=Origin.default)

    @classmethod
    def model_rebuild(cls, *, force: bool = False, **kwargs: Any) -> bool | None:
        """pydantic's ``Setting[X]`` calls ``Setting.model_rebuild(_types_namespace=...)`` on each new
        parametrisation, "in case new types have been defined", and that builds the generic class's whole
        schema and validator despite ``defer_build`` -- which looks up pydantic plugins through
        importlib.metadata (email, zipfile, ...): a third of a cold lint's cost over its imports.  Every
        annotation of Setting resolves where it is defined, so that rebuild has nothing to do; it is skipped
        and the class builds when it is first validated, as every other model class does.  Any other call
        (an explicit rebuild, ``force``, pydantic's own build on first use) rebuilds as usual."""
        if not force and kwargs.get("_types_namespace") is not None and cls is Setting:
            return None
        kwargs["_parent_namespace_depth"] = kwargs.get("_parent_namespace_depth", 2) + 1  # this frame
        return super().model_rebuild(force=force, **kwargs)

    @property
    def is_set(self) -> bool:
        return self.declared is not None


class PortRange(_Frozen):
    low: int
    high: int

    @property
    def size(self) -> int:
        return self.high - self.low + 1

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.low <= port <= self.high

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


class Listen(_Frozen):
    """The control connection: how the daemon accepts clients."""

    standalone: Setting[bool]  # False: started by inetd/systemd socket, which owns address and port
    address: Setting[str | None]  # None: every address
    port: Setting[int]
    ipv4: bool = True
    ipv6: bool = False


class ActiveMode(_Frozen):
    """PORT/EPRT: the server connects back to the client."""

    enabled: Setting[bool]
    source_port: Setting[int | None]  # None: any unprivileged port the kernel picks
    allow_foreign_address: Setting[bool]  # connect to an address other than the client's


class PassiveMode(_Frozen):
    """PASV/EPSV: the client connects to a port the server opens."""

    enabled: Setting[bool]
    range_low: Setting[int | None]  # as declared; None when not set
    range_high: Setting[int | None]
    effective_range: PortRange  # what the daemon really draws ports from
    range_fallback: Literal["drop", "any-port", "refuse"] = "drop"  # when every port in the range is busy
    advertised_address: Setting[str | None]  # the address put into the 227 reply
    resolve_hostname: Setting[bool]
    allow_foreign_address: Setting[bool]  # accept a data connection from another address than the client's


class Commands(_Frozen):
    """Which data-connection commands the daemon accepts, and why."""

    accepted: frozenset[DataCommand]
    origins: dict[str, Origin] = Field(default_factory=dict)  # command -> what refused or allowed it

    def accepts(self, command: DataCommand) -> bool:
        return command in self.accepted


class TlsMode(str, Enum):
    OFF = "off"
    EXPLICIT = "explicit"
    IMPLICIT = "implicit"


class Tls(_Frozen):
    mode: Setting[TlsMode]
    required_for_login: Setting[bool]  # for local (non-anonymous) users
    required_for_data: Setting[bool]
    anonymous_allowed: Setting[bool]  # may anonymous sessions use TLS at all
    protocols: Setting[tuple[str, ...]]  # e.g. ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
    session_reuse_required: Setting[bool]


def _no_virtual_users() -> Setting[bool]:
    return Setting[bool].model_construct(effective=False, origin=Origin.default("no user database configured"))


def _uploads_readable() -> Setting[bool]:
    return Setting[bool].model_construct(
        effective=True, origin=Origin.default("anonymous users may download what they upload")
    )


class Access(_Frozen):
    anonymous: Setting[bool]
    anonymous_upload: Setting[bool]  # effective: also needs write permission in general
    anonymous_mkdir: Setting[bool]
    anonymous_other_write: Setting[bool]
    local_users: Setting[bool]  # system accounts (/etc/passwd, PAM) may log in
    write: Setting[bool]
    chroot_local_users: Setting[bool]
    writable_chroot_allowed: Setting[bool]
    # Accounts from the daemon's own user database (pure-ftpd's PureDB, MySQL, PostgreSQL, LDAP, extauth):
    # they log in with a password but are not system accounts.  The origin names the database.
    virtual_users: Setting[bool] = Field(default_factory=_no_virtual_users)
    # Whether anonymous users may download what anonymous users upload: an upload-only "drop box" is not a
    # place to hand out files (vsftpd's default anon_umask=077 with anon_world_readable_only, pure-ftpd -s).
    # A "derived" origin that names the deciding line in its detail: convert carries no such facet, so the
    # line stays an extra of its own (reported, not taken as modelled).
    anonymous_uploads_readable: Setting[bool] = Field(default_factory=_uploads_readable)


class Limits(_Frozen):
    max_clients: Setting[int | None]  # None: unlimited or not enforced
    max_per_ip: Setting[int | None]


class Extra(_Frozen):
    """A dialect-specific setting the model does not cover, kept so conversion can report it."""

    name: str
    value: str | None
    origin: Origin
    # Only for extras read from a neutral TOML/JSON file: the dialect they belong to.
    dialect: DialectName | None = None
    # proftpd: the section the directive stands in ("Anonymous"); None: the server's own body.
    section: str | None = None


class Server(_Frozen):
    name: str = "main"
    listen: Listen
    active: ActiveMode
    passive: PassiveMode
    commands: Commands
    tls: Tls
    access: Access
    limits: Limits
    extras: tuple[Extra, ...] = ()


class Config(_Frozen):
    dialect: DialectName
    sources: tuple[str, ...]
    servers: tuple[Server, ...]
