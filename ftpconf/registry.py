"""Every rule ftpconf knows, for `rules`, `explain` and the docs: importing the rule modules registers them."""

from __future__ import annotations

from ftpconf.diagnostics import REGISTRY, RuleInfo


def all_rules() -> list[RuleInfo]:
    import ftpconf.dialects.vsftpd.codes
    import ftpconf.rules  # noqa: F401

    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find_rule(key: str) -> RuleInfo | None:
    for info in all_rules():
        if key.upper() == info.code or key.lower() == info.name:
            return info
    return None
