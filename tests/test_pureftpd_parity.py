"""Daemon parity: the real pure-ftpd 1.0.50 decides accept/refuse, ftpconf's "has an error" must agree.

Debian 12 and Debian 13 both ship 1.0.50 (one catalogue); every case runs on Debian 12's build, every
4th also on Debian 13's (tests/releases.py), which would catch a packaging difference.

Under CI=true a missing binary fails the run instead of skipping (tests.daemons.require_daemons).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ftpconf.dialects.pureftpd.reader import ReadResult, read, read_cmdline
from ftpconf.source import ReadOptions, read_source
from tests import daemons
from tests.daemons import Verdict, pureftpd_verdict, require_daemons
from tests.pureftpd_parity_cases import BUILD_CASES, BUILD_DATABASES, CONF_CASES, FLAG_CASES
from tests.releases import legs, target

VANILLA = ReadOptions(pureftpd_build="vanilla")  # the binary these cases run on: LDAPConfigFile is unknown to it

_SYNTAX = re.compile(r"pure-ftpd\.conf:(\d+):(\d+): (syntax error|property not found)")


def _errors(result: ReadResult) -> list[str]:
    return [f"{d.code} {d.span}: {d.message}" for d in result.diagnostics if d.severity.value == "error"]


def _agree(verdict: Verdict, result: ReadResult) -> None:
    errors = _errors(result)
    assert bool(errors) == (not verdict.accepted), f"daemon: {verdict.message!r}; ftpconf errors: {errors}"


@pytest.mark.parametrize(("name", "release"), legs(sorted(CONF_CASES), str))
def test_conf_file_parity(name: str, release: str, tmp_path: Path) -> None:
    require_daemons()
    config = CONF_CASES[name]
    verdict = pureftpd_verdict(config=config, release=release)
    path = tmp_path / "pure-ftpd.conf"
    path.write_bytes(config)
    with target(release, "pureftpd"):
        result = read(read_source(path), VANILLA)
    _agree(verdict, result)
    reported = _SYNTAX.search(verdict.message)
    if reported:  # the line and column of the daemon's message, too
        ours = [d for d in result.diagnostics if d.code in ("FTP170", "FTP171")]
        assert ours, verdict.message
        assert (ours[0].span.line, ours[0].span.column) == (int(reported[1]), int(reported[2])), verdict.message


@pytest.mark.parametrize(("name", "release"), legs(sorted(FLAG_CASES), str))
def test_flag_parity(name: str, release: str) -> None:
    require_daemons()
    args = FLAG_CASES[name]
    with target(release, "pureftpd"):
        _agree(pureftpd_verdict(args=args, release=release), read_cmdline(args, build="vanilla"))


@pytest.mark.parametrize(("name", "release"), legs(sorted(BUILD_CASES), str))
def test_build_parity(name: str, release: str, tmp_path: Path) -> None:
    """Each build's binary accepts its own key and method and refuses the others'; ftpconf reads the
    configuration for that build, whether told (--pureftpd-build) or left to detect it."""
    require_daemons()
    build, config, flags = BUILD_CASES[name]
    database = tmp_path / f"{build}.conf"
    database.write_bytes(BUILD_DATABASES[build])
    config = None if config is None else config.replace(b"{db}", str(database).encode())
    args = [word.replace("{db}", str(database)) for word in flags]
    verdict = pureftpd_verdict(args=args, config=config, build=build, release=release)
    if config is None:
        results = [read_cmdline(args, build=build), read_cmdline([f"/usr/sbin/pure-ftpd-{build}", *args])]
    else:
        path = tmp_path / "pure-ftpd.conf"
        path.write_bytes(config)
        results = [read(read_source(path), ReadOptions(pureftpd_build=build))]
    for result in results:
        _agree(verdict, result)
        assert result.build.current.name == build


def test_conf_file_combined_with_flags(tmp_path: Path) -> None:
    """F93: a conf path followed by a flag is a stray argument."""
    require_daemons()
    config = b"NoAnonymous yes\n"
    verdict = pureftpd_verdict(args=["-E"], config=config)
    path = tmp_path / "pure-ftpd.conf"
    path.write_bytes(config)
    result = read_cmdline([str(path), "-E"], build="vanilla")
    _agree(verdict, result)
    assert "FTP175" in {d.code for d in result.diagnostics}


def test_conf_file_alone_on_the_command_line(tmp_path: Path) -> None:
    require_daemons()
    config = b"PassivePortRange 40000 30000\n"
    path = tmp_path / "pure-ftpd.conf"
    path.write_bytes(config)
    _agree(pureftpd_verdict(config=config), read_cmdline(["/usr/sbin/pure-ftpd", str(path)], build="vanilla"))


def test_include_loop(tmp_path: Path) -> None:
    """F89: a file that includes itself reaches the 16-level limit (the path must be the real one)."""
    require_daemons()
    path = tmp_path / "pure-ftpd.conf"
    path.write_bytes(f"Include {path}\n".encode())
    verdict = pureftpd_verdict(config=path.read_bytes())  # the daemon's copy includes our file, which loops
    result = read(read_source(path), VANILLA)
    _agree(verdict, result)
    assert "FTP173" in {d.code for d in result.diagnostics}


def test_debian13_ships_the_same_pure_ftpd() -> None:
    """One catalogue serves both releases only while their pure-ftpd is the same version."""
    assert daemons.RELEASES["debian12"]["pureftpd"] == daemons.RELEASES["debian13"]["pureftpd"]


def test_enough_cases() -> None:
    assert len(CONF_CASES) + len(FLAG_CASES) + 3 >= 80
