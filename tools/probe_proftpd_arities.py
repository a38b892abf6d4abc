"""Measure how many arguments ``proftpd -t`` takes for each directive, with its module loaded: the
``arities_accepted_by_binary`` column of data/proftpd-directives.tsv (``1,4 of 0-5``: the counts taken of those
probed, 0 to one more than the documented syntax names and at least 6; above them a count is taken where the
count two below it is: lists, pairs and closed counts alike).

Each directive is written alone in the first section it is allowed in (tools/probe_proftpd_args.py's
WRAPPERS), after the ``LoadModule`` lines its module needs, with 0 to 4 dummy arguments.  A count is
refused when:

- 0 arguments: the bare line is refused for anything but a fact of this machine (there is no value to be
  wrong: ``LDAPForceDefaultGID`` alone is "expected Boolean parameter", ``MaxClientsPerClass`` alone
  crashes the daemon);
- 1 or more arguments: every dummy value (COUNT_DUMMIES) is refused with an argument-count message (COUNT_ERROR)
  or crashes the daemon (``TLSCipherSuite a b c``); a value error does not count (``MaxInstances abc`` takes
  one argument, just not that one).

Only the rows of directives probed here change (a module the tree cannot load keeps its row).

    PYTHONPATH=. python tools/probe_proftpd_arities.py [--only=NAME,...]   (needs the daemons: make daemons)
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ftpconf.catalog_proftpd import ProftpdDirective
from tools import probe_proftpd_args as first

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "data" / "proftpd-directives.tsv"
COLUMN = "arities_accepted_by_binary"
COUNT_DUMMIES = ("1", "on", "x", "/tmp")
# The handlers' argument-count complaints (CHECK_ARGS/CHECK_VARARGS and mod_sql's own wording), as printed.
COUNT_ERROR = re.compile(
    r"(wrong|bad|incorrect) number of (parameters|arguments)|missing parameters"
    r"|requires (at least )?\d+( to \d+)? param|requires a boolean or \d+ field|expected \w+ query-name"
    r"|syntax: ",  # `syntax:`: DirFakeUser's count check
    re.IGNORECASE,
)


def items(only: set[str]) -> list[tuple[ProftpdDirective, str]]:
    return first.probed_directives(lambda directive: not only or directive.name.lower() in only)

CRASH = "crashed"


def _verdict(directive: ProftpdDirective, context: str, args: str) -> tuple[bool, str]:
    line = f"{directive.name} {args}".rstrip()
    verdict = first.configtest(first.WRAPPERS[context].format(line) + "\n", [directive])
    if b"STACK TRACE" in verdict.raw or verdict.message.startswith("killed by"):
        return False, CRASH  # the daemon cannot start either way
    return verdict.accepted or bool(first._HOST.search(verdict.message)), verdict.message


# `SQLRatios a b c d e` is refused, `GeoIPAllowFilter` takes pairs (2, 4, 6): 6 tells a list from pairs
LEAST_TOP = 6


def top_count(directive: ProftpdDirective) -> int:
    """The most arguments probed: one past the documented syntax's, at least LEAST_TOP (cheap: a few runs)."""
    return max(LEAST_TOP, (directive.documented_max_args or 0) + 1)


def accepted_counts(item: tuple[ProftpdDirective, str]) -> list[int]:
    directive, context = item
    counts = [0] if _verdict(directive, context, "")[0] else []
    for count in range(1, top_count(directive) + 1):
        for dummy in COUNT_DUMMIES:
            taken, message = _verdict(directive, context, " ".join([dummy] * count))
            if taken or not (COUNT_ERROR.search(message) or message.startswith(CRASH)):
                counts.append(count)
                break
    return counts


def column_text(counts: list[int], top: int) -> str:
    return f"{','.join(map(str, counts)) if counts else 'none'} of 0-{top}"


def main(argv: list[str]) -> int:
    only = {n.lower() for a in argv if a.startswith("--only=") for n in a.removeprefix("--only=").split(",") if n}
    probed = items(only)
    scratch = tempfile.TemporaryDirectory(prefix="ftpconf-arities-")
    os.chdir(scratch.name)  # a log file given as a dummy word is created in the working directory
    with ThreadPoolExecutor(2) as pool:
        found = pool.map(accepted_counts, probed)
        tops = [top_count(d) for d, _ in probed]
        measured = {d.name: (column_text(c, t), t) for (d, _), c, t in zip(probed, found, tops, strict=True)}
    text = TABLE.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    at = rows[0].index(COLUMN)
    changed = 0
    for row in rows[1:]:
        new, top = measured.get(row[0], (None, 0))
        # counts above those probed, kept (SQLUserInfo's 7 was measured by hand before the probe went past 4)
        more = [n for n in row[at].split(" of ")[0].split(",") if n.isdigit() and int(n) > top]
        if new is not None and more:
            counts, _, probed_range = new.partition(" of ")
            new = f"{','.join([*(n for n in counts.split(',') if n.isdigit()), *more])} of {probed_range}"
        if new is not None and row[at] not in (new,):
            print(f"{row[0]}: {row[at] or '(not probed)'} -> {new}")
            row[at] = new
            changed += 1
    TABLE.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(probed)} directives probed with their modules loaded; {changed} rows changed -> {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
