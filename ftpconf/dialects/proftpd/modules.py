"""proftpd's modules: the set loaded before the file is read, and ``LoadModule`` adding to it.

Which directives exist and which ``<IfModule>`` bodies are read depend on the modules loaded above
a line, so the set grows as the file is read.  It starts as the compiled-in modules plus the ones
Debian's modules.conf loads (or the compiled-in ones plus those a caller names).  ``LoadModule``
fails as proftpd's does for a name without ``.c``, a module 1.3.8 lacks or compiles in, one that
cannot load on Debian 12, or one whose prerequisite is not loaded yet; a module from another Debian
package is worth a warning, since proftpd refuses to start without that package.
"""

from __future__ import annotations

from collections.abc import Iterable

from ftpconf import catalog
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.source import Span, printable


def default_modules() -> set[str]:
    cat = catalog.proftpd()
    return set(cat.static_modules) | set(cat.debian_default_modules)


def static_and(modules: Iterable[str]) -> set[str]:
    """An explicit module set: the compiled-in modules are always there."""
    return set(catalog.proftpd().static_modules) | {m.removesuffix(".c") for m in modules}


class Modules(ReaderState):
    def _load_module(self, st: Statement, word: str, span: Span) -> bool:
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
