"""The dialect table: every fact about a daemon that code outside ``ftpconf/dialects/`` may ask, as data.

One row per daemon, as crossplane keeps its directive table: names, how its files and command lines
are recognised, how it refuses a command, whether its names ignore case, how many servers one file
holds.  The row's code (reader, writer, command-line reader) is imported on first use, so a run
imports only the dialect it reads.  Code outside ``ftpconf/dialects/`` never compares dialect names:
it asks this table.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from ftpconf.records import Record, private, set_field

if TYPE_CHECKING:  # the table itself imports nothing heavy: the CLI asks it before any model is built
    from ftpconf.dialects.base import DialectCode, Reading
    from ftpconf.dialects.writing import WriteOptions, Written
    from ftpconf.model import Config, DialectName
    from ftpconf.source import ReadOptions, SourceFile


class Dialect(Record, kw_only=True):
    """One row of the table: one object per dialect, so identity is equality (a Record, not a dataclass: its
    methods cost a cold start nothing to define, ftpconf/records.py)."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__
    name: DialectName  # as ftpconf spells it: --dialect, .ftpconf.toml, the model, JSON output
    daemon: str  # as its package and its admins spell it
    code_module: str  # the module whose CODE is this dialect's DialectCode
    aliases: tuple[str, ...] = ()  # further spellings --dialect and .ftpconf.toml accept
    file_hints: tuple[str, ...] = ()  # a file (or a folder above it) whose name holds one is this dialect's
    # (pattern, weight): a file whose text matches more, weighted, is this dialect's (multi-line regexes)
    content_signals: tuple[tuple[str, int], ...] = ()
    program: str = ""  # a command-line word naming the daemon's program (a regex on the word)
    # (program regex, directory): a program that starts the daemon with the settings kept in that directory
    settings_programs: tuple[tuple[str, str], ...] = ()
    # The reply to a data command the configuration refuses (docs/daemons/*.md: vsftpd §4, proftpd §7, pureftpd §4)
    refusal_reply: str = "refused"
    names_ignore_case: bool = False  # are setting names case-insensitive?
    servers_per_file: Literal["one", "many"] = "one"  # proftpd: <VirtualHost> sections
    forms: tuple[str, ...] = ()  # what convert --to writes for it; the first is its main file (= its name)
    passive_name_resolution: str = "name resolution on"  # how a finding tells to resolve the passive address
    # modules of model checks for this dialect alone, imported when a file of it is checked (ftpconf.registry
    # imports them all for `rules`, `explain` and the docs)
    rule_modules: tuple[str, ...] = ()
    # folders whose files are entries of a configuration read as a directory (asked before importing the code)
    entry_folders: tuple[str, ...] = ()
    _code: DialectCode = private()  # the code, once imported

    @property
    def code(self) -> DialectCode:
        try:
            return self._code
        except AttributeError:  # not imported yet
            set_field(self, "_code", importlib.import_module(self.code_module).CODE)
            return self._code

    def read(self, source: SourceFile, options: ReadOptions) -> Reading:
        return self.code.read(source, options)

    def invocation(self, command: str | Sequence[str], options: ReadOptions) -> Reading:
        return self.code.invocation(command, options)

    def write(self, config: Config, options: WriteOptions) -> Written:
        return self.code.write(config, options)

    def same_name(self, a: str, b: str) -> bool:
        return a.lower() == b.lower() if self.names_ignore_case else a == b


DIALECTS: tuple[Dialect, ...] = (
    Dialect(
        name="vsftpd",
        daemon="vsftpd",
        code_module="ftpconf.dialects.vsftpd.dialect",
        file_hints=("vsftpd",),
        content_signals=((r"^[ \t]*[a-z0-9_]+=", 1),),
        program=r"(?:^|/)vsftpd(?![^/]*\.conf$)[^/]*$",  # vsftpd, vsftpd-ssl; not vsftpd.conf
        refusal_reply="550",
        forms=("vsftpd",),
        passive_name_resolution="pasv_addr_resolve=YES",
    ),
    Dialect(
        name="proftpd",
        daemon="proftpd",
        code_module="ftpconf.dialects.proftpd.dialect",
        file_hints=("proftpd",),
        content_signals=(
            (r"^[ \t]*</?(?i:Global|VirtualHost|Anonymous|IfModule|Limit|Directory)\b", 3),
            (
                r"^[ \t]*(?:ServerName|ServerType|DefaultRoot|PassivePorts|MasqueradeAddress|"
                r"Port|User|Group|Umask|AllowOverwrite)\s",
                2,
            ),
        ),
        program=r"(?:^|/)(?:in\.)?proftpd$",
        refusal_reply="501",
        names_ignore_case=True,
        servers_per_file="many",
        forms=("proftpd",),
        rule_modules=("ftpconf.rules.proftpd",),
    ),
    Dialect(
        name="pureftpd",
        daemon="pure-ftpd",
        code_module="ftpconf.dialects.pureftpd.dialect",
        aliases=("pure-ftpd",),
        file_hints=("pure-ftpd", "pureftpd"),
        content_signals=(
            (
                r"^[ \t]*(?:ChrootEveryone|NoAnonymous|PassivePortRange|ForcePassiveIP|MaxClientsNumber|"
                r"Bind|PureDB|UnixAuthentication|PAMAuthentication)\b",
                2,
            ),
            # A command line that starts pure-ftpd (Dockerfile CMD, ExecStart=, a script): flags, not a file.
            (r"(?:^|[\s/\"'])pure-(?:ftpd(?:-[a-z]+)?|config\.pl)(?=[\s\"']|$)", 3),
        ),
        program=r"(?:^|/)pure-(?:ftpd(?:-[a-z]+)?|config\.pl)$",
        settings_programs=((r"(?:^|/)pure-ftpd-wrapper$", "/etc/pure-ftpd/conf/"),),  # Debian's
        entry_folders=("conf", "auth"),  # Debian's /etc/pure-ftpd/conf/ and auth/
        refusal_reply="500",
        forms=("pureftpd", "pureftpd-flags", "pureftpd-debian"),
        rule_modules=("ftpconf.rules.pureftpd",),
    ),
)

