"""Which findings a run reports, and at what severity: select / ignore / per-file ignores / overrides.

Selectors are rule codes or code prefixes (``FTP2`` is every 2xx rule, ``FTP`` or ``ALL`` every
rule) or the name of a rule group (``hardening``, ``default``: diagnostics.GROUPS), resolved the ruff
way, one layer at a time (the project file, then the command line):

- before any layer, the rules of the ``default`` group are on and the opt-in groups' rules off (as
  ruff's default rule set leaves most rules to be selected);
- a layer with ``select`` starts from nothing, one without keeps the previous layer's rules;
- for each code the most specific matching selector of the layer decides (``select`` and
  ``extend-select`` enable, ``ignore`` disables); on a tie ``ignore`` wins.  A group name is as
  specific as ``FTP``: ``extend-select = ["hardening"]`` with ``ignore = ["FTP604"]`` drops FTP604.

So ``select = ["FTP2"]`` with ``ignore = ["FTP"]`` still reports the 2xx rules,
``ignore = ["FTP6"]`` with ``extend-select = ["FTP601"]`` keeps FTP601 alone of the 6xx rules, and
``extend-select = ["hardening"]`` (or naming a code, or ``select = ["ALL"]``) turns the opt-in rules on.
"""

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ftpconf.diagnostics import GROUPS, Diagnostic, Severity
from ftpconf.records import Record
from ftpconf.registry import specificity

_HERE = Path(".")


class Layer(Record):
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def normalise(selector: str) -> str:
    key = selector.strip()
    if key.lower() in GROUPS:
        return key.lower()
    key = key.upper()
    return "FTP" if key == "ALL" else key


def group_of(code: str) -> str:
    return _groups().get(code, "default")


@functools.cache
def _groups() -> dict[str, str]:
    from ftpconf.registry import all_rules  # every rule module, so a rule not yet run has its group too

    return {info.code: info.group for info in all_rules()}


def _matches(selector: str, code: str) -> int:
    """How specific ``selector`` is for ``code`` (its length as a code prefix, 3 for a group name); -1: no match."""
    if selector in GROUPS:
        return len("FTP") if group_of(code) == selector else -1
    return specificity((selector,), code)  # a prefix, or a retired code redirected to ``code``


def _specificity(selectors: Iterable[str], code: str) -> int:
    """The most specific selector naming ``code`` (a group, a prefix, a retired code redirected to it); -1: none."""
    return max((_matches(s, code) for s in selectors), default=-1)


def enabled(code: str, layers: Iterable[Layer]) -> bool:
    on = group_of(code) == "default"
    for layer in layers:
        if layer.select is not None:
            on = False
        chosen = _specificity((*(layer.select or ()), *layer.extend_select), code)
        ignored = _specificity(layer.ignore, code)
        if chosen > ignored:
            on = True
        elif ignored >= 0:
            on = False
    return on


class Policy(Record):
    """Everything that filters and re-grades one file's findings."""

    layers: tuple[Layer, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    severity: tuple[tuple[str, Severity], ...] = ()  # (selector, severity)
    root: Path = _HERE  # per-file globs are relative to this directory

    def keeps(self, diagnostic: Diagnostic) -> bool:
        if not enabled(diagnostic.code, self.layers):
            return False
        for pattern, selectors in self.per_file_ignores:
            if matches_glob(pattern, diagnostic.span.path, self.root) and _specificity(selectors, diagnostic.code) >= 0:
                return False
        return True

    def regrade(self, diagnostic: Diagnostic) -> Diagnostic:
        best = -1
        chosen: Severity | None = None
        for selector, severity in self.severity:
            specific = _matches(selector, diagnostic.code)
            if specific > best:
                best, chosen = specific, severity
        if chosen is None or chosen == diagnostic.severity:
            return diagnostic
        return diagnostic.replace(severity=chosen)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [self.regrade(d) for d in diagnostics if self.keeps(d)]


def matches_glob(pattern: str, path: str, root: Path) -> bool:
    """Match a project-relative glob: ``*`` stays in one directory, ``**`` crosses them; a pattern
    without ``/`` also matches the file name alone (``*.conf``), as in ruff's per-file-ignores."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    regex = _glob_regex(pattern.replace(os.sep, "/").removeprefix("./"))
    if regex.fullmatch(relative) or regex.fullmatch(absolute.as_posix()):
        return True
    return "/" not in pattern and regex.fullmatch(absolute.name) is not None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            close = pattern.index("]", i + 2)
            body = pattern[i + 1 : close]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))
