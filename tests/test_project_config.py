"""Project configuration: discovery, every key, command-line overrides, and clear errors (exit 2)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ftpconf.selection import Layer, enabled, matches_glob
from tests.cli import run_cli

# FTP201 (warning) at line 5 and FTP504 (warning: plain logins though data needs TLS) at line 7.
VSFTPD = (
    "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\npasv_min_port=20480\npasv_max_port=10240\n"
    "ssl_enable=YES\nforce_local_logins_ssl=NO\n"
)


def lint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``ftpconf lint ARGS`` run from ``cwd``: discovery starts at the working directory and the files."""
    return run_cli("lint", *args, cwd=cwd, stdin=stdin)


def codes(*args: str, cwd: Path) -> dict[str, str]:
    """code -> reported severity."""
    result = lint("--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return {d["code"]: d["severity"] for d in json.loads(result.stdout)["diagnostics"]}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_pyproject_is_found_upward_from_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.ftpconf]\nignore = ["FTP5"]\n')
    conf = write(tmp_path / "etc" / "deep" / "vsftpd.conf", VSFTPD)
    found = codes(str(conf), cwd=Path("/"))  # found from the file, not from the working directory
    assert "FTP201" in found and "FTP504" not in found
    assert "FTP504" in codes("--isolated", str(conf), cwd=Path("/"))


def test_nearest_file_wins_and_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".ftpconf.toml", 'ignore = ["FTP201"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "unrelated"\n')
    conf = write(tmp_path / "sub" / "vsftpd.conf", VSFTPD)
    assert "FTP201" not in codes(str(conf), cwd=tmp_path)
    # Same directory: .ftpconf.toml wins over pyproject.toml.
    write(tmp_path / "sub" / "pyproject.toml", '[tool.ftpconf]\nignore = ["FTP5"]\n')
    write(tmp_path / "sub" / ".ftpconf.toml", 'ignore = ["FTP6"]\n')
    found = codes(str(conf), cwd=tmp_path)
    assert "FTP201" in found and "FTP504" in found


def test_select_prefix_and_the_more_specific_selector_wins(tmp_path: Path) -> None:
    conf = write(tmp_path / "vsftpd.conf", VSFTPD)
    write(tmp_path / ".ftpconf.toml", 'select = ["FTP2"]\n')
    assert set(codes(str(conf), cwd=tmp_path)) == {"FTP201"}
    write(tmp_path / ".ftpconf.toml", 'ignore = ["FTP"]\nextend-select = ["FTP504"]\n')
    assert set(codes(str(conf), cwd=tmp_path)) == {"FTP504"}


def test_command_line_selection_overrides_the_project(tmp_path: Path) -> None:
    conf = write(tmp_path / "vsftpd.conf", VSFTPD)
    write(tmp_path / ".ftpconf.toml", 'select = ["FTP2"]\n')
    # A prefix selects the opt-in rules it covers too (FTP503, hardening).
    assert set(codes("--select", "FTP5", str(conf), cwd=tmp_path)) == {"FTP503", "FTP504"}
    assert set(codes("--extend-select", "FTP504,FTP6", "--ignore", "FTP201", str(conf), cwd=tmp_path)) == {"FTP504"}


def test_per_file_ignores_match_relative_to_the_config(tmp_path: Path) -> None:
    write(tmp_path / ".ftpconf.toml", '[per-file-ignores]\n"legacy/**/*.conf" = ["FTP201"]\n"vsftpd.conf" = ["FTP5"]\n')
    old = write(tmp_path / "legacy" / "a" / "vsftpd.conf", VSFTPD)
    new = write(tmp_path / "new" / "vsftpd.conf", VSFTPD)
    assert set(codes(str(old), cwd=tmp_path)) & {"FTP201", "FTP504"} == set()
    assert "FTP201" in codes(str(new), cwd=tmp_path)


def test_severity_override_and_fail_on(tmp_path: Path) -> None:
    conf = write(tmp_path / "vsftpd.conf", VSFTPD)
    write(tmp_path / ".ftpconf.toml", 'fail-on = "error"\n')
    assert lint(str(conf), cwd=tmp_path).returncode == 0  # two warnings, threshold error
    overrides = '[severity]\nFTP5 = "error"\nFTP504 = "info"\nFTP201 = "error"\n'
    write(tmp_path / ".ftpconf.toml", 'fail-on = "error"\n' + overrides)
    found = codes(str(conf), cwd=tmp_path)
    assert (found["FTP201"], found["FTP504"]) == ("error", "info")  # the longer selector wins
    assert lint(str(conf), cwd=tmp_path).returncode == 1
    assert lint("--fail-on", "none", str(conf), cwd=tmp_path).returncode == 0  # the command line wins