NAMES: tuple[DialectName, ...] = tuple(d.name for d in DIALECTS)  # the model's DialectName lists the same
_BY_NAME = {spelling: d for d in DIALECTS for spelling in (d.name, *d.aliases)}


class UnknownDialect(ValueError):
    pass


def get(name: str) -> Dialect:
    """The dialect called ``name`` (or one of its aliases)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownDialect(f"unknown dialect {name!r}; one of {', '.join(NAMES)}") from None


def spellings() -> tuple[str, ...]:
    """Every name --dialect accepts."""
    return tuple(_BY_NAME)


def daemon_name(name: str) -> str:
    """How admins spell the daemon of dialect ``name`` (the name itself when unknown)."""
    found = _BY_NAME.get(name)
    return found.daemon if found else name


# -- recognising a file or a command line -----------------------------------------------------------


def by_name(path: str) -> Dialect | None:
    """The dialect a file's name says, else the one its folders' names say."""
    parts = PurePath(path).parts
    for names in ([PurePath(path).name.lower()], [p.lower() for p in parts[:-1]]):
        for dialect in DIALECTS:
            if any(hint in part for hint in dialect.file_hints for part in names):
                return dialect
    return None


@cache
def _signals(name: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple((re.compile(pattern, re.M), weight) for pattern, weight in get(name).content_signals)


def by_content(text: str) -> Dialect | None:
    """The dialect whose signals the text matches most (weighted); None when it matches none."""
    scores = {d: sum(weight * len(p.findall(text)) for p, weight in _signals(d.name)) for d in DIALECTS}
    best = max(DIALECTS, key=lambda d: scores[d])
    return best if scores[best] else None


def detect(path: str, text: str) -> Dialect | None:
    return by_name(path) or by_content(text)


@cache
def _program(name: str) -> re.Pattern[str]:
    return re.compile(get(name).program)


def for_command(command: str | Sequence[str]) -> Dialect | None:
    """The daemon a command line starts: its program word (``shellwords.program_start``: after runners such as
    ``exec``, ``sudo -u ftp``, ``env X=1``), never an argument (``echo vsftpd`` starts no daemon)."""
    from ftpconf import shellwords  # a command line's words: only --cmdline and the carriers ask

    words = _argv(command) if isinstance(command, str) else list(command)
    at = shellwords.program_start(words)
    if at >= len(words):
        return None
    return names_program(words[at])


def names_program(word: str) -> Dialect | None:
    """The daemon whose program ``word`` names, wherever the word stands (a coarse test: is this file about
    an FTP daemon at all?); :func:`for_command` is the one that knows what a command line starts."""
    for dialect in DIALECTS:
        if _program(dialect.name).search(word):
            return dialect
    return None


def _argv(command: str) -> list[str]:
    """The words of the first command of a command line as written (a JSON argv, or shell words)."""
    from ftpconf import shellwords

    body = shellwords.CARRIER_PREFIX.sub("", command, count=1)
    argv = shellwords.exec_form(body)
    if argv is not None:
        return argv
    words = []
    for word in shellwords.split(body):
        if word.operator:
            break
        words.append(word.text)
    return words


def settings_directory(word: str) -> tuple[Dialect, str] | None:
    """The daemon a program starts with its settings kept in a directory (Debian's pure-ftpd-wrapper), and it."""
    for dialect in DIALECTS:
        for pattern, directory in dialect.settings_programs:
            if re.search(pattern, word):
                return dialect, directory
    return None


def for_form(form: str) -> Dialect | None:
    """The dialect that writes ``form`` (convert --to); None for the neutral TOML/JSON forms."""
    for dialect in DIALECTS:
        if form in dialect.forms:
            return dialect
    return None
