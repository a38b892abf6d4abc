"""proftpd: lossless documents -> the configuration proftpd applies -> model, with findings.

The order of operations is proftpd 1.3.8's own (docs/daemons/proftpd.md §1-§6): lines of at most 4096 bytes,
backslash continuations, words (quotes, ``#`` comments), ``%{env:}``; conditionals are decided as
they are read (``LoadModule``/``Define`` count only above them); a false ``<IfModule>`` body is
skipped unparsed; sections nest across included files; an error inside an included file is not
fatal but stops the parsing of every including file after its ``Include`` line.

This module keeps the reading itself: the file loop (line units, the include trap, skipping false
conditionals), one statement's dispatch to the job that handles it, the directives the parser acts on
itself, and ``read()``.  The jobs are one mixin each over the shared state (state.py): includes.py,
conditionals.py, sections.py, modules.py, names.py (unknown names, suggestions) and checks.py
(argument checks).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ftpconf import catalog, input_codes
from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.dialects.base import ReaderResult
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.blocks import Applied, Block, context_label, context_of
from ftpconf.dialects.proftpd.checks import JOINED_ARGS, Checks
from ftpconf.dialects.proftpd.conditionals import CONDITIONALS, Conditionals, Skip
from ftpconf.dialects.proftpd.grammar import Document, Logical, parse
from ftpconf.dialects.proftpd.includes import MAX_INCLUDE_DEPTH, Includes
from ftpconf.dialects.proftpd.model_builder import build_config
from ftpconf.dialects.proftpd.modules import CORE_PACKAGE, Modules, initial_modules
from ftpconf.dialects.proftpd.names import Names
from ftpconf.dialects.proftpd.repeats import repeated
from ftpconf.dialects.proftpd.sections import SECTIONS, Sections
from ftpconf.dialects.proftpd.state import Statement
from ftpconf.dialects.proftpd.syntax import section_words
from ftpconf.dialects.proftpd.words import Word, expand_env, split_words
from ftpconf.source import ReadOptions, SourceFile, Span, decode, encode

if TYPE_CHECKING:
    pass

__all__ = [
    "CONDITIONALS",
    "JOINED_ARGS",
    "MAX_INCLUDE_DEPTH",
    "SECTIONS",
    "ReadResult",
    "read",
]


class ReadResult(ReaderResult[Document]):
    root: Block  # the section tree: which statements each context holds

class _Reader(Includes, Conditionals, Sections, Modules, Names, Checks):
    """One read: the files, their statements, and which job each statement is for."""

    # -- files --------------------------------------------------------------------------------------
    def read_file(self, path: str, text: str, depth: int) -> None:
        document = parse(path, text)
        self.documents.append(document)
        skip: Skip | None = None
        for logical, line_text in self._units(document):
            if logical.kind != "directive":
                continue
            if self.trap_depth is not None and depth < self.trap_depth:
                self._dropped(path, logical)
                return
            if skip is not None:
                skip = self._skipping(skip, line_text)
                continue
            words = split_words(line_text)
            if not words:
                continue
            skip = self.statement(Statement(path, logical, words, depth))
        if skip is not None:
            self._unclosed_conditional(skip)

    def _units(self, document: Document) -> Iterator[tuple[Logical, str]]:
        """Logical lines as proftpd's 4096-byte buffer cuts them: an over-long line continues as a new line."""
        limit = catalog.proftpd().max_line_bytes
        for logical in document.logical:
            text = logical.text
            raw = encode(text)
            if len(raw) < limit:
                yield logical, text
                continue
            self.diagnostics.append(
                codes.LINE_TOO_LONG.at(
                    Span(document.path, logical.number),
                    f"line of {len(raw)} bytes: proftpd reads the first {limit} and parses the rest as a new line "
                    "(`handling possibly truncated configuration data`)",
                )
            )
            for start in range(0, len(raw), limit):
                yield logical, decode(raw[start : start + limit])

    # -- one statement ------------------------------------------------------------------------------
    def statement(self, st: Statement) -> Skip | None:
        unset: list[str] = []
        words = [self._expand(st, w, unset) if "%{env:" in w.text else w for w in st.words]
        words = section_words(words)
        name, args = words[0].text, tuple(w.text for w in words[1:])
        lname = name.lower()
        span = st.span(words[0])
        if not name.isascii():
            self._non_ascii(st, name, span)
            return None
        if lname in ("<ifmodule>", "<ifdefine>") or (lname == "<ifversion>" and "mod_ifversion" in self.modules):
            return self._conditional(st, CONDITIONALS[lname[1:-1]], args, span)
        if lname in ("</ifmodule>", "</ifdefine>") or (lname == "</ifversion>" and "mod_ifversion" in self.modules):
            self._close_conditional(st, name, args, span)
            return None
        directive = catalog.proftpd().directive(lname)
        if directive is None or not self._loaded(directive):
            self._unknown(st, name, directive, span)
            return None
        if lname.startswith("</"):
            self._close(st, directive, args, span)
            return None
        context = context_of(self.open)
        if not directive.allowed_in(context):
            self.fatal(
                st,
                codes.WRONG_CONTEXT,
                span,
                f"fatal: {directive.name}: directive not allowed in {context_label(context)} context",
            )
            return None
        if lname.startswith("<"):
            self._open(st, directive, args, span)
            return None
        if unset:  # the value is the daemon's environment's, not this one's: neither checked nor applied
            return None
        if not self._check_args(st, directive, args, span) or not self._special(st, directive, args, span):
            return None
        if self._crashes_empty_server(st, directive, span):
            return None
        self._extra_args(directive, args, st, words)
        self.block.add(Applied(directive.name, args, span))
        return None

    def _expand(self, st: Statement, word: Word, unset: list[str]) -> Word:
        text, missing = expand_env(word.text, self.environ)
        if not self.environ_is_ours:  # the daemon's environment was given: unset is unset there, judged as empty
            return word if text == word.text else Word(text, word.start, word.end, word.quoted)
        for name in dict.fromkeys(missing):
            if name in unset:
                continue
            unset.append(name)
            self.diagnostics.append(
                input_codes.from_environment(
                    st.span(word),
                    [f"%{{env:{name}}}"],
                    "",
                    "proftpd reads the file",
                    "that is not set where ftpconf runs",
                    "this line",
                    "proftpd reads an unset variable as an empty string; set it when running ftpconf to check the "
                    "line with a value",
                )
            )
        return word if text == word.text else Word(text, word.start, word.end, word.quoted)

    # -- directives the parser itself acts on ------------------------------------------------------
    def _special(self, st: Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> bool:
        """Include, LoadModule, Define, SetEnv, IncludeOptions; False when the line failed."""
        lname = directive.name.lower()
        if lname == "include":
            return self._include(st, args[0], span)
        if lname == "loadmodule":
            return self._load_module(st, args[0], span)
        if lname == "define":
            self.defines.add(args[0])
        elif lname == "setenv" and len(args) >= 2:
            self.environ[args[0]] = args[1]
        elif lname == "unsetenv":
            self.environ.pop(args[0], None)
        elif lname == "includeoptions":
            self._include_options(args)
        return True


def read(source: SourceFile, options: ReadOptions | None = None) -> ReadResult:
    """Read a proftpd.conf and everything it includes, as ``proftpd -t -c FILE`` would."""
    options = options or ReadOptions()
    reader = _Reader(
        modules=initial_modules(options.modules),
        packages=None if options.packages is None else frozenset((CORE_PACKAGE, *options.packages)),
        explicit_modules=options.modules is not None,
        defines=set(options.defines),
        environ=dict(os.environ if options.environ is None else options.environ),
        environ_is_ours=options.environ is None,
        host=options.host_paths(source.path),
    )
    reader.include_stack.append(os.path.realpath(source.path))
    reader.read_file(source.path, source.text, 0)
    reader.finish(source.path)
    reader.settle_renames()
    config = build_config(reader.root, source.path)
    repeats = repeated(reader.root, reader.documents)
    return ReadResult(config, reader.documents, reader.diagnostics, repeats, root=reader.root)
