"""Firewall rules generated from a config: one module per format, all fed the same ``plan.Plan``.

Import-light on purpose (the CLI reads FORMATS at start-up): the emitters load when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ftpconf.firewall.emit.plan import Plan
    from ftpconf.model import Config

# format name -> (module, function)
FORMATS: dict[str, tuple[str, str]] = {
    "nft": ("ftpconf.firewall.emit.nft", "emit"),
    "iptables": ("ftpconf.firewall.emit.iptables", "emit"),
    "ip6tables": ("ftpconf.firewall.emit.iptables", "emit6"),
    "firewalld": ("ftpconf.firewall.emit.firewalld", "emit"),
    "ufw": ("ftpconf.firewall.emit.ufw", "emit"),
    "compose": ("ftpconf.firewall.emit.compose", "emit"),
}


def emitter(fmt: str) -> Callable[[Plan], str]:
    module, function = FORMATS[fmt]
    return cast("Callable[[Plan], str]", getattr(importlib.import_module(module), function))


def generate(config: Config, source: str, fmt: str, *, service: str | None = None) -> str:
    """The rules for ``config`` in format ``fmt`` (a key of FORMATS); ``source`` names the config in the header.

    ``service`` names the compose service (default ``ftp``); other formats ignore it.
    """
    from ftpconf.firewall.emit.plan import plan_for

    plan = plan_for(config, source)
    if fmt == "compose" and service is not None:
        from ftpconf.firewall.emit import compose

        return compose.emit(plan, service)
    return emitter(fmt)(plan)
