"""Fixes for model findings, attached once the checks have run.

A model check knows lines, not offsets, so the fix is made afterwards from the text of the files, by
the fixer the finding's dialect has for its code (``DialectCode.text_fixers``, helpers in
``ftpconf/textedit.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ftpconf.diagnostics import Diagnostic
from ftpconf.dialects import registry
from ftpconf.model import Config


def attach(config: Config, diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]) -> list[Diagnostic]:
    """The findings, with a fix added where the dialect's fixer for the code can make one."""
    fixers = registry.get(config.dialect).code.text_fixers()
    out = []
    for diagnostic in diagnostics:
        fixer = fixers.get(diagnostic.code)
        if diagnostic.fix is None and fixer is not None:
            fix = fixer(config, diagnostic, texts)
            if fix is not None:
                diagnostic = diagnostic.replace(fix=fix)
        out.append(diagnostic)
    return out
