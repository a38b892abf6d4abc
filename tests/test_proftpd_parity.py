"""Daemon parity: on every case, "ftpconf reports an error" must equal "`proftpd -t` rejects the file".

The real Debian binary runs on each case (tests/daemons.py).  The reader sees exactly what the
binary sees: the compiled-in modules plus what the case's LoadModule lines load from proftpd-core's
modules (no module package is installed), the same defines and environment.  Where the reference
recorded a verdict, the binary is checked against it too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ftpconf.diagnostics import Severity
from ftpconf.dialects.proftpd import reader
from ftpconf.lint import ReadOptions
from ftpconf.source import SourceFile
from tests import daemons
from tests.proftpd_parity_cases import CASES, Case

# Where the binary disagrees with the reference's recorded verdict (we trust the binary).
REFERENCE_DISAGREES: dict[str, str] = {}


def _materialise(case: Case, where: Path) -> bytes:
    for name in case.dirs:
        (where / name).mkdir(parents=True, exist_ok=True)
    for name, body in case.files.items():
        path = where / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body.replace(b"{dir}", str(where).encode()))
    return case.config.replace(b"{dir}", str(where).encode())


def ftpconf_errors(config: bytes, where: Path, case: Case) -> list[str]:
    source = SourceFile(str(where / "main.conf"), config)
    # the binary loads from PROFTPD_MODULES: proftpd-core's modules and those of the provisioned module packages
    packages = daemons.proftpd_module_packages()
    options = ReadOptions(defines=case.defines, environ={**os.environ, **case.env}, packages=packages)
    result = reader.read(source, options)
    return [f"{d.code} {d.message}" for d in result.diagnostics if d.severity is Severity.ERROR]


def test_suite_is_large_enough() -> None:
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_error_verdict_matches_proftpd(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    daemons.require_daemons()
    config = _materialise(case, tmp_path)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    verdict = daemons.proftpd_configtest(config, defines=case.defines)
    errors = ftpconf_errors(config, tmp_path, case)
    assert bool(errors) == (not verdict.accepted), (
        f"proftpd: {'accepted' if verdict.accepted else 'rejected'} ({verdict.message}); ftpconf errors: {errors}"
    )
    if case.reject is not None and case.id not in REFERENCE_DISAGREES:
        assert (not verdict.accepted) == case.reject, f"the binary disagrees with the reference: {verdict.message}"


def test_include_loop_is_reported_at_once_while_proftpd_crashes(tmp_path: Path) -> None:
    daemons.require_daemons()
    a, b = tmp_path / "a.conf", tmp_path / "b.conf"
    a.write_bytes(f"ServerName x\nInclude {b}\n".encode())
    b.write_bytes(f"Include {a}\n".encode())
    verdict = daemons.proftpd_configtest(a.read_bytes(), timeout=60)
    assert not verdict.accepted  # SIGSEGV after ~10 s (docs/daemons/proftpd.md §4, case P174)
    errors = ftpconf_errors(a.read_bytes(), tmp_path, Case("loop", b""))
    assert any("FTP142" in e for e in errors), errors
