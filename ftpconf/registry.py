"""Every rule ftpconf knows, for `rules`, `explain` and the docs: importing the rule modules registers them."""

from __future__ import annotations

import importlib

from ftpconf.diagnostics import REGISTRY, RuleInfo

# Modules whose import registers rules: the readers' own findings, then the model checks.
RULE_MODULES = (
    "ftpconf.suppressions",
    "ftpconf.input_codes",
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


def all_rules() -> list[RuleInfo]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find_rule(key: str) -> RuleInfo | None:
    for info in all_rules():
        if key.upper() == info.code or key.lower() == info.name:
            return info
    return None
