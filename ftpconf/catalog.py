"""The directive catalogues (grammars/*.toml), loaded once into typed, immutable tables."""

import functools
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

if TYPE_CHECKING:
    from ftpconf.catalog_proftpd import ProftpdCatalog
    from ftpconf.catalog_pureftpd import PureftpdCatalog

VsftpdType = Literal["bool", "uint", "string"]


class ModelField(NamedTuple):
    """One row of data/model_fields.tsv: a model field a setting feeds (ftpconf/dialects/model_mapping.py)."""

    field: str  # "access.anonymous", or a whole section ("commands")
    type: str  # what the field holds: bool, count, address, ... (model_mapping.TYPES)
    derive: str = ""  # the dialect's named derivation that computes the field ("": the value as it is)
    extra: bool = False  # the model holds only part of the setting: it is also kept as an Extra
    unset: str = ""  # the origin's text when nothing sets it ("": the dialect's own wording)


def model_fields(entry: Mapping[str, Any]) -> tuple[ModelField, ...]:
    """A catalogue entry's ``model`` rows."""
    return tuple(ModelField(**row) for row in entry.get("model", ()))


R = TypeVar("R")


def record(kind: Callable[..., R], fields: frozenset[str], entry: Mapping[str, Any], **built: Any) -> R:
    """A catalogue entry (or a ``meta`` table) as a ``kind`` record.  The TOML names each value by its field,
    so the entry's keys that are ``fields`` go in as they are (the others, notes for people, stay out);
    ``built`` gives the fields made from it (tuples, frozensets, model rows); a field neither gives takes its
    default, stated once, in the record's class."""
    values = {key: value for key, value in entry.items() if key in fields}
    values.update(built)
    return kind(**values)


class VsftpdOption(NamedTuple):
    name: str
    type: VsftpdType
    default_text: str
    category: str
    documented: bool
    man_default: str
    default: bool | int | str | None = None  # None: compiled-in unset (NULL string)
    notes: str = ""
    octal: bool = False
    port: bool = False
    empty_fatal: str = ""  # what vsftpd prints when this string option is empty ("": empty is fine)
    empty_fatal_when: str = ""  # the boolean option that must be on for that check ("": always)
    model: tuple[ModelField, ...] = ()  # the model fields it feeds (data/model_fields.tsv)


class VsftpdCatalog(NamedTuple):  # catalog_common.Catalogue's fields, as a tuple: cheaper for a vsftpd lint
    version: str
    build: str
    max_file_bytes: int
    options: dict[str, VsftpdOption]
    foreign: dict[str, str]  # names known from other vsftpd builds -> where they exist
    elsewhere: dict[str, str]  # names other versions we measured accept -> those versions ("3.0.5")


_OPTION_FIELDS = frozenset(VsftpdOption._fields)
_CATALOG_FIELDS = frozenset(VsftpdCatalog._fields)


def parse_toml(text: str) -> dict[str, Any]:
    """tomllib on 3.11+, tomli before; a TOMLDecodeError is a ValueError either way."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

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
    """grammars/<name> as tomllib reads it, from its generated Python form ``ftpconf._catalogs.<daemon>``.

    Importing that module's .pyc takes a fraction of parsing the TOML (≈5 ms for vsftpd, more for
    proftpd) on every start.  The TOML stays the reviewed source: `make grammars` regenerates the
    module and tests/test_grammars_reproducible.py checks that both agree.
    """
    module = importlib.import_module(f"ftpconf._catalogs.{name.removesuffix('.toml')}")
    if hasattr(module, "DOCUMENT"):
        document: dict[str, Any] = module.DOCUMENT
        return document
    # Another version's catalogue, stored as what differs from the default's (tools/gen_catalog_modules.py).
    rebuilt: dict[str, Any] = patched(load_grammar(module.BASE), module.CHANGES, module.ORDER)
    return rebuilt


def patched(
    before: Any, change: Any, orders: Mapping[tuple[str, ...], Sequence[str]], path: tuple[str, ...] = ()
) -> Any:
    """``before``, the default version's value, with ``change`` applied (tools/gen_catalog_modules.py changes):
    of two tables, ``before``'s keys with theirs patched, None dropping one, then the new keys, in the order
    ``orders`` gives the table at ``path`` if any; else ``change`` itself."""
    if not (isinstance(before, dict) and isinstance(change, dict)):
        return change
    merged = before | {key: patched(before.get(key), value, orders, (*path, key)) for key, value in change.items()}
    return {key: merged[key] for key in orders.get(path, merged) if merged[key] is not None}


def versioned(daemon: str, version: str) -> str:
    """The module name of ``daemon``'s catalogue of ``version`` (tools/gen_catalog_modules.py)."""
    from ftpconf import versions

    return daemon if version == versions.default(daemon) else f"{daemon}_{version.replace('.', '_')}"


def vsftpd(version: str | None = None) -> VsftpdCatalog:
    """The catalogue of ``version`` (default: the one the run targets, ftpconf/versions.py)."""
    from ftpconf import versions

    return _vsftpd(version or versions.target("vsftpd"))


@functools.cache
def _vsftpd(version: str) -> VsftpdCatalog:
    from ftpconf import versions

    doc = load_grammar(versioned("vsftpd", version))
    # Another version's catalogue holds the default's own entries where the two agree (load_grammar): their
    # options are the default's.  A lint builds both (a default that differs is named in the origins).
    default = versions.default("vsftpd")
    same = {} if version == default else _vsftpd(default).options
    entries = load_grammar(versioned("vsftpd", default))["options"] if same else {}
    options = {
        name: same[name]
        if entries.get(name) is entry
        else record(VsftpdOption, _OPTION_FIELDS, entry, name=name, model=model_fields(entry))
        for name, entry in doc["options"].items()
    }
    return record(
        VsftpdCatalog,
        _CATALOG_FIELDS,
        doc["meta"],
        options=options,
        foreign=doc.get("foreign", {}),
        elsewhere=doc.get("elsewhere", {}),
    )


# proftpd's and pure-ftpd's tables live in modules of their own, imported when a run needs them.


def proftpd(version: str | None = None) -> "ProftpdCatalog":
    from ftpconf import versions
    from ftpconf.catalog_proftpd import load

    return load(version or versions.target("proftpd"))


def pureftpd() -> "PureftpdCatalog":
    from ftpconf.catalog_pureftpd import load

    return load()
