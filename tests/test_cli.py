"""The command line as a user drives it: exit codes, text and JSON reports, stdin, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run_cli_bytes
from tests.conftest import ROOT

FTPCONF = [sys.executable, "-m", "ftpconf.cli"]  # for a real stdin: empty, or closed


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return run_cli_bytes(*args, stdin=stdin, cwd=cwd)


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_clean_file_exits_zero() -> None:
    result = run("lint", "samples/vsftpd-clean.conf")
    assert result.returncode == 0, result.stdout
    assert result.stdout.decode().strip() == "no findings"


def test_error_is_reported_like_a_compiler(tmp_path: Path) -> None:
    path = write(tmp_path, "vsftpd.conf", "listen=YES\npasv_enalbe=YES\n")
    result = run("lint", str(path))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert f"{path}:2:1: FTP101 error: unknown option `pasv_enalbe` (did you mean `pasv_enable`?)" in out
    assert "500 OOPS: unrecognised variable in config file: pasv_enalbe" in out
    assert "    2 | pasv_enalbe=YES\n      | ^~~~~~~~~~~\n" in out


def test_fail_on_threshold(tmp_path: Path) -> None:
    path = write(tmp_path, "vsftpd.conf", "listen=YES\npasv_min_port=20480\npasv_max_port=10240\n")  # FTP201 warning
    assert run("lint", str(path)).returncode == 1
    assert run("lint", "--fail-on", "error", str(path)).returncode == 0
    assert run("lint", "--fail-on", "none", str(path)).returncode == 0


def test_json_report(tmp_path: Path) -> None:
    path = write(tmp_path, "vsftpd.conf", "listen=YES\npasv_min_port=20480\npasv_max_port=10240\n")
    result = run("lint", "--format", "json", str(path))
    report = json.loads(result.stdout)
    found = {d["code"]: d for d in report["diagnostics"]}
    inverted = found["FTP201"]
    assert {"path", "line", "column", "code", "severity", "message"} <= inverted.keys()
    assert (inverted["path"], inverted["line"], inverted["column"], inverted["severity"]) == (
        str(path),
        3,
        1,
        "warning",
    )
    assert "20480-65535" in inverted["message"]
    assert report["files"] == [{"path": str(path), "dialect": "vsftpd"}]


def test_stdin_with_explicit_dialect() -> None:
    result = run("lint", "--dialect", "vsftpd", "-", stdin=b"listen=YES\nlisten_ipv6=YES\n")
    assert result.returncode == 1
    assert b"<stdin>:2:1: FTP120 error" in result.stdout


def test_stdin_detects_dialect_from_content() -> None:
    result = run("lint", "-", stdin=b"anonymous_enable=NO\nlocal_enable=NO\n")
    assert b"FTP121 error" in result.stdout


@pytest.mark.parametrize("redirect", ["</dev/null", "<&-"], ids=["empty", "closed"])
def test_empty_or_closed_stdin_is_not_a_crash(redirect: str) -> None:
    command = " ".join([*FTPCONF, "lint", "--dialect", "vsftpd", "-"]) + " " + redirect
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, cwd=ROOT)
    assert result.returncode in (0, 1, 2)
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["missing", "directory", "unreadable"])
def test_unreadable_input_exits_two_with_a_message(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "vsftpd.conf"
    if kind == "directory":
        target.mkdir()
    elif kind == "unreadable":
        target.write_text("listen=YES\n")
        target.chmod(0)
        if os.access(target, os.R_OK):  # root reads anything: use a FIFO-free stand-in instead
            target.chmod(0o644)
            target.unlink()
            os.symlink(tmp_path / "loop", target)
            os.symlink(target, tmp_path / "loop")
    result = run("lint", str(target))
    assert result.returncode == 2
    assert str(target).encode() in result.stderr
    assert b"Traceback" not in result.stderr


def test_unknown_dialect_content_exits_two(tmp_path: Path) -> None:
    path = write(tmp_path, "settings.txt", "hello world\n")
    result = run("lint", str(path))
    assert result.returncode == 2 and b"--dialect" in result.stderr


def test_non_utf8_bytes_reach_the_terminal_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, "vsftpd.conf", b"listen=YES\npasv_enabl\xe9=YES\n")
    result = run("lint", str(path))
    assert b"pasv_enabl\\xe9" in result.stdout  # shown escaped in the message, as vsftpd's raw byte
    assert b"Traceback" not in result.stderr


def test_cmdline_applies_o_settings_in_order(tmp_path: Path) -> None:
    path = write(tmp_path, "vsftpd.conf", "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n")
    result = run("lint", "--format", "json", "--cmdline", f"vsftpd -opasv_max_port=10240 -opasv_min_port=20480 {path}")
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert "FTP201" in codes


def test_rules_and_explain() -> None:
    listing = run("rules").stdout.decode()
    assert "FTP201" in listing and "inverted-passive-range" in listing
    explained = run("explain", "FTP201")
    assert explained.returncode == 0 and b"swap" in explained.stdout
    assert run("explain", "inverted-passive-range").stdout == explained.stdout
    assert run("explain", "FTP999").returncode == 2


def test_proftpd_define_selects_ifdefine_blocks(tmp_path: Path) -> None:
    path = write(tmp_path, "proftpd.conf", "<IfDefine STRICT>\nBogusDirective on\n</IfDefine>\n")
    assert run("lint", "--fail-on", "error", str(path)).returncode == 0  # the block is skipped, as proftpd does
    assert run("lint", "--fail-on", "error", "--define", "STRICT", str(path)).returncode == 1


def test_proftpd_module_set_selects_ifmodule_blocks(tmp_path: Path) -> None:
    path = write(tmp_path, "proftpd.conf", "<IfModule mod_ratio.c>\nBogusDirective on\n</IfModule>\n")
    assert run("lint", "--fail-on", "error", str(path)).returncode == 0  # nothing in the file loads mod_ratio
    assert run("lint", "--fail-on", "error", "--modules", "mod_ratio.c", str(path)).returncode == 1  # explicit set
