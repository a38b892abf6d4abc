"""The proftpd directive catalogue (grammars/proftpd.toml); `ftpconf.catalog.proftpd()` loads it.

A module of its own so that reading another daemon's file does not build these classes."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ftpconf.catalog import ModelField, load_grammar, model_fields, record, versioned
from ftpconf.catalog_common import Catalogue


class ArgPosition(NamedTuple):
    """What `proftpd -t` refuses at one position of a line of ``count`` arguments (measured with lines of that
    count the binary accepts, one position changed: data/proftpd-argument-positions.tsv)."""

    nargs: int  # the number of arguments of the lines measured
    position: int  # 1-based
    refused: frozenset[str]  # value classes of values.value_class
    words: frozenset[str]  # words of a refused class it still takes there (compared ignoring case)
    message: str  # proftpd's message for a refused value, measured with ''
    bases: tuple[str, ...]  # the accepted lines (arguments) it was measured with, one position changed


@dataclass(frozen=True, slots=True)
class ProftpdDirective:
    name: str
    module: str
    also_in: tuple[str, ...]  # further modules that register the same name
    needs_load_module: bool
    kind: Literal["boolean", "text"]
    contexts: frozenset[str]  # allowed, from the handler's CHECK_CONF
    contexts_rejected: frozenset[str]  # where `proftpd -t` said "not allowed" (conclusive)
    # Argument counts the binary accepted: counts 0 to arities_probed were probed (a count above them is taken
    # where the count two below is; rows probed to 4 only: 4 stands for "4 or more"), a count above that range
    # is one measured exactly (SQLUserInfo takes 1 or 7).  None: not probed.
    arities: frozenset[int] | None
    min_args: int | None = None
    arities_probed: int = 4
    syntax: str = ""
    documented_max_args: int | None = None
    default: str = ""
    secret_args: tuple[int, ...] = ()  # 1-based arguments holding a password or shared secret: never printed
    # Given twice in one context: which occurrence proftpd applies, "first" or "last" (data/repeats.tsv);
    # "" where ftpconf does not claim to know (only the directives the model reads are measured).
    repeat: str = ""
    model: tuple[ModelField, ...] = ()  # the model fields it feeds (data/model_fields.tsv)
    # What `proftpd -t` refuses as the first argument (data/proftpd-argument-rules.tsv): value classes of
    # values.value_class, except the enumeration words listed (compared ignoring case when any_case).
    arg1_refused: frozenset[str] = frozenset()
    arg1_words: frozenset[str] = frozenset()
    arg1_words_any_case: bool = False
    arg1_min: int | None = None  # the integers it takes, where it takes some (None: unbounded)
    arg1_max: int | None = None
    arg1_with_more: bool = False  # the rule also holds when further arguments follow (probed alone)
    arg1_message: str = ""  # proftpd's message for a refused value, measured with '' (see values._message)
    # words taken only with one of these modules loaded too (mod_sql_passwd's SQLAuthTypes SHA256)
    arg_word_modules: tuple[tuple[str, tuple[str, ...]], ...] = ()
    arg_each: bool = False  # an option list: every argument is held to the first one's rule (TLSOptions)
    # The first argument names a file that must exist when proftpd reads the line (TLSRSACertificateFile):
    # proftpd's message when it does not, {} standing for the path (data/proftpd-file-arguments.tsv).
    file_message: str = ""
    arg_positions: tuple[ArgPosition, ...] = ()

    @property
    def secret(self) -> bool:
        return bool(self.secret_args)

    def allowed_in(self, context: str) -> bool:
        if self.contexts_rejected:
            return context not in self.contexts_rejected
        return context in self.contexts

    def accepts_count(self, count: int) -> bool:
        if self.arities is not None:
            if count in self.arities:
                return True
            top = self.arities_probed
            if count > top and not self.arities:  # none of those probed accepted: the handler's minimum
                return self.min_args is None or count >= self.min_args
            if top == 4:  # a row probed before the range grew: 4 stands for "4 or more"
                return count > 4 and 4 in self.arities and max(self.arities) == 4
            # above the probed range as two below: an open list (5, 6), pairs (4, 6) and fixed counts alike
            return count > top and self.accepts_count(count - 2)
        return self.min_args is None or count >= self.min_args


@dataclass(frozen=True, slots=True)
class ProftpdModule:
    name: str
    static: bool
    package: str
    debian_default: bool
    requires: str | None = None  # the module it needs loaded first
    broken: str | None = None  # why the Debian build cannot load it


@dataclass(frozen=True)
class ProftpdCatalog(Catalogue):
    max_line_bytes: int
    static_modules: tuple[str, ...]
    debian_default_modules: tuple[str, ...]
    modules: dict[str, ProftpdModule]
    directives: dict[str, ProftpdDirective]  # keyed by lower-cased name: proftpd names are case-insensitive
    renamed: dict[str, str]  # lower-cased old name -> current name

    def directive(self, name: str) -> ProftpdDirective | None:
        return self.directives.get(name.lower())


def _fields(kind: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(kind))


_DIRECTIVE_FIELDS, _MODULE_FIELDS, _CATALOG_FIELDS = map(_fields, (ProftpdDirective, ProftpdModule, ProftpdCatalog))


@functools.cache
def load(version: str) -> ProftpdCatalog:
    doc = load_grammar(versioned("proftpd", version))
    directives = {
        name.lower(): record(
            ProftpdDirective,
            _DIRECTIVE_FIELDS,
            entry,
            name=name,
            also_in=tuple(entry.get("also_in", ())),
            contexts=frozenset(entry["contexts"]),
            contexts_rejected=frozenset(entry.get("contexts_rejected", ())),
            arities=frozenset(entry["arities"]) if "arities" in entry else None,
            secret_args=tuple(entry.get("secret_args", ())),
            model=model_fields(entry),
            arg1_refused=frozenset(entry.get("arg1_refused", ())),
            arg1_words=frozenset(entry.get("arg1_words", ())),
            arg_word_modules=tuple((w, tuple(m)) for w, m in sorted(entry.get("arg_word_modules", {}).items())),
            arg_positions=tuple(
                ArgPosition(
                    p["count"],
                    p["position"],
                    frozenset(p["refused"]),
                    frozenset(p.get("words", ())),
                    p.get("message", ""),
                    tuple(p["bases"]),
                )
                for p in entry.get("arg_positions", ())
            ),
        )
        for name, entry in doc["directives"].items()
    }
    meta = doc["meta"]
    return record(
        ProftpdCatalog,
        _CATALOG_FIELDS,
        meta,
        static_modules=tuple(meta["static_modules"]),
        debian_default_modules=tuple(meta["debian_default_modules"]),
        modules={name: record(ProftpdModule, _MODULE_FIELDS, row, name=name) for name, row in doc["modules"].items()},
        directives=directives,
        renamed={old.lower(): new for old, new in doc.get("renamed", {}).items()},
    )
