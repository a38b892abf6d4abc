"""Findings about the input itself rather than any one daemon's grammar (the FTP010-FTP019 block).

Limits live here too, so every reader stops at the same place: a configuration that no daemon could
sensibly run must still give a report and a clean exit, never a hang (invariant 4 in
docs/architecture.md#invariants).
"""

from __future__ import annotations

from dataclasses import dataclass

from ftpconf.diagnostics import Diagnostic, Edit, Fix, define
from ftpconf.source import Span

# Included files read for one top-level file.  Real trees include tens of files; a "diamond ladder"
# (each file including the next one twice) doubles the work at every level: proftpd 1.3.8 needs
# 0.2 s for 2^12 reads, 5 s for 2^14 and 160 s for 2^16 (measured with `proftpd -t`).
MAX_INCLUDED_READS = 1024

INCLUDE_BUDGET = define(
    "FTP010 include-budget-exceeded warning: the Include statements read so many files that ftpconf stopped following "
    "them",
    f"""
    proftpd and pure-ftpd read an included file again every time an `Include` names it, so a
    file that includes the next one twice, at each of a few levels, multiplies the work: 16 levels
    are 65,536 reads, which takes `proftpd -t` over two minutes.  ftpconf follows at most
    {MAX_INCLUDED_READS:,} included files for one configuration and reports the `Include` where it
    stopped; the files beyond it are not checked.

    Fix: include each file once, from one place:

        Include /etc/proftpd/conf.d/*.conf     # once, at the top level
    """,
)


@dataclass
class IncludeBudget:
    """The included files one configuration may still read, shared by every reader that follows Include."""

    used: int = 0

    def admit(self, span: Span, diagnostics: list[Diagnostic]) -> bool:
        """Count one more read; past the budget refuse it, reporting (once) the Include where reading stopped."""
        self.used += 1
        if self.used == MAX_INCLUDED_READS + 1:
            diagnostics.append(
                INCLUDE_BUDGET.at(
                    span, f"ftpconf stopped following Include here, after {MAX_INCLUDED_READS:,} included files"
                )
            )
        return self.used <= MAX_INCLUDED_READS


def byte_order_mark(path: str, how: str) -> tuple[str, Fix]:
    """What to say of a UTF-8 byte-order mark that starts ``path`` (``how`` the daemon reads it), and the
    fix that removes it.  No daemon skips one: each reads it as part of the first name."""
    message = f"the file starts with a UTF-8 byte-order mark, {how}"
    return message, Fix("remove the byte-order mark", (Edit(path, 0, 1, ""),))
