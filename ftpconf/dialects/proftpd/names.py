"""Unknown directive names: what proftpd says, what was probably meant, and a fix when that is clear.

A name is unknown when no module defines it or its module is not loaded above the line (then the
note says which ``LoadModule`` or ``<IfModule>`` would make it known); names renamed since older
releases say their 1.3.8 name.  Suggestions come from the directives loaded at that point, as
proftpd's own "Did you mean:" does.  A lone suggestion becomes a rename fix, made safe at the end
(``settle_renames``) only when the suggested name appears nowhere in the configuration already.
A name with non-ASCII characters is malformed; a UTF-8 byte-order mark is the usual cause.
"""

from __future__ import annotations

from ftpconf import catalog, input_codes, versions
from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.diagnostics import Edit, Fix
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.dialects.proftpd.words import split_words
from ftpconf.source import Span, printable
from ftpconf.suggest import Suggester, is_typo


class Names(ReaderState):
    def _unknown(self, st: Statement, name: str, directive: ProftpdDirective | None, span: Span) -> None:
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
            built_in = [v for v in versions.others("proftpd") if directive.module in catalog.proftpd(v).static_modules]
            if built_in:  # a finding of this version only (1.3.8c builds mod_xfer, mod_ls, mod_delay loadable)
                notes.append(
                    f"proftpd {cat.version} builds {directive.module} as a loadable module (Debian's stock "
                    f"modules.conf loads it); proftpd {', '.join(built_in)} compiles it in"
                )
        elif name.lower() in cat.renamed:
            notes.append(f"`{name}` is a name from older proftpd releases; 1.3.8 uses `{cat.renamed[name.lower()]}`")
        similar = self._similar(name)
        if similar:
            notes.insert(0, "Did you mean: " + ", ".join(similar))
        fix = None
        if directive is None and len(similar) == 1 and st.raw_word(0) == name and not name.startswith("<"):
            start = st.logical.first.offset + st.words[0].start
            fix = Fix(f"rename to `{similar[0]}`", (Edit(st.path, start, start + len(name), similar[0]),), safe=False)
            if is_typo(name, similar[0]):  # a different word is a guess: its rename stays unsafe
                self.renames.append((len(self.diagnostics), similar[0]))  # made safe, or not, by settle_renames()
        self.fatal(
            st,
            codes.UNKNOWN_DIRECTIVE,
            span,
            f"fatal: unknown configuration directive '{printable(name)}'",
            *notes,
            fix=fix,
        )

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
            self.diagnostics[index] = diagnostic.replace(fix=diagnostic.fix.replace(safe=True))

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

    def _non_ascii(self, st: Statement, name: str, span: Span) -> None:
        fix = None
        message = f"fatal: malformed directive name '{printable(name)}' (contains non-ASCII characters)"
        if name.startswith("\ufeff") and st.logical.first.offset == 0:
            message, fix = input_codes.byte_order_mark(st.path, f"read as part of the first directive: {message}")
        self.fatal(st, codes.BOM, span, message, fix=fix)