def test_dialect_per_glob(tmp_path: Path) -> None:
    conf = write(tmp_path / "ftp" / "server.cfg", "PassivePortRange 30000 30009\n")
    assert "FTP260" in codes(str(conf), cwd=tmp_path)  # detected from the content: pure-ftpd
    write(tmp_path / "pyproject.toml", '[tool.ftpconf.dialects]\n"ftp/*.cfg" = "proftpd"\n')
    found = codes(str(conf), cwd=tmp_path)
    assert "FTP130" in found and "FTP260" not in found  # read as proftpd: an unknown directive
    assert "FTP260" in codes("--dialect", "pureftpd", str(conf), cwd=tmp_path)  # the command line wins


def test_proftpd_modules_and_defines(tmp_path: Path) -> None:
    conf = write(tmp_path / "proftpd.conf", "<IfDefine STRICT>\nBogusDirective on\n</IfDefine>\n")
    assert "FTP130" not in codes(str(conf), cwd=tmp_path)
    write(tmp_path / ".ftpconf.toml", '[proftpd]\ndefines = ["STRICT"]\n')
    assert "FTP130" in codes(str(conf), cwd=tmp_path)
    conf = write(tmp_path / "proftpd.conf", "<IfModule mod_ratio.c>\nBogusDirective on\n</IfModule>\n")
    assert "FTP130" not in codes(str(conf), cwd=tmp_path)  # nothing in the file loads mod_ratio
    write(tmp_path / ".ftpconf.toml", '[proftpd]\nmodules = ["mod_ratio.c"]\n')
    assert "FTP130" in codes(str(conf), cwd=tmp_path)
    conf = write(tmp_path / "proftpd.conf", "LoadModule mod_tls.c\n")
    assert codes(str(conf), cwd=tmp_path).get("FTP147") == "info"  # assumed installed, named (a host fact)
    write(tmp_path / ".ftpconf.toml", "[proftpd]\npackages = []\n")
    assert codes(str(conf), cwd=tmp_path).get("FTP138") == "error"  # proftpd-core alone has no mod_tls.so
    write(tmp_path / ".ftpconf.toml", '[proftpd]\npackages = ["proftpd-mod-crypto"]\n')
    assert not {"FTP138", "FTP147"} & set(codes(str(conf), cwd=tmp_path))
    write(tmp_path / ".ftpconf.toml", '[proftpd]\npackages = ["proftpd-mod-nope"]\n')
    result = lint(str(conf), cwd=tmp_path)
    assert result.returncode == 2 and "proftpd.packages" in result.stderr


def test_pureftpd_build(tmp_path: Path) -> None:
    conf = write(tmp_path / "pure-ftpd.conf", "NoAnonymous yes\nMySQLConfigFile /etc/pure-ftpd/db/mysql.conf\n")
    assert "FTP171" not in codes(str(conf), cwd=tmp_path)  # read for pure-ftpd-mysql, as its key asks
    write(tmp_path / ".ftpconf.toml", '[pureftpd]\nbuild = "vanilla"\n')
    assert "FTP171" in codes(str(conf), cwd=tmp_path)
    assert "FTP171" not in codes("--pureftpd-build", "auto", str(conf), cwd=tmp_path)  # the command line wins
    write(tmp_path / ".ftpconf.toml", '[pureftpd]\nbuild = "oracle"\n')
    done = lint(str(conf), cwd=tmp_path)
    assert done.returncode == 2 and "pureftpd.build" in done.stderr


def test_explicit_config_file_applies_to_every_input(tmp_path: Path) -> None:
    conf = write(tmp_path / "a" / "vsftpd.conf", VSFTPD)
    write(tmp_path / "a" / ".ftpconf.toml", 'ignore = ["FTP2"]\n')
    other = write(tmp_path / "elsewhere.toml", 'select = ["FTP2"]\n')
    assert set(codes("--config", str(other), str(conf), cwd=tmp_path)) == {"FTP201"}


