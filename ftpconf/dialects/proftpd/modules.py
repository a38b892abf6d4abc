"""proftpd's modules: the set the files load, and ``LoadModule`` adding to it as proftpd's mod_dso does.

Which directives exist and which ``<IfModule>`` bodies are read depend on the modules loaded above
a line, so the set grows as the file is read.  It starts as the compiled-in modules only, as
proftpd's does; every other module is there once a ``LoadModule`` line reached by the reading loads
it (Debian's loads come from /etc/proftpd/modules.conf, which the configuration must include).  An
explicit set (``--modules``, ``[proftpd] modules``) replaces that: it is loaded before the first line.

``LoadModule`` fails as proftpd's does for a name without ``.c``, a module 1.3.8 lacks or compiles
in, one that cannot load on Debian 12, one whose prerequisite is not loaded yet, and one whose
``.so`` is in a Debian package the project says is not installed (``[proftpd] packages``).  Without
that list every Debian 12 module package counts as installable: a module outside proftpd-core is
loaded, with a warning naming its package (which packages a host has is a fact outside the file).
A failure in an included file is not fatal but drops the rest of the including files (state.py
``fatal``, INCLUDE_TRAP).
"""

from __future__ import annotations

from collections.abc import Iterable

from ftpconf import catalog
from ftpconf.dialects.proftpd import codes
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.source import Span, printable

CORE_PACKAGE = "proftpd-core"
# Debian's proftpd.conf includes this file for its LoadModule lines; when a configuration includes it and
# the linting machine lacks it, Debian 12's stock copy (the catalogue's debian_default_modules, in its
# order) stands in, since the file is meant for a host where the package installed it.
DEBIAN_MODULES_CONF = "/etc/proftpd/modules.conf"


def initial_modules(explicit: Iterable[str] | None) -> set[str]:
    """The modules loaded before the first line: the compiled-in ones, plus an explicit set if one is given."""
    static = set(catalog.proftpd().static_modules)
    return static if explicit is None else static | {m.removesuffix(".c") for m in explicit}


def known_packages() -> frozenset[str]:
    """The Debian 12 packages that ship proftpd modules (the catalogue's data)."""
    return frozenset(m.package for m in catalog.proftpd().modules.values())


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
        if self.packages is not None and module.package not in self.packages:
            self.fatal(
                st,
                codes.LOAD_MODULE,
                span,
                failed,
                f"{name}.so comes with the Debian package {module.package}, which the project's "
                "`[proftpd] packages` does not list",
            )
            return False
        if module.requires and module.requires not in self.modules:
            self.fatal(
                st, codes.LOAD_MODULE, span, failed, f"{name} needs `LoadModule {module.requires}.c` above this line"
            )
            return False
        if self.packages is None and module.package != CORE_PACKAGE:
            dropped = " skips the line and drops the rest of the including file (FTP141)"
            trap = dropped if st.depth > 0 else " refuses to start"
            self.diagnostics.append(
                codes.MODULE_PACKAGE.at(
                    span,
                    f"{name} is in the Debian package {module.package}: without it proftpd{trap}",
                    "ftpconf assumes it is installed; list the installed module packages in .ftpconf.toml "
                    f'(`[proftpd] packages = ["{module.package}"]`) to check it instead',
                )
            )
        self.modules.add(name)
        return True

    def _stock_modules_conf(self, target: str) -> str | None:
        """A missing Include of Debian's modules.conf: load its stock modules; the note for the finding."""
        if target != DEBIAN_MODULES_CONF or self.explicit_modules:
            return None
        self.modules.update(catalog.proftpd().debian_default_modules)
        release = catalog.proftpd().build.split(",")[0]
        return f"ftpconf assumes {release}'s stock {DEBIAN_MODULES_CONF} (it loads mod_quotatab, mod_ifsession, ...)"
