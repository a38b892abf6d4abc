"""The state one proftpd read shares between its jobs, and the one way a handler error is reported.

reader.py's ``_Reader`` is put together from one mixin per job (includes.py, conditionals.py,
sections.py, modules.py, names.py, checks.py); each subclasses ``ReaderState`` so mypy sees the
fields it reads and writes.  Only what more than one job needs lives here: the fields, the open
sections, ``fatal`` (an error is fatal except the first one in an included file, which instead stops
the including files: that is what the include trap fields record) and whether a directive's module
is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ftpconf import input_codes
from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.diagnostics import Diagnostic, Fix, RuleInfo
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.blocks import Block
from ftpconf.dialects.proftpd.grammar import Document, Logical
from ftpconf.dialects.proftpd.words import Word
from ftpconf.source import HostPaths, Span
from ftpconf.suggest import Suggester


@dataclass
class Statement:
    path: str
    logical: Logical
    words: list[Word]
    depth: int  # include depth of the file

    def span(self, word: Word | None = None) -> Span:
        if word is None or len(self.logical.lines) > 1:
            return Span(self.path, self.logical.number, 1, None)
        return Span(self.path, self.logical.number, word.start + 1, word.end + 1)

    def raw_word(self, index: int) -> str | None:
        """Word ``index`` as written, when the statement is one physical line (offsets then map to the file)."""
        if len(self.logical.lines) != 1 or index >= len(self.words):
            return None
        word = self.words[index]
        return self.logical.first.text[word.start : word.end]


@dataclass
class ReaderState:
    modules: set[str]
    defines: set[str]
    environ: dict[str, str]
    packages: frozenset[str] | None  # Debian packages whose modules' .so files are installed; None: any of Debian 12's
    explicit_modules: bool  # a module set given by the caller replaces the files' LoadModule lines
    root: Block = field(default_factory=lambda: Block("server"))
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    include_stack: list[str] = field(default_factory=list)
    trapped: set[str] = field(default_factory=set)  # included files that already had their one non-fatal error
    trap_depth: int | None = None  # set once an included file's error stops its parents
    ignore_temp_files: bool = False
    ignore_wildcards: bool = False
    suggesters: dict[int, Suggester] = field(default_factory=dict)  # by the number of modules loaded
    include_budget: input_codes.IncludeBudget = field(default_factory=input_codes.IncludeBudget)
    renames: list[tuple[int, str]] = field(default_factory=list)  # (index of a typo finding, suggested name)
    host: HostPaths = field(default_factory=HostPaths)  # where the server's absolute paths are here
    environ_is_ours: bool = True  # ftpconf's own environment, not the daemon's: an unset variable is a host fact
    not_found: set[str] = field(default_factory=set)  # Include targets already reported as not found here
    default_server_set: bool = False  # a DefaultServer on was read: a second one is fatal, in any server

    def __post_init__(self) -> None:
        self.open: list[Block] = [self.root]  # the sections open at this point, outermost first

    @property
    def block(self) -> Block:
        return self.open[-1]

    def read_file(self, path: str, text: str, depth: int) -> None:
        """Read one file's statements (reader.py); Include calls it for each included file."""
        raise NotImplementedError

    def _stock_modules_conf(self, target: str) -> str | None:
        """A missing Include of Debian's modules.conf (modules.py)."""
        raise NotImplementedError

    def _loaded(self, directive: ProftpdDirective) -> bool:
        return any(m in self.modules for m in (directive.module, *directive.also_in))

    def fatal(
        self, st: Statement, rule: RuleInfo, span: Span, message: str, *notes: str, fix: Fix | None = None
    ) -> None:
        """A handler error: fatal, except the first one in an included file (see INCLUDE_TRAP)."""
        if st.depth > 0 and st.path not in self.trapped:
            self.trapped.add(st.path)
            self.trap_depth = st.depth if self.trap_depth is None else min(self.trap_depth, st.depth)
            self.diagnostics.append(
                codes.INCLUDE_TRAP.at(
                    span,
                    f"proftpd rejects this line ({message}) but, since it is in an included file, only skips it "
                    "and silently stops reading the including file(s) after their Include line",
                    *notes,
                    fix=fix,
                )
            )
            return
        self.diagnostics.append(rule.at(span, f"{message}: proftpd refuses to start", *notes, fix=fix))