def test_stdin_uses_the_working_directory(tmp_path: Path) -> None:
    write(tmp_path / ".ftpconf.toml", 'select = ["FTP201"]\n')
    result = lint("--format", "json", "--dialect", "vsftpd", "-", cwd=tmp_path, stdin=VSFTPD)
    assert {d["code"] for d in json.loads(result.stdout)["diagnostics"]} == {"FTP201"}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".ftpconf.toml", 'selct = ["FTP2"]\n', "selct: unknown key (did you mean `select`?)"),
        (".ftpconf.toml", 'fail_on = "error"\n', "fail_on: unknown key (did you mean `fail-on`?)"),
        (".ftpconf.toml", 'select = "FTP2"\n', "select: expected a list of strings, got a string ('FTP2')"),
        (".ftpconf.toml", 'ignore = ["FTP2O1"]\n', "ignore: `FTP2O1` is not a rule code, code prefix or group"),
        (".ftpconf.toml", 'ignore = ["FTP999"]\n', "ignore: `FTP999` is not a rule code"),
        (".ftpconf.toml", 'fail-on = "fatal"\n', "fail-on: expected one of error, warning, info, none, got 'fatal'"),
        (".ftpconf.toml", '[severity]\nFTP201 = "high"\n', "severity.FTP201: expected one of info, warning, error"),
        (".ftpconf.toml", '[dialects]\n"*.cfg" = "wu-ftpd"\n', 'dialects."*.cfg": expected one of vsftpd'),
        (".ftpconf.toml", "[proftpd]\nmodule = []\n", "proftpd.module: unknown key (did you mean `modules`?)"),
        (".ftpconf.toml", "select = [\n", "not valid TOML"),
        ("pyproject.toml", "[tool.ftpconf]\nignore = [1]\n", "[tool.ftpconf] ignore: expected a list of strings"),
    ],
)
def test_invalid_config_is_a_clear_error_and_exit_two(tmp_path: Path, name: str, text: str, expected: str) -> None:
    config = write(tmp_path / name, text)
    conf = write(tmp_path / "vsftpd.conf", VSFTPD)
    result = lint(str(conf), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"ftpconf: error: {config}: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_selector_or_missing_config_on_the_command_line(tmp_path: Path) -> None:
    conf = write(tmp_path / "vsftpd.conf", VSFTPD)
    result = lint("--select", "FTPX", str(conf), cwd=tmp_path)
    assert result.returncode == 2 and "command line: `FTPX` is not a rule code" in result.stderr
    result = lint("--config", str(tmp_path / "missing.toml"), str(conf), cwd=tmp_path)
    assert result.returncode == 2 and "missing.toml: no such configuration file" in result.stderr
    assert lint("--config", str(conf), "--isolated", str(conf), cwd=tmp_path).returncode == 2


# -- the selection rules themselves -------------------------------------------------------------


@pytest.mark.parametrize(
    ("layers", "on", "off"),
    [
        ((), {"FTP201", "FTP001"}, set()),
        ((Layer(select=("FTP2",)),), {"FTP201"}, {"FTP501"}),
        ((Layer(select=("FTP2",), ignore=("FTP",)),), {"FTP201"}, {"FTP501"}),
        ((Layer(ignore=("FTP2",), extend_select=("FTP2",)),), set(), {"FTP201"}),  # a tie: ignore wins
        ((Layer(ignore=("FTP6",), extend_select=("FTP601",)),), {"FTP601", "FTP201"}, {"FTP602"}),
        ((Layer(select=("FTP2",)), Layer(ignore=("FTP201",))), {"FTP202"}, {"FTP201", "FTP501"}),
        ((Layer(select=("FTP2",)), Layer(select=("FTP5",))), {"FTP501"}, {"FTP201"}),
    ],
)
def test_enabled(layers: tuple[Layer, ...], on: set[str], off: set[str]) -> None:
    assert all(enabled(code, layers) for code in on)
    assert not any(enabled(code, layers) for code in off)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.conf", "etc/a/vsftpd.conf", True),  # no slash: the file name alone
        ("etc/*.conf", "etc/a/vsftpd.conf", False),  # * stays in one directory
        ("etc/**/*.conf", "etc/a/b/vsftpd.conf", True),
        ("etc/**/*.conf", "etc/vsftpd.conf", True),
        ("etc/vsftpd.con?", "etc/vsftpd.conf", True),
        ("etc/[!x]sftpd.conf", "etc/vsftpd.conf", True),
        ("./etc/vsftpd.conf", "etc/vsftpd.conf", True),
        ("other/vsftpd.conf", "etc/vsftpd.conf", False),
    ],
)
def test_globs_are_relative_to_the_config(tmp_path: Path, pattern: str, path: str, expected: bool) -> None:
    assert matches_glob(pattern, str(tmp_path / path), tmp_path) is expected
