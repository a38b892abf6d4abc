"""What every dialect offers, whatever its daemon: the types its reader, writer and command-line reader share.

A dialect's code is one :class:`DialectCode` object (``ftpconf/dialects/<daemon>/dialect.py``); the
registry (``ftpconf/dialects/registry.py``) holds the facts about each daemon as data and imports its
code only when a run needs it, so a vsftpd lint never imports the proftpd reader.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ftpconf.records import MutableRecord, Record

if TYPE_CHECKING:
    from ftpconf.diagnostics import Diagnostic, Edit
    from ftpconf.dialects.comments import Comment
    from ftpconf.dialects.secret import Secret
    from ftpconf.dialects.writing import WriteOptions, Written
    from ftpconf.model import Config
    from ftpconf.source import ReadOptions, SourceFile, Span
    from ftpconf.textedit import TextFixer

COMMAND_LINE = "<command line>"  # the path findings on a --cmdline command carry


class Occurrence(Record):  # one per ignored occurrence: thousands in a file an entrypoint appended to
    """One place a setting is given: a line of a file or a word of a command line."""

    span: Span
    text: str  # as a message quotes it: `listen_port=2121`, `PassivePorts 30000 30009`, `-p 30000:30009`
    value: object  # what the daemon compares: equal values make a repeat redundant rather than ignored
    deletion: Edit | None = None  # the edit that removes it, where the reader must say (proftpd continuations)
    # It is the whole physical line ``span.line`` of a file: the rule builds the edit that deletes it from
    # the text, after the reader's line objects are freed (thousands of repeats would hold them at the peak).
    whole_line: bool = False


Which = Literal["first", "last"]  # which of a repeated setting's occurrences the daemon applies


class Repeat(Record):
    """A setting given more than once where the daemon applies one occurrence and ignores the others."""

    applied: Occurrence
    ignored: tuple[Occurrence, ...]
    which: Which
    name: str  # the setting as the daemon names it, e.g. `PassivePorts`
    safe_deletion: bool = True  # deleting a redundant one keeps behaviour (not so when a -o setting wins)
    scope: str = ""  # where the repeat counts, for the message: proftpd's " in this context"


class Reading(MutableRecord):
    """What reading a configuration gives in every dialect: the model, the findings, the texts read."""

    config: Config
    diagnostics: list[Diagnostic]
    texts: dict[str, str]  # every file read, path -> text: code frames, fixes and suppressions use them
    # The dialect's own record of what the daemon applied (vsftpd's settings, proftpd's section tree,
    # pure-ftpd's flags): for tests and dialect code; nothing outside the dialect reads it.
    facts: object
    repeats: list[Repeat]  # judged by ftpconf/rules/repeats.py
    # Settings the reader could not see (a file it cannot read, a `$VAR` word that may stand for any
    # words): judgements of what is absent or left at a default would be guesses (parts.unseen).
    unseen: bool = False

    @property
    def path(self) -> str:
        return self.config.sources[0]


if TYPE_CHECKING:  # a Protocol class costs a cold start a millisecond; only mypy needs it
    from typing import Protocol

    class TextDocument(Protocol):
        """A file a reader read and keeps byte for byte."""

        @property
        def path(self) -> str: ...

        def text(self) -> str: ...


D = TypeVar("D", bound="TextDocument")


class ReaderResult(MutableRecord, Generic[D]):
    """What each dialect's reader returns besides its own facts, which its subclass adds (keyword-only)."""

    config: Config
    documents: list[D]
    diagnostics: list[Diagnostic]
    repeats: list[Repeat]

    @property
    def texts(self) -> dict[str, str]:
        return {doc.path: doc.text() for doc in self.documents}


def reading_of(result: ReaderResult[Any], facts: object, unseen: bool = False) -> Reading:
    return Reading(result.config, result.diagnostics, result.texts, facts, result.repeats, unseen)


class InvocationError(Exception):
    """A command line the daemon would not start with (an unknown option): unusable input, exit 2."""


class DialectCode(ABC):
    """The code of one dialect.  The defaults fit a dialect of plain files without secrets."""

    name: str  # the registry's name for it, which is also its main form

    @abstractmethod
    def catalogue(self) -> object:
        """The daemon's catalogue of settings (grammars/<daemon>.toml, typed): names, arguments, defaults."""

    @abstractmethod
    def read(self, source: SourceFile, options: ReadOptions) -> Reading:
        """Read a configuration file (and what it includes) as the daemon would."""

    def main_files(self, path: str, options: ReadOptions) -> list[str]:
        """Files that may include ``path`` as part of their configuration, most likely first (ftpconf/parts.py)."""
        return []

    def is_fragment(self, path: str) -> bool:
        """Is ``path`` by its place a part of a configuration, never read alone (proftpd's conf.d/)?"""
        return False

    def directory_holding(self, path: str) -> str | None:
        """The directory configuration ``path`` is one entry of (pure-ftpd: a file of Debian's conf/), if any."""
        return None

    def reads_directory(self, path: str) -> bool:
        """Is this directory a configuration of this dialect (pure-ftpd: Debian's conf/)?"""
        return False

    def read_directory(self, path: str, options: ReadOptions) -> Reading:
        raise NotImplementedError(f"{type(self).__name__} reads no directory")

    @abstractmethod
    def invocation(self, command: str | Sequence[str], options: ReadOptions) -> Reading:
        """Read a command line that starts the daemon: its options, and the files it names.

        Raises :class:`InvocationError` for a command line the daemon refuses outright.
        """

    @abstractmethod
    def write(self, config: Config, options: WriteOptions) -> Written:
        """The model as this dialect's text, in ``options.form``."""

    def read_written(self, written: Written, form: str, name: str) -> Reading:
        """Read back what :meth:`write` produced, with the reader lint uses (``name``: its path)."""
        from ftpconf.source import ReadOptions, SourceFile, encode

        return self.read(SourceFile(name, encode(written.files[""])), ReadOptions())

    def form_of(self, path: str) -> str:
        """Which of the dialect's forms (registry ``forms``) a read path is in."""
        return self.name

    @abstractmethod
    def comments(self, text: str) -> list[Comment]:
        """The comment lines of a file, each with the setting it stands above."""

    def has_comments(self, path: str, file: str) -> bool:
        """Can ``file`` (read while linting ``path``) carry comments at all?"""
        return True

    def secrets(self, path: str, text: str) -> list[Secret]:
        """The secrets written in one file of this dialect."""
        return []

    def model_secrets(self, config: Config) -> list[Secret]:
        """Secret values the model holds beyond the files' text (e.g. expanded from the environment);
        their ``start``/``end`` are -1: they stand at no place of a file."""
        return []

    def secret_names(self) -> frozenset[str]:
        """Lower-case names of settings that carry secrets: exports leave them out."""
        return frozenset()

    def text_fixers(self) -> Mapping[str, TextFixer]:
        """Fixers for model findings (by code) that edit this dialect's text: a model check knows lines only."""
        return {}

    def names_in_output(self, config: Config, written: Written) -> set[str]:
        """Lower-case names of the settings a written file holds, as the reader read it back."""
        return {extra.name.lower() for server in config.servers for extra in server.extras}
