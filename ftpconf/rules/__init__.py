"""Dialect-neutral checks on the model, one module per family (2xx ports, 3xx address, 5xx TLS, 6xx security)."""

from __future__ import annotations

import importlib

from ftpconf.diagnostics import Diagnostic, model_checks
from ftpconf.dialects import registry
from ftpconf.model import Config
from ftpconf.rules import address, ports, security, tls  # noqa: F401  (registers the rules)


def run_checks(config: Config) -> list[Diagnostic]:
    # The checks of one dialect alone (rules/proftpd.py, rules/pureftpd.py) register when a file of it is checked.
    for module in registry.get(config.dialect).rule_modules:
        importlib.import_module(module)
    found: list[Diagnostic] = []
    for info in model_checks():
        if config.dialect not in info.dialects or info.check is None:
            continue
        for server in config.servers:
            found.extend(info.check(config, server))
    return found
