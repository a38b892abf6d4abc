"""`make bench`: speed targets measured side by side in one run (never in unit tests).

Prints ratios, not absolute times, so the numbers mean the same on any machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RUNS = 15


def best_of(command: list[str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def cold_start(config: Path) -> None:
    baseline_cmd = [PYTHON, "-c", "import pyparsing, pydantic, click"]
    lint_cmd = [PYTHON, "-m", "ftpconf.cli", "lint", "--fail-on", "none", str(config)]
    # Interleave so both see the same machine state.
    baseline, lint = [], []
    for _ in range(RUNS):
        baseline.append(best_of(baseline_cmd, 1))
        lint.append(best_of(lint_cmd, 1))
    ratio = min(lint) / min(baseline)
    print(
        f"cold lint of a {sum(1 for _ in config.open())}-line vsftpd.conf: {min(lint) * 1000:.0f} ms; "
        f"`import pyparsing, pydantic, click`: {min(baseline) * 1000:.0f} ms"
    )
    verdict = "met" if ratio <= 1.2 else "NOT met"
    print(f"  ratio {ratio:.2f} (target <= 1.20: {verdict})")
    pydantic_cmd = [PYTHON, "-c", "import pyparsing, click; from pydantic import BaseModel"]
    print(
        f"  for scale: `from pydantic import BaseModel` alone makes the baseline "
        f"{best_of(pydantic_cmd) / min(baseline):.2f}x (pydantic's package import is lazy)"
    )


def vsftpd_lines(n: int) -> str:
    names = [
        "listen=YES",
        "anonymous_enable=NO",
        "local_enable=YES",
        "pasv_min_port=30000",
        "pasv_max_port=30099",
        "ftpd_banner=Welcome to the FTP service",
        "local_umask=022",
        "# a comment line",
        "",
    ]
    return "\n".join(names[i % len(names)] for i in range(n)) + "\n"


def throughput(label: str, make: Callable[[int], str], suffix: str, target: float) -> None:
    from ftpconf.lint import lint_source
    from ftpconf.source import SourceFile

    rates = {}
    seconds = {}
    for n in (1_000, 10_000, 100_000):
        source = SourceFile(f"bench{suffix}", make(n).encode())
        lint_source(source)  # warm: catalogues and grammars built once
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            lint_source(source)
            runs.append(time.perf_counter() - start)
        seconds[n] = statistics.median(runs)
        rates[n] = n / seconds[n]
    growth = seconds[100_000] / seconds[10_000]
    print(f"{label}: " + ", ".join(f"{n:,} lines {rates[n]:,.0f} lines/s" for n in rates))
    print(
        f"  target >= {target:,.0f} lines/s at 100k: {'met' if rates[100_000] >= target else 'NOT met'}; "
        f"10x input in {growth:.1f}x time (target <= 11: {'met' if growth <= 11 else 'NOT met'})"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "vsftpd.conf"
        lines = (ROOT / "samples" / "vsftpd-clean.conf").read_text().splitlines()
        lines += [f"# site note {i}" for i in range(40 - len(lines))]
        config.write_text("\n".join(lines[:40]) + "\n")
        cold_start(config)
    throughput("vsftpd end to end (read + model + lint)", vsftpd_lines, ".vsftpd.conf", 50_000)


if __name__ == "__main__":
    main()
