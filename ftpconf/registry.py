"""Every rule ftpconf knows, for `rules`, `explain` and the docs: importing the rule modules registers them."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from ftpconf.diagnostics import REGISTRY, RuleInfo

# Modules whose import registers rules: the readers' own findings, then the model checks.
RULE_MODULES = (
    "ftpconf.suppressions",
    "ftpconf.input_codes",
    "ftpconf.host_codes",
    "ftpconf.dialects.vsftpd.codes",
    "ftpconf.dialects.proftpd.codes",
    "ftpconf.dialects.pureftpd.codes",
    "ftpconf.rules",
    "ftpconf.rules.repeats",
    "ftpconf.rules.proftpd",
    "ftpconf.rules.pureftpd",
    "ftpconf.rules.firewall",
    "ftpconf.convert.codes",
    "ftpconf.probe.codes",
)


# Codes whose findings moved to other codes, as ruff keeps redirects for renamed rules: a selector,
# severity override or suppression naming the old code exactly applies to the new ones (and to the old
# code itself while it still exists).  A retired code is never reused.
REDIRECTS: dict[str, tuple[str, ...]] = {
    "FTP140": ("FTP080",),  # proftpd Include target missing here: a fact of this machine (FTP140 keeps the rest)
    "FTP081": ("FTP014",),  # proftpd %{env:NAME} unset here: retired, a value the daemon's environment gives
    "FTP148": ("FTP014",),  # the same, before FTP081 (a redirect names the code the findings have now)
    "FTP174": ("FTP080",),  # pure-ftpd Include target missing here: retired, a fact of this machine
}


def selects(selector: str, code: str) -> bool:
    """Does a normalised selector (a code, a prefix, "FTP" for all) name ``code``, directly or by a redirect?"""
    return code.startswith(selector) or code in REDIRECTS.get(selector, ())


def specificity(selectors: Iterable[str], code: str) -> int:
    """Length of the longest selector naming ``code`` (a redirect counts as the full code); -1 when none does."""
    return max((len(s) for s in selectors if selects(s, code)), default=-1)


def all_rules() -> list[RuleInfo]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find_rule(key: str) -> RuleInfo | None:
    """A rule by code or name; a retired code finds the rule its findings moved to."""
    rules = all_rules()
    for info in rules:
        if key.upper() == info.code or key.lower() == info.name:
            return info
    moved = REDIRECTS.get(key.upper(), ())
    return next((info for info in rules if info.code in moved), None)
