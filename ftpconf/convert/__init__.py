"""Convert a configuration to another dialect (or TOML/JSON) and report what could not be carried over.

Public API (stable for the e2e suite)::

    from ftpconf.convert import convert, TARGETS
    conversion = convert(result, "proftpd")   # result: an ftpconf.lint.LintResult of the source
    conversion.files    # {"": text} for one-file targets; pureftpd-debian: {"conf/PassivePortRange": "...", ...}
    conversion.links    # pureftpd-debian only: {"auth/65puredb": "../conf/PureDB"} symlinks to create
    conversion.losses   # FTP9xx Diagnostics pointing at the source lines that did not carry over
    conversion.defaults # human-readable notes on settings the target needed and the source did not say
    conversion.ineffective  # FTP906: source lines the daemon ignores (overridden), left out and named
    conversion.text     # files[""] (ValueError for multi-file targets)
"""

from __future__ import annotations

from ftpconf.convert.engine import TARGETS, Conversion, convert

__all__ = ["TARGETS", "Conversion", "convert"]
