"""proftpd: lossless documents -> the configuration proftpd applies -> model, with findings.

The order of operations is proftpd 1.3.8's own (docs/daemons/proftpd.md §1-§6): lines of at most 4096 bytes,
backslash continuations, words (quotes, ``#`` comments), ``%{env:}``; conditionals are decided as
they are read (``LoadModule``/``Define`` count only above them); a false ``<IfModule>`` body is
skipped unparsed; sections nest across included files; an error inside an included file is not
fatal but stops the parsing of every including file after its ``Include`` line.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ftpconf import catalog, input_codes
from ftpconf.catalog import ProftpdDirective
from ftpconf.diagnostics import Diagnostic, Edit, Fix, RuleInfo
from ftpconf.dialects.base import Repeat
from ftpconf.dialects.proftpd import codes, limits, values
from ftpconf.dialects.proftpd.blocks import SESSION_CONDITIONALS, Applied, Block, context_label, context_of
from ftpconf.dialects.proftpd.grammar import Document, Logical, parse
from ftpconf.dialects.proftpd.model_builder import build_config
from ftpconf.dialects.proftpd.repeats import repeated
from ftpconf.dialects.proftpd.words import Word, expand_env, split_words
from ftpconf.model import Config
from ftpconf.source import InputError, ReadOptions, SourceFile, Span, decode, encode, printable, read_source
from ftpconf.suggest import Suggester

SECTIONS = {
    "global": "Global",
    "virtualhost": "VirtualHost",
    "anonymous": "Anonymous",
    "directory": "Directory",
    "limit": "Limit",
    "class": "Class",
    "ifuser": "IfUser",
    "ifgroup": "IfGroup",
    "ifclass": "IfClass",
    "ifauthenticated": "IfAuthenticated",
}
CONDITIONALS = {"ifmodule": "IfModule", "ifdefine": "IfDefine", "ifversion": "IfVersion"}
VERSION = (1, 3, 8)
# Handlers that join all their arguments into one value (`Order allow, deny`).
JOINED_ARGS = frozenset({"Order", "Allow", "Deny"})
MAX_INCLUDE_DEPTH = 64
# Names proftpd's IncludeOptions IgnoreTempFiles skips, and backups nothing skips.
_TEMP_FILE = re.compile(r".*~$|^#.*#$")
_BACKUP_FILE = re.compile(r".*\.(bak|orig|old|swp|swo|dpkg-(old|dist|new|bak)|ucf-(old|dist|new)|rpmsave|rpmnew)$")
_GLOB = re.compile(r"[*?\[]")


@dataclass
class ReadResult:
    config: Config
    root: Block
    documents: list[Document]
    diagnostics: list[Diagnostic]
    repeats: list[Repeat] = field(default_factory=list)

    @property
    def texts(self) -> dict[str, str]:
        return {doc.path: doc.text() for doc in self.documents}


@dataclass
class _Skip:
    """A false conditional whose body proftpd skips without parsing, up to the matching closer."""

    kind: str
    span: Span
    negated: bool
    module: str | None
    depth: int = 1
    skipped: int = 0


@dataclass
class _Statement:
    path: str
    logical: Logical
    words: list[Word]
    depth: int  # include depth of the file

    def span(self, word: Word | None = None) -> Span:
        if word is None or len(self.logical.lines) > 1:
            return Span(self.path, self.logical.number)
        return Span(self.path, self.logical.number, word.start + 1, word.end + 1)


@dataclass
class _Reader:
    modules: set[str]
    defines: set[str]
    environ: dict[str, str]
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

    def __post_init__(self) -> None:
        self.open: list[Block] = [self.root]  # the sections open at this point, outermost first

    @property
    def block(self) -> Block:
        return self.open[-1]

    # -- files --------------------------------------------------------------------------------------
    def read_file(self, path: str, text: str, depth: int) -> None:
        document = parse(path, text)
        self.documents.append(document)
        skip: _Skip | None = None
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
            skip = self.statement(_Statement(path, logical, words, depth))
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

    def _dropped(self, path: str, logical: Logical) -> None:
        self.diagnostics.append(
            codes.INCLUDE_TRAP.at(
                Span(path, logical.first.number),
                f"proftpd silently ignores this line and the rest of {path}: an included file above had an error "
                "(`unable to include ...: Operation not permitted`), and `proftpd -t` still passes",
            )
        )

    # -- one statement ------------------------------------------------------------------------------
    def statement(self, st: _Statement) -> _Skip | None:
        words = [self._expand(st, w) if "%{env:" in w.text else w for w in st.words]
        words = _section_words(words)
        name, args = words[0].text, tuple(w.text for w in words[1:])
        lname = name.lower()
        span = st.span(words[0])
        if not name.isascii():
            self._non_ascii(st, name, span)
            return None
        if lname in ("<ifmodule>", "<ifdefine>") or (lname == "<ifversion>" and "mod_ifversion" in self.modules):
            return self._conditional(st, CONDITIONALS[lname[1:-1]], args, span)
        if lname in ("</ifmodule>", "</ifdefine>") or (lname == "</ifversion>" and "mod_ifversion" in self.modules):
            if args:
                self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: {name}: wrong number of parameters: {args[0]}")
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
        if not directive.accepts_count(len(args)):
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: {directive.name}: wrong number of parameters")
            return None
        problem = values.check(directive, args)
        if problem is not None:
            rule = {"passiveports": codes.PASSIVE_PORTS}.get(lname, codes.BAD_VALUE)
            fix = self._swap_ports_fix(st) if lname == "passiveports" else None
            self.fatal(st, rule, span, f"fatal: {directive.name}: {problem}", fix=fix)
            return None
        if not self._special(st, directive, args, span):
            return None
        self._extra_args(directive, args, st, words)
        self.block.add(Applied(directive.name, args, span))
        return None

    def _expand(self, st: _Statement, word: Word) -> Word:
        text, unset = expand_env(word.text, self.environ)
        for name in dict.fromkeys(unset):
            self.diagnostics.append(
                codes.ENV_UNSET.at(st.span(word), f"`%{{env:{name}}}` is not set: proftpd reads it as an empty string")
            )
        return word if text == word.text else Word(text, word.start, word.end, word.quoted)

    def _loaded(self, directive: ProftpdDirective) -> bool:
        return any(m in self.modules for m in (directive.module, *directive.also_in))

    def fatal(
        self, st: _Statement, rule: RuleInfo, span: Span, message: str, *notes: str, fix: Fix | None = None
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

    # -- names --------------------------------------------------------------------------------------
    def _unknown(self, st: _Statement, name: str, directive: ProftpdDirective | None, span: Span) -> None:
        cat = catalog.proftpd()
        notes: list[str] = []
        if directive is not None:
            module = cat.modules[directive.module]
            package = "" if module.package == "proftpd-core" else f", Debian package {module.package}"
            notes.append(
                f"`{directive.name}` comes from {directive.module}, which is not loaded: add "
                f"`LoadModule {directive.module}.c` above this line{package}, or wrap it in "
                f"`<IfModule {directive.module}.c>`"
            )
        elif name.lower() in cat.renamed:
            notes.append(f"`{name}` is a name from older proftpd releases; 1.3.8 uses `{cat.renamed[name.lower()]}`")
        similar = self._similar(name)
        if similar:
            notes.insert(0, "Did you mean: " + ", ".join(similar))
        fix = None
        if directive is None and len(similar) == 1 and self._raw_word(st, 0) == name and not name.startswith("<"):
            start = st.logical.first.offset + st.words[0].start
            fix = Fix(f"rename to `{similar[0]}`", (Edit(st.path, start, start + len(name), similar[0]),), safe=False)
            self.renames.append((len(self.diagnostics), similar[0]))  # made safe, or not, by settle_renames()
        self.fatal(
            st,
            codes.UNKNOWN_DIRECTIVE,
            span,
            f"fatal: unknown configuration directive '{printable(name)}'",
            *notes,
            fix=fix,
        )

    @staticmethod
    def _raw_word(st: _Statement, index: int) -> str | None:
        """Word ``index`` as written, when the statement is one physical line (offsets then map to the file)."""
        if len(st.logical.lines) != 1 or index >= len(st.words):
            return None
        word = st.words[index]
        return st.logical.first.text[word.start : word.end]

    def _swap_ports_fix(self, st: _Statement) -> Fix | None:
        """``PassivePorts 30099 30000`` -> ``PassivePorts 30000 30099``, when that is a range proftpd accepts."""
        low, high = self._raw_word(st, 1), self._raw_word(st, 2)
        if not (low and high and low.isdigit() and high.isdigit()) or values.passive_ports((high, low)) is not None:
            return None
        offset = st.logical.first.offset
        first, second = st.words[1], st.words[2]
        edits = (
            Edit(st.path, offset + first.start, offset + first.end, high),
            Edit(st.path, offset + second.start, offset + second.end, low),
        )
        return Fix(f"swap the two ports: PassivePorts {high} {low}", edits)

    def settle_renames(self) -> None:
        """A typo fix is safe when its one suggestion appears nowhere in the configuration already."""
        if not self.renames:  # the usual case: no need to split every line a second time
            return
        used = {
            words[0].text.lower()
            for document in self.documents
            for logical in document.logical
            if logical.kind == "directive" and (words := split_words(logical.text))
        }
        targets = [name for _, name in self.renames]
        for index, name in self.renames:
            diagnostic = self.diagnostics[index]
            if diagnostic.fix is None or name.lower() in used or targets.count(name) > 1:
                continue
            self.diagnostics[index] = replace(diagnostic, fix=replace(diagnostic.fix, safe=True))

    def _similar(self, name: str) -> list[str]:
        """The loaded directives ``name`` most likely misspells (proftpd names are case-insensitive)."""
        loaded = len(self.modules)  # modules are only ever added, so the count identifies the set
        if loaded not in self.suggesters:
            directives = catalog.proftpd().directives.items()
            names = (d.name for key, d in directives if self._loaded(d) and not key.startswith("</"))
            # 0.75: proftpd has ~500 names, many short; a lower cutoff suggests noise for words that are no typo.
            # At most 4, as proftpd's own "Did you mean:" (src/parser.c); its ranking is git's weighted edit
            # distance with prefix matches first, which for `Allow` lists every Allow* name: ours ranks by similarity.
            self.suggesters[loaded] = Suggester(names, cutoff=0.75, limit=4)
        return list(self.suggesters[loaded].suggest(name))

    # -- sections -----------------------------------------------------------------------------------
    def _open(self, st: _Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> None:
        kind = SECTIONS[directive.name[1:-1].lower()]
        problem = _section_args(kind, args, self.open)
        if problem is not None:
            rule = codes.BAD_VALUE if "relative" in problem else codes.WRONG_ARG_COUNT
            self.fatal(st, rule, span, f"fatal: {directive.name}: {problem}")
            return
        block = Block(kind, args, span)
        self.block.add(block)
        self.open.append(block)

    def _close(self, st: _Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> None:
        kind = SECTIONS.get(directive.name[2:-1].lower(), "")
        if args:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: {directive.name}: wrong number of parameters")
            return
        if self.block.kind == kind and len(self.open) > 1:
            closed = self.open.pop()
            if kind == "Limit":
                self._check_limit(closed, context_of(self.open))
            return
        if kind in SESSION_CONDITIONALS:
            return  # a stray </IfUser> is accepted silently
        self.fatal(
            st,
            codes.STRAY_CLOSER,
            span,
            f"fatal: {directive.name}: directive not allowed in {context_label(context_of(self.open))} context",
        )

    def _check_limit(self, block: Block, outside: str) -> None:
        """``outside``: the context the <Limit> block sits in."""
        if block.span is None:
            return
        host_rules = [d for d in block.directives() if d.name in ("Allow", "Deny")]
        extended = limits.limit_commands(block) & {"EPRT", "EPSV"}
        top_level = outside in ("server", "Global")
        if host_rules and extended and top_level:
            self.diagnostics.append(
                codes.LIMIT_HOST_RULES_CRASH.at(
                    block.span,
                    f"`<Limit {' '.join(block.args)}>` names {' and '.join(sorted(extended))} and holds "
                    f"{host_rules[0].name} rules outside <Anonymous>: proftpd 1.3.8 "
                    "has crashed on such blocks; use DenyAll or move the rules into <Anonymous>",
                )
            )
        order = block.first("Order")  # proftpd reads the first (precedence.py)
        if order is None or "".join(order.args).lower() != "deny,allow":
            return
        deny_all = limits.decide(block)
        allows = [d for d in block.directives() if d.name == "Allow"]
        if deny_all is not None and not deny_all.allowed and allows:
            self.diagnostics.append(
                codes.ORDER_DENY_ALLOW.at(
                    allows[0].span,
                    "with `Order deny,allow` and a deny rule matching everyone, proftpd denies every client before "
                    "this Allow is considered",
                    "use `Order allow,deny` to let these hosts through",
                )
            )

    # -- conditionals -------------------------------------------------------------------------------
    def _conditional(self, st: _Statement, kind: str, args: tuple[str, ...], span: Span) -> _Skip | None:
        if not args:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: <{kind}>: missing parameters")
            return None
        module = None
        if kind == "IfVersion":
            truth = self._version_test(st, args, span)
            if truth is None:
                return None
            negated = False
        else:
            word = args[0]
            negated = word.startswith("!")
            word = word[1:] if negated else word
            if kind == "IfModule":
                module = word[:-2] if word.endswith(".c") else None
                truth = module is not None and module in self.modules
            else:
                truth = word in self.defines
            truth = truth != negated
        return None if truth else _Skip(kind, span, negated, module)

    def _version_test(self, st: _Statement, args: tuple[str, ...], span: Span) -> bool | None:
        if len(args) > 2:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, "fatal: <IfVersion>: wrong number of parameters")
            return None
        operator, text = ("=", args[0]) if len(args) == 1 else args
        negated = operator.startswith("!") and operator != "!="
        operator = operator[1:] if negated else operator
        current = ".".join(map(str, VERSION))
        if operator in ("~",) or (operator in ("=", "==") and text.startswith("/") and text.endswith("/")):
            pattern = text.strip("/") if operator != "~" else text
            try:
                result = re.search(pattern, current) is not None
            except re.error:
                self.fatal(st, codes.BAD_VALUE, span, f"fatal: <IfVersion>: unable to compile pattern '{text}'")
                return None
            return result != negated
        if operator not in ("=", "==", "!=", "<", "<=", ">", ">="):
            self.fatal(st, codes.BAD_VALUE, span, f"fatal: <IfVersion>: unknown comparison operator '{operator}'")
            return None
        wanted = _version(text)
        if wanted is None:
            self.fatal(st, codes.BAD_VALUE, span, f"fatal: <IfVersion>: badly formatted configured version '{text}'")
            return None
        have = (*VERSION, 0)
        result = {
            "=": have == wanted,
            "==": have == wanted,
            "!=": have != wanted,
            "<": have < wanted,
            "<=": have <= wanted,
            ">": have > wanted,
            ">=": have >= wanted,
        }[operator]
        return result != negated

    def _skipping(self, skip: _Skip, text: str) -> _Skip | None:
        """A line inside a false conditional: only nested openers and closers of the same kind count."""
        first = text.lstrip(" \t\r\f\v").lower()
        tag = skip.kind.lower()
        if first.startswith("<" + tag):
            skip.depth += 1
        elif first.startswith("</" + tag):
            skip.depth -= 1
            if skip.depth == 0:
                self._skipped_block(skip)
                return None
        elif first and not first.startswith("#"):
            skip.skipped += 1
        return skip

    def _skipped_block(self, skip: _Skip) -> None:
        cat = catalog.proftpd()
        if skip.kind != "IfModule" or skip.negated or not skip.skipped or skip.module not in cat.modules:
            return
        module = cat.modules[skip.module]
        how = f"`LoadModule {skip.module}.c`" + ("" if module.package == "proftpd-core" else f" ({module.package})")
        self.diagnostics.append(
            codes.MODULE_NOT_LOADED.at(
                skip.span,
                f"{skip.module} is not loaded, so proftpd silently skips the {skip.skipped} "
                f"line{'s' if skip.skipped != 1 else ''} of this block; load it with {how} if they matter",
            )
        )

    def _unclosed_conditional(self, skip: _Skip) -> None:
        word = "section" if skip.kind == "IfVersion" else "context"
        self.diagnostics.append(
            codes.UNCLOSED_SECTION.at(
                skip.span, f"fatal: <{skip.kind}>: unclosed <{skip.kind}> {word}: proftpd refuses to start"
            )
        )

    # -- directives the parser itself acts on ------------------------------------------------------
    def _special(self, st: _Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> bool:
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
            self.ignore_temp_files |= "IgnoreTempFiles" in args
            self.ignore_wildcards |= "IgnoreWildcards" in args
        return True

    def _load_module(self, st: _Statement, word: str, span: Span) -> bool:
        cat = catalog.proftpd()
        if not word.endswith(".c"):
            self.fatal(
                st,
                codes.LOAD_MODULE,
                span,
                f"fatal: LoadModule: error loading module '{printable(word)}': Invalid argument",
            )
            return False
        name = word[:-2]
        if name in self.modules:
            return True  # "module 'mod_x.c' already loaded" is only logged
        module = cat.modules.get(name)
        failed = f"fatal: LoadModule: error loading module '{printable(word)}': No such file or directory"
        if module is None or module.static:
            self.fatal(st, codes.LOAD_MODULE, span, failed, f"proftpd {cat.version} has no module {printable(name)}")
            return False
        if module.broken:
            self.fatal(st, codes.LOAD_MODULE, span, failed, f"{name} cannot load on Debian 12: {module.broken}")
            return False
        if module.requires and module.requires not in self.modules:
            self.fatal(
                st, codes.LOAD_MODULE, span, failed, f"{name} needs `LoadModule {module.requires}.c` above this line"
            )
            return False
        if module.package != "proftpd-core":
            self.diagnostics.append(
                codes.MODULE_PACKAGE.at(
                    span, f"{name} is in the Debian package {module.package}: without it proftpd refuses to start"
                )
            )
        self.modules.add(name)
        return True

    # -- Include ------------------------------------------------------------------------------------
    def _include(self, st: _Statement, target: str, span: Span) -> bool:
        if not target.startswith("/"):
            self.fatal(
                st,
                codes.INCLUDE_RELATIVE,
                span,
                f"fatal: Include: unable to use path for configuration file '{printable(target)}'",
            )
            return False
        for path in self._include_targets(target, span):
            if self.trap_depth is not None:
                break
            self._include_file(st, path, span)
        return True

    def _include_targets(self, target: str, span: Span) -> list[str]:
        directory, pattern = os.path.split(target)
        if _GLOB.search(pattern) and not self.ignore_wildcards:
            if _GLOB.search(directory):
                self._missing(span, target, "Not a directory", "proftpd expands wildcards only in the last component")
                return []
            if not os.path.isdir(directory):
                self._missing(span, target, "No such file or directory")
                return []
            names = [n for n in _listdir(directory) if not n.startswith(".") and fnmatch.fnmatchcase(n, pattern)]
            return self._directory_entries(directory, names, span)
        if os.path.isdir(target):
            names = [n for n in _listdir(target) if not n.startswith(".")]
            return self._directory_entries(target, names, span)
        if not os.path.lexists(target):  # a symlink loop exists: reading it says ELOOP, as proftpd does
            self._missing(span, target, "No such file or directory")
            return []
        return [target]

    def _directory_entries(self, directory: str, names: list[str], span: Span) -> list[str]:
        files = []
        backups = []
        for name in sorted(names):
            path = os.path.join(directory, name)
            if os.path.isdir(path):
                self._missing(span, path, "Is a directory", "sub-directories of an included directory are not read")
                continue
            if _TEMP_FILE.match(name) and self.ignore_temp_files:
                continue
            if _TEMP_FILE.match(name) or _BACKUP_FILE.match(name):
                backups.append(name)
            files.append(path)
        if backups:
            self.diagnostics.append(
                codes.INCLUDE_BACKUPS.at(
                    span,
                    f"this Include also reads {', '.join(backups)} from {directory}: proftpd parses every file "
                    "of the directory whatever its name",
                    "include `*.conf` only, or put `IncludeOptions IgnoreTempFiles` above the Include "
                    "(it skips `~` files)",
                )
            )
        return files

    def _missing(self, span: Span, target: str, reason: str, *notes: str) -> None:
        self.diagnostics.append(
            codes.INCLUDE_MISSING.at(
                span,
                f"warning: unable to include '{printable(target)}': {reason}; proftpd starts without it",
                *notes,
            )
        )

    def _include_file(self, st: _Statement, path: str, span: Span) -> None:
        real = os.path.realpath(path)
        if real in self.include_stack:
            cycle = [*self.include_stack[self.include_stack.index(real) :], real]
            self.diagnostics.append(
                codes.INCLUDE_LOOP.at(
                    span,
                    "include loop: " + " -> ".join(printable(p) for p in cycle) + ": proftpd 1.3.8 crashes (SIGSEGV)",
                )
            )
            return
        if st.depth + 1 > MAX_INCLUDE_DEPTH:
            self._missing(span, path, f"more than {MAX_INCLUDE_DEPTH} nested Includes; ftpconf stops here")
            return
        if not self.include_budget.admit(span, self.diagnostics):
            return
        try:
            source = read_source(path)
        except InputError as exc:
            self._missing(span, path, exc.reason)
            return
        self.include_stack.append(real)
        try:
            self.read_file(path, source.text, st.depth + 1)
        finally:
            self.include_stack.pop()

    # -- warnings that need the words -------------------------------------------------------------
    def _extra_args(
        self, directive: ProftpdDirective, args: tuple[str, ...], st: _Statement, words: list[Word]
    ) -> None:
        most = directive.documented_max_args
        if most is None or len(args) <= most or directive.name in JOINED_ARGS:
            return
        ignored = " ".join(printable(a) for a in args[most:])
        self.diagnostics.append(
            codes.EXTRA_ARGS.at(
                st.span(words[most + 1]),
                f"proftpd ignores `{ignored}`: {directive.name} takes {most} argument{'s' if most != 1 else ''} "
                f"({directive.syntax})",
                "quote a value that contains spaces",
            )
        )

    def _non_ascii(self, st: _Statement, name: str, span: Span) -> None:
        fix = None
        message = f"fatal: malformed directive name '{printable(name)}' (contains non-ASCII characters)"
        if name.startswith("\ufeff") and st.logical.first.offset == 0:
            message = f"the file starts with a UTF-8 byte-order mark, read as part of the first directive: {message}"
            fix = Fix("remove the byte-order mark", (Edit(st.path, 0, 1, ""),))
        self.fatal(st, codes.BOM, span, message, fix=fix)

    def finish(self, main: str) -> None:
        for block in reversed(self.open[1:]):
            self.diagnostics.append(
                codes.UNCLOSED_SECTION.at(
                    block.span or Span(main, 1),
                    f"<{block.kind}> is never closed: fatal: error processing configuration file "
                    f"'{printable(main)}': unclosed configuration section",
                )
            )


def _section_words(words: list[Word]) -> list[Word]:
    """``<Limit READ>`` -> ``<Limit>`` + ``READ``: how proftpd turns a section tag into a directive."""
    if len(words) < 2 or not words[0].text.startswith("<") or not words[-1].text.endswith(">"):
        return words
    last = words[-1]
    rest = words[1:-1] if last.text == ">" else [*words[1:-1], Word(last.text[:-1], last.start, last.end - 1)]
    head = words[0]
    name = head.text if head.text.endswith(">") else head.text + ">"
    return [Word(name, head.start, head.end, head.quoted), *rest]


def _section_args(kind: str, args: tuple[str, ...], open_blocks: list[Block]) -> str | None:
    """The argument checks of the section handlers (measured, docs/daemons/proftpd.md §5)."""
    if kind == "Limit" and not args:
        return "directive requires one or more commands"
    if kind == "Global" and args:
        return "Too many parameters"
    if kind == "VirtualHost" and not args:
        return "wrong number of parameters"
    if kind in ("Anonymous", "Directory", "Class") and not args:
        return "missing parameters"
    if kind in SESSION_CONDITIONALS and not args:
        return "wrong number of parameters"
    if kind == "Directory" and args[0][:1] not in ("/", "~") and all(b.kind != "Anonymous" for b in open_blocks):
        return "relative path not allowed in non-<Anonymous> sections"
    return None


def _version(text: str) -> tuple[int, int, int, int] | None:
    """``1.3.8rc1`` -> (1, 3, 8, -1): a release candidate sorts before the release; other suffixes are ignored."""
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?([A-Za-z]*)(\d*)", text)
    if match is None:
        return None
    rc = -1 if match[4].lower() == "rc" else 0
    return int(match[1]), int(match[2] or 0), int(match[3] or 0), rc


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def default_modules() -> set[str]:
    cat = catalog.proftpd()
    return set(cat.static_modules) | set(cat.debian_default_modules)


def static_and(modules: Iterable[str]) -> set[str]:
    """An explicit module set: the compiled-in modules are always there."""
    return set(catalog.proftpd().static_modules) | {m.removesuffix(".c") for m in modules}


def read(source: SourceFile, options: ReadOptions | None = None) -> ReadResult:
    """Read a proftpd.conf and everything it includes, as ``proftpd -t -c FILE`` would."""
    options = options or ReadOptions()
    reader = _Reader(
        modules=default_modules() if options.modules is None else static_and(options.modules),
        defines=set(options.defines),
        environ=dict(os.environ if options.environ is None else options.environ),
    )
    reader.include_stack.append(os.path.realpath(source.path))
    reader.read_file(source.path, source.text, 0)
    reader.finish(source.path)
    reader.settle_renames()
    config = build_config(reader.root, source.path)
    repeats = repeated(reader.root, reader.documents)
    return ReadResult(config, reader.root, reader.documents, reader.diagnostics, repeats)
