"""``ftpconf ARGS`` run in the test's own process, for tests about what the command reports.

A fresh interpreter per call (``python -m ftpconf.cli``) cost ~0.3-0.4 s, most of many tests' time.
What those tests check (the output, the exit status, the files written) does not depend on the
process, so they run the click command here.  Tests about the process itself (a terminal, colour
from the real environment, signals, a closed or binary stdin, resource limits, ``python -m ftpconf``,
start-up cost) still start one: a CliRunner cannot stand in for those.
"""

from __future__ import annotations

import gc
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from ftpconf.cli import main
from tests.conftest import ROOT


def run_cli_bytes(
    *args: str,
    cwd: Path | str = ROOT,
    stdin: bytes | str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``ftpconf ARGS`` from ``cwd`` (discovery and relative paths start there), NO_COLOR set unless ``env``
    says otherwise (``env`` is laid over this process's environment; None removes a variable).  An exception
    that escapes the command (a traceback, in a real run) is raised here, so the test fails on it."""
    here = os.getcwd()
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            main, list(args), input=stdin, env={"NO_COLOR": "1", **(env or {})}, color=True, prog_name="ftpconf"
        )
    finally:
        os.chdir(here)
        # The command tunes the collector for a whole run (ftpconf.gcpolicy); a test run is longer than that.
        gc.set_threshold(*threshold)
        if not frozen:
            gc.unfreeze()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["ftpconf", *args], result.exit_code, result.stdout_bytes, result.stderr_bytes)


def run_cli(
    *args: str,
    cwd: Path | str = ROOT,
    stdin: bytes | str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """:func:`run_cli_bytes` with the output decoded (strictly: undecodable output fails the test, as it
    would with ``subprocess.run(..., text=True)``)."""
    done = run_cli_bytes(*args, cwd=cwd, stdin=stdin, env=env)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())
