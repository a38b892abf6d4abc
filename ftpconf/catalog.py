"""The directive catalogues (grammars/*.toml), loaded once into typed, immutable tables."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

VsftpdType = Literal["bool", "uint", "string"]


@dataclass(frozen=True, slots=True)
class VsftpdOption:
    name: str
    type: VsftpdType
    default: bool | int | str | None  # None: compiled-in unset (NULL string)
    default_text: str
    category: str
    documented: bool
    man_default: str
    notes: str = ""
    octal: bool = False
    port: bool = False
    empty_fatal: str = ""  # what vsftpd prints when this string option is empty ("": empty is fine)
    empty_fatal_when: str = ""  # the boolean option that must be on for that check ("": always)


@dataclass(frozen=True)
class VsftpdCatalog:
    version: str
    build: str
    max_file_bytes: int
    options: dict[str, VsftpdOption]
    foreign: dict[str, str]  # names known from other vsftpd builds -> where they exist


def parse_toml(text: str) -> dict[str, Any]:
    """tomllib on 3.11+, tomli before; a TOMLDecodeError is a ValueError either way."""
    document: dict[str, Any] = tomllib.loads(text)
    return document


def grammar_text(name: str) -> str:
    """The catalogue inside the installed wheel, or grammars/ beside the package in a checkout.

    A plain path, not importlib.resources: that pulls in zipfile and hashlib, a few ms of every cold start.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "grammars" / name
    return (packaged if packaged.is_file() else here.parent / "grammars" / name).read_text(encoding="utf-8")


def load_grammar(name: str) -> dict[str, Any]:
    document: dict[str, Any] = tomllib.loads(grammar_text(name))
    return document


@functools.cache
def vsftpd() -> VsftpdCatalog:
    doc = load_grammar("vsftpd.toml")
    options = {
        name: VsftpdOption(
            name=name,
            type=entry["type"],
            default=entry.get("default"),
            default_text=entry["default_text"],
            category=entry["category"],
            documented=entry["documented"],
            man_default=entry["man_default"],
            notes=entry.get("notes", ""),
            octal=entry.get("octal", False),
            port=entry.get("port", False),
            empty_fatal=entry.get("empty_fatal", ""),
            empty_fatal_when=entry.get("empty_fatal_when", ""),
        )
        for name, entry in doc["options"].items()
    }
    meta = doc["meta"]
    return VsftpdCatalog(meta["version"], meta["build"], meta["max_file_bytes"], options, doc.get("foreign", {}))


# -- proftpd ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProftpdDirective:
    name: str
    module: str
    also_in: tuple[str, ...]  # further modules that register the same name
    needs_load_module: bool
    contexts: frozenset[str]  # allowed, from the handler's CHECK_CONF
    contexts_rejected: frozenset[str]  # where `proftpd -t` said "not allowed" (conclusive)
    arities: frozenset[int] | None  # argument counts 0-4 the binary accepted; None: not probed
    min_args: int | None
    kind: Literal["boolean", "text"]
    syntax: str
    documented_max_args: int | None
    default: str
    secret_args: tuple[int, ...] = ()  # 1-based arguments holding a password or shared secret: never printed
    # Given twice in one context: which occurrence proftpd applies, "first" or "last" (data/repeats.tsv);
    # "" where ftpconf does not claim to know (only the directives the model reads are measured).
    repeat: str = ""

    @property
    def secret(self) -> bool:
        return bool(self.secret_args)

    def allowed_in(self, context: str) -> bool:
        if self.contexts_rejected:
            return context not in self.contexts_rejected
        return context in self.contexts

    def accepts_count(self, count: int) -> bool:
        if self.arities is not None:
            return min(count, 4) in self.arities
        return self.min_args is None or count >= self.min_args


@dataclass(frozen=True, slots=True)
class ProftpdModule:
    name: str
    static: bool
    package: str
    debian_default: bool
    requires: str | None
    broken: str | None


@dataclass(frozen=True)
class ProftpdCatalog:
    version: str
    build: str
    max_line_bytes: int
    static_modules: tuple[str, ...]
    debian_default_modules: tuple[str, ...]
    modules: dict[str, ProftpdModule]
    directives: dict[str, ProftpdDirective]  # keyed by lower-cased name: proftpd names are case-insensitive
    renamed: dict[str, str]  # lower-cased old name -> current name

    def directive(self, name: str) -> ProftpdDirective | None:
        return self.directives.get(name.lower())


