"""A long mutation campaign against the real daemons (``make fuzz-daemons N=... SEED=... RELEASE=...``).

Runs tests/mutation.py's campaign for each daemon of one Debian release (``--release``; that release's
binaries, ftpconf targeting the versions it ships) and writes every disagreement between the daemon's
verdict and ftpconf's error verdict as a ready-to-commit parity case, one file per daemon
(``OUT/<daemon>-cases.txt``, ``OUT/<daemon>-<release>-cases.txt`` off the default release: rows for
tests/proftpd_parity_cases.py CASES, tests/test_vsftpd_parity.py OUR_CASES,
tests/pureftpd_parity_cases.py CONF_CASES; a Debian 13 row also goes into that suite's VERSIONED ids).
Prints the agreement per daemon.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from tests import daemons, mutation


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", "-n", type=int, default=1000, help="mutants per daemon")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="random seed (default: the clock)")
    parser.add_argument("--daemons", default=",".join(mutation.DAEMONS), help="comma-separated")
    parser.add_argument("--release", choices=list(daemons.RELEASES), default=daemons.DEFAULT_RELEASE)
    parser.add_argument("--out", type=Path, default=Path("build/fuzz-daemons"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out.resolve()
    scratch = tempfile.TemporaryDirectory(prefix="ftpconf-fuzz-")
    os.chdir(scratch.name)  # a mutant's log or pid file given as a word is created in the working directory
    failed = False
    for daemon in args.daemons.split(","):
        start = time.monotonic()
        judged = agreed = host = 0
        rows: list[str] = []
        for outcome in mutation.campaign(daemon, args.count, args.seed, release=args.release):
            if outcome.host_fact:
                host += 1
                continue
            if outcome.mutant.mutation != "none":
                judged += 1
                agreed += outcome.agrees
            if not outcome.agrees:
                rows.append(outcome.mutant.parity_case(not outcome.daemon_accepts, outcome.message))
        suffix = "" if args.release == daemons.DEFAULT_RELEASE else f"-{args.release}"
        target = out / f"{daemon}{suffix}-cases.txt"
        target.write_text("".join(f"    {row}\n" for row in rows), encoding="utf-8")
        share = 100 * agreed / judged if judged else 100.0
        print(
            f"{daemon} ({args.release}): seed {args.seed}: {agreed}/{judged} mutants agree ({share:.1f}%), "
            f"{host} refused for host facts, {len(rows)} disagreements -> {target} ({time.monotonic() - start:.0f} s)"
        )
        failed |= bool(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
