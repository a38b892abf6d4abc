"""Measure how many arguments (0-4) ``proftpd -t`` takes for each directive, with its module loaded: the
``arities_accepted_by_binary`` column of data/proftpd-directives.tsv.

Each directive is written alone in the first section it is allowed in (tools/probe_proftpd_args.py's
WRAPPERS), after the ``LoadModule`` lines its module needs, with 0 to 4 dummy arguments.  A count is
refused when:

- 0 arguments: the bare line is refused for anything but a fact of this machine (there is no value to be
  wrong: ``LDAPForceDefaultGID`` alone is "expected Boolean parameter", ``MaxClientsPerClass`` alone
  crashes the daemon);
- 1-4 arguments: every dummy value (COUNT_DUMMIES) is refused with an argument-count message (COUNT_ERROR)
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

from ftpconf import catalog
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
    first.PREFIX[:] = [f"LoadModule {name}.c\n" for name in first.loadable_modules()]
    proftpd = catalog.proftpd()
    loaded = {*proftpd.static_modules, *(line.split()[1].removesuffix(".c") for line in first.PREFIX)}
    found = []
    for directive in proftpd.directives.values():
        if directive.name.startswith("<") or directive.name.lower() in first.SKIP:
            continue
        if only and directive.name.lower() not in only:
            continue
        if not {directive.module, *directive.also_in} & loaded:
            continue
        context = next((c for c in first.WRAPPERS if directive.allowed_in(c)), None)
        if context is not None:
            found.append((directive, context))
    return sorted(found, key=lambda item: item[0].name)


CRASH = "crashed"


def _verdict(directive: ProftpdDirective, context: str, args: str) -> tuple[bool, str]:
    line = f"{directive.name} {args}".rstrip()
    verdict = first.configtest(first.WRAPPERS[context].format(line) + "\n", [directive])
    if b"STACK TRACE" in verdict.raw or verdict.message.startswith("killed by"):
        return False, CRASH  # the daemon cannot start either way
    return verdict.accepted or bool(first._HOST.search(verdict.message)), verdict.message


def accepted_counts(item: tuple[ProftpdDirective, str]) -> list[int]:
    directive, context = item
    counts = [0] if _verdict(directive, context, "")[0] else []
    for count in range(1, 5):
        for dummy in COUNT_DUMMIES:
            taken, message = _verdict(directive, context, " ".join([dummy] * count))
            if taken or not (COUNT_ERROR.search(message) or message.startswith(CRASH)):
                counts.append(count)
                break
    return counts


def column_text(counts: list[int]) -> str:
    return ",".join(map(str, counts)) if counts else "none of 0-4"


def main(argv: list[str]) -> int:
    only = {n.lower() for a in argv if a.startswith("--only=") for n in a.removeprefix("--only=").split(",") if n}
    probed = items(only)
    scratch = tempfile.TemporaryDirectory(prefix="ftpconf-arities-")
    os.chdir(scratch.name)  # a log file given as a dummy word is created in the working directory
    with ThreadPoolExecutor(2) as pool:
        measured = {d.name: column_text(c) for (d, _), c in zip(probed, pool.map(accepted_counts, probed), strict=True)}
    text = TABLE.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    at = rows[0].index(COLUMN)
    changed = 0
    for row in rows[1:]:
        new = measured.get(row[0])
        more = [n for n in row[at].split(",") if n.isdigit() and int(n) > 4]  # counts above 4 are not probed here
        if new is not None and more:
            new = ",".join([*(n for n in new.split(",") if n.isdigit()), *more])
        if new is not None and row[at] not in (new,):
            print(f"{row[0]}: {row[at] or '(not probed)'} -> {new}")
            row[at] = new
            changed += 1
    TABLE.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(probed)} directives probed with their modules loaded; {changed} rows changed -> {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
