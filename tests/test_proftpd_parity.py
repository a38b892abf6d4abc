"""Daemon parity: on every case, "ftpconf reports an error" must equal "`proftpd -t` rejects the file".

The real Debian binary runs on each case (tests/daemons.py).  The reader sees exactly what the
binary sees: the compiled-in modules plus what the case's LoadModule lines load from proftpd-core's
modules (no module package is installed), the same defines and environment.  Where the reference
recorded a verdict, Debian 12's binary is checked against it too.  Every case runs on Debian 12's
1.3.8 (ftpconf targeting 1.3.8); the version cases and a sample also on Debian 13's 1.3.8c, targeting
1.3.8c (tests/releases.py).
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
from tests.proftpd_parity_cases import CASES, IFVERSION, Case
from tests.releases import legs, target

# Where the binary disagrees with the reference's recorded verdict (we trust the binary).
REFERENCE_DISAGREES: dict[str, str] = {}

# 1.3.8c builds mod_xfer, mod_ls and mod_delay loadable, and <IfVersion> compares its maintenance letter.
VERSION_CASES = [
    Case("V1", b"AllowOverwrite on\n"),
    Case("V2", b"ShowSymlinks off\nListOptions -a\n"),
    Case("V3", b"DelayEngine off\n"),
    Case("V4", b"LoadModule mod_xfer.c\nAllowOverwrite on\nHiddenStores on\n"),
    Case("V5", b"<IfModule mod_xfer.c>\nAllowOverwrite on\n</IfModule>\n"),
    Case("V6", b"<IfModule !mod_xfer.c>\nLoadModule mod_xfer.c\n</IfModule>\nTransferRate RETR 500\n"),
    Case("V7", b"LoadModule mod_ls.c\nLoadModule mod_delay.c\nShowSymlinks off\nDelayEngine off\n"),
    Case("V8", b"<Anonymous /srv/ftp>\n<Limit WRITE>\nDenyAll\n</Limit>\nAllowOverwrite off\n</Anonymous>\n"),
    Case("V9", IFVERSION % b"= 1.3.8c"),
    Case("V10", IFVERSION % b"> 1.3.8b"),
    Case("V11", IFVERSION % b"< 1.3.8d"),
    Case("V12", IFVERSION % b"= 1.3.8a"),
    Case("V13", IFVERSION % b"> 1.3.8"),
    Case("V14", IFVERSION % b"~ 1\\.3\\.8c"),
    Case("V15", IFVERSION % b"!~ 1\\.3\\.8c"),
    Case("V16", IFVERSION % b"= /8c/"),
    Case("V17", IFVERSION % b"> 1.3.8c"),
]
ALL = CASES + VERSION_CASES
# The Debian 13 leg runs these and a sample: the version cases, <IfVersion>, and every case whose verdict
# differs between 1.3.8 and 1.3.8c (measured: P207-P209, and mod_xfer/mod_ls directives never loaded).
DIFFERING = {
    "P207",
    "P208",
    "P209",
    "X119",
    "X129",
    "X130",
    "X136",
    "X137",
    "X143",
    "X144",
    "X146",
    "X152",
    "X255",
    "X256",
}
VERSIONED = (
    {c.id for c in VERSION_CASES}
    | {f"P{n}" for n in range(204, 214)}
    | {"X65", "X66", "X67", "P159", "X151"}
    | DIFFERING
)


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
    assert len({case.id for case in ALL}) == len(ALL)


@pytest.mark.parametrize(("case", "release"), legs(ALL, lambda c: c.id, VERSIONED))
def test_error_verdict_matches_proftpd(
    case: Case, release: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    daemons.require_daemons()
    config = _materialise(case, tmp_path)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    verdict = daemons.proftpd_configtest(config, defines=case.defines, release=release)
    with target(release, "proftpd"):
        errors = ftpconf_errors(config, tmp_path, case)
    assert bool(errors) == (not verdict.accepted), (
        f"proftpd: {'accepted' if verdict.accepted else 'rejected'} ({verdict.message}); ftpconf errors: {errors}"
    )
    if case.reject is not None and case.id not in REFERENCE_DISAGREES and release == daemons.DEFAULT_RELEASE:
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