@functools.cache
def proftpd() -> ProftpdCatalog:
    doc = load_grammar("proftpd.toml")
    directives = {
        name.lower(): ProftpdDirective(
            name=name,
            module=entry["module"],
            also_in=tuple(entry.get("also_in", ())),
            needs_load_module=entry["needs_load_module"],
            contexts=frozenset(entry["contexts"]),
            contexts_rejected=frozenset(entry.get("contexts_rejected", ())),
            arities=frozenset(entry["arities"]) if "arities" in entry else None,
            min_args=entry.get("min_args"),
            kind=entry["kind"],
            syntax=entry.get("syntax", ""),
            documented_max_args=entry.get("documented_max_args"),
            default=entry.get("default", ""),
            secret_args=tuple(entry.get("secret_args", ())),
            repeat=entry.get("repeat", ""),
        )
        for name, entry in doc["directives"].items()
    }
    modules = {
        name: ProftpdModule(
            name, entry["static"], entry["package"], entry["debian_default"], entry.get("requires"), entry.get("broken")
        )
        for name, entry in doc["modules"].items()
    }
    meta = doc["meta"]
    return ProftpdCatalog(
        meta["version"],
        meta["build"],
        meta["max_line_bytes"],
        tuple(meta["static_modules"]),
        tuple(meta["debian_default_modules"]),
        modules,
        directives,
        {old.lower(): new for old, new in doc.get("renamed", {}).items()},
    )


# -- pure-ftpd ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PureftpdOption:
    """One getopt option of pure-ftpd, with its pure-ftpd.conf keys and Debian conf files."""

    name: str  # the long name, e.g. "passiveportrange"
    short: str
    argument: bool
    argument_shape: str
    default: str
    conf_keys: tuple[str, ...]
    debian_files: tuple[tuple[str, str], ...]  # (file name in /etc/pure-ftpd/conf/, wrapper parser)
    debian_auth: bool = False  # honoured only through /etc/pure-ftpd/auth/ links
    repeat: str = "last"  # given twice: which occurrence applies (first, last) or "every" (data/repeats.tsv)


@dataclass(frozen=True, slots=True)
class PureftpdConfEntry:
    """A pure-ftpd.conf template, e.g. key ``PassivePortRange`` + ``(<digits>) (<digits>)``."""

    key: str
    template: str
    boolean: bool
    option: str | None  # None for the Include keyword
    emit: str  # the long option written for a match; $0/$1 are the captured values
    built: bool  # False: the key exists only in other flavours (LDAP, MySQL, ...) and is "not found"
    special: str = ""


@dataclass(frozen=True)
class PureftpdCatalog:
    version: str
    build: str
    include_depth: int
    max_line_bytes: int
    getopt: str
    debian_pidfile: str
    options: dict[str, PureftpdOption]
    conf_entries: tuple[PureftpdConfEntry, ...]
    removed: dict[str, dict[str, str]]
    secret_keys: tuple[str, ...] = ()  # password keys of the flavours' MySQL/PGSQL/LDAP files: never printed

    @functools.cached_property
    def by_short(self) -> dict[str, PureftpdOption]:
        return {o.short: o for o in self.options.values()}

    @functools.cached_property
    def by_debian_file(self) -> dict[str, tuple[PureftpdOption, str]]:
        return {f: (o, parser) for o in self.options.values() for f, parser in o.debian_files}


@functools.cache
def pureftpd() -> PureftpdCatalog:
    doc = load_grammar("pureftpd.toml")
    meta = doc["meta"]
    options = {
        name: PureftpdOption(
            name=name,
            short=entry["short"],
            argument=entry["argument"],
            argument_shape=entry["argument_shape"],
            default=entry["default"],
            conf_keys=tuple(entry.get("conf_keys", ())),
            debian_files=tuple(entry.get("debian_files", {}).items()),
            debian_auth=entry.get("debian_auth", False),
            repeat=entry.get("repeat", "last"),
        )
        for name, entry in doc["options"].items()
    }
    entries = tuple(
        PureftpdConfEntry(
            key=e["key"],
            template=e["template"],
            boolean=e.get("boolean", False),
            option=e.get("option"),
            emit=e.get("emit", "$*"),
            built=e["built"],
            special=e.get("special", ""),
        )
        for e in doc["conf_entries"]
    )
    return PureftpdCatalog(
        meta["version"],
        meta["build"],
        meta["include_depth"],
        meta["max_line_bytes"],
        meta["getopt"],
        meta["debian_pidfile"],
        options,
        entries,
        doc.get("removed", {}),
        tuple(meta.get("secret_keys", ())),
    )
