"""The pure-ftpd option catalogue (grammars/pureftpd.toml); `ftpconf.catalog.pureftpd()` loads it.

A module of its own so that reading another daemon's file does not build these classes."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from ftpconf.catalog import ModelField, load_grammar, model_fields, record
from ftpconf.catalog_common import Catalogue


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
    model: tuple[ModelField, ...] = ()  # the model fields it feeds (data/model_fields.tsv)


@dataclass(frozen=True, slots=True)
class PureftpdConfEntry:
    """A pure-ftpd.conf template, e.g. key ``PassivePortRange`` + ``(<digits>) (<digits>)``."""

    key: str
    template: str
    built: bool  # False: the key exists only in other flavours (LDAP, MySQL, ...) and is "not found"
    boolean: bool = False
    option: str | None = None  # None for the Include keyword
    emit: str = "$*"  # the long option written for a match; $0/$1 are the captured values
    special: str = ""


@dataclass(frozen=True)
class PureftpdCatalog(Catalogue):
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


def _fields(kind: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(kind))


_OPTION_FIELDS, _ENTRY_FIELDS, _CATALOG_FIELDS = map(_fields, (PureftpdOption, PureftpdConfEntry, PureftpdCatalog))


@functools.cache
def load() -> PureftpdCatalog:
    doc = load_grammar("pureftpd.toml")
    meta = doc["meta"]
    options = {
        name: record(
            PureftpdOption,
            _OPTION_FIELDS,
            entry,
            name=name,
            conf_keys=tuple(entry.get("conf_keys", ())),
            debian_files=tuple(entry.get("debian_files", {}).items()),
            model=model_fields(entry),
        )
        for name, entry in doc["options"].items()
    }
    return record(
        PureftpdCatalog,
        _CATALOG_FIELDS,
        meta,
        options=options,
        conf_entries=tuple(record(PureftpdConfEntry, _ENTRY_FIELDS, entry) for entry in doc["conf_entries"]),
        removed=doc.get("removed", {}),
        secret_keys=tuple(meta.get("secret_keys", ())),
    )
