"""The conventions users of ruff and hadolint expect, through the command line: -q/-s,
--stdin-filename, -o, concise/junit/gitlab formats, NO_COLOR/FORCE_COLOR, terminal width, and
``lint DIR`` discovering configurations in a tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.cli import run_cli
from tests.conftest import ROOT

SWAPPED = ROOT / "samples" / "vsftpd-swapped-range.conf"
TYPOS = ROOT / "samples" / "vsftpd-typos.conf"
CLEAN = ROOT / "samples" / "vsftpd-clean.conf"


UNSET: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": None}  # the shell's, if any


def run(
    *args: str, stdin: str | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``ftpconf ARGS`` in this process (tests.cli), without the colour and width variables unless ``env`` sets them."""
    return run_cli(*args, stdin=stdin, cwd=cwd, env={**UNSET, **(env or {})})


def process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m ftpconf ARGS`` in a process of its own, for colour and width: those come from the real
    environment and from what standard output is, which a CliRunner stands in for."""
    base = {k: v for k, v in os.environ.items() if k not in UNSET}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "ftpconf", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, **(env or {})},
        timeout=120,
    )


# -- -q, -s, -o ------------------------------------------------------------------------------------


def test_quiet_prints_findings_without_summary_and_silent_prints_nothing() -> None:
    normal = run("lint", str(SWAPPED))
    quiet = run("lint", "-q", str(SWAPPED))
    silent = run("lint", "--silent", str(SWAPPED))
    assert normal.returncode == quiet.returncode == silent.returncode == 1
    assert normal.stdout.endswith("\n1 finding\n")
    assert quiet.stdout == normal.stdout.removesuffix("1 finding\n")
    assert silent.stdout == "" and silent.stderr == ""
    assert run("lint", "-q", str(CLEAN)).stdout == ""
    fixed = run("lint", "-q", "--fix", "-", stdin=SWAPPED.read_text(), env={})
    assert "fixed," not in fixed.stderr  # -q drops the "N fixed, M remaining" line too


def test_output_file_is_written_atomically_and_colourless(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old report\n")
    os.chmod(target, 0o640)
    result = run("lint", "-o", str(target), str(SWAPPED), env={"FORCE_COLOR": "1"})  # a file: no colour
    assert result.returncode == 1 and result.stdout == ""
    assert target.read_text() == run("lint", str(SWAPPED)).stdout
    assert "\x1b[" not in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o640  # replaced, keeping its mode
    as_json = run("lint", "--format", "json", "--output-file", str(tmp_path / "r.json"), str(SWAPPED))
    assert json.loads((tmp_path / "r.json").read_text())["diagnostics"]
    assert as_json.stdout == ""
    missing = run("lint", "-o", str(tmp_path / "no-dir" / "r.txt"), str(SWAPPED))
    assert missing.returncode == 2 and "cannot write the report" in missing.stderr
    assert "Traceback" not in missing.stderr


# -- --stdin-filename -----------------------------------------------------------------------------------


def test_stdin_filename_picks_the_dialect_and_names_the_report(tmp_path: Path) -> None:
    text = "ServerName x\nPassivePorts 30009 30000\nPort 21\n"  # proftpd (FTP134); no name: detection by content
    named = run("lint", "--format", "concise", "--stdin-filename", "etc/proftpd/proftpd.conf", "-", stdin=text)
    assert named.stdout.startswith("etc/proftpd/proftpd.conf:"), named.stdout + named.stderr
    assert "<stdin>" not in named.stdout
    # The name decides the dialect: the same text read as vsftpd is a different report.
    ambiguous = "listen=YES\n"
    as_pure = run("lint", "-q", "--format", "json", "--stdin-filename", "pure-ftpd.conf", "-", stdin=ambiguous)
    assert json.loads(as_pure.stdout)["files"] == [{"path": "pure-ftpd.conf", "dialect": "pureftpd"}]
    # Project settings are found for the name (per-file-ignores apply to it).
    (tmp_path / ".ftpconf.toml").write_text('[per-file-ignores]\n"legacy/*.conf" = ["FTP201"]\n')
    swapped = SWAPPED.read_text()
    ignored = run("lint", "-q", "--stdin-filename", "legacy/vsftpd.conf", "-", stdin=swapped, cwd=tmp_path)
    kept = run("lint", "-q", "--stdin-filename", "vsftpd.conf", "-", stdin=swapped, cwd=tmp_path)
    assert "FTP201" in kept.stdout and "FTP201" not in ignored.stdout
    assert run("lint", "--stdin-filename", "x.conf", str(CLEAN)).returncode == 2


def test_stdin_filename_with_fix_writes_stdout_never_the_named_file(tmp_path: Path) -> None:
    (tmp_path / "vsftpd.conf").write_text("on disk\n")
    # --extend-select hardening: a finding the fix leaves, so the report names the file
    fixed = run("lint", "--fix", "--extend-select", "hardening", "--stdin-filename", "vsftpd.conf", "-",
                stdin=SWAPPED.read_text(), cwd=tmp_path)
    assert "pasv_max_port=20480\npasv_min_port=10240\n" in fixed.stdout  # the two values swapped
    assert "vsftpd.conf:" in fixed.stderr and "1 fixed" in fixed.stderr
    assert (tmp_path / "vsftpd.conf").read_text() == "on disk\n"


# -- formats ---------------------------------------------------------------------------------------------


def test_concise_is_the_first_line_of_each_text_finding() -> None:
    text = run("lint", str(TYPOS)).stdout.splitlines()
    concise = run("lint", "--format", "concise", str(TYPOS)).stdout.splitlines()
    headers = [line for line in text if line.startswith(str(TYPOS))]
    assert concise == [*headers, text[-1]] and len(headers) == 4


def test_junit_one_failing_testcase_per_finding() -> None:
    result = run("lint", "--format", "junit", str(TYPOS), str(CLEAN), "no-such.conf")
    assert result.returncode == 2 and result.stderr == ""  # the unreadable input is in the report
    root = ET.fromstring(result.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    typos = suites[str(TYPOS)]
    assert typos.get("tests") == typos.get("failures") == "4"
    assert [c.find("failure").get("type") for c in typos.iter("testcase")].count("error") == 2  # type: ignore[union-attr]
    assert [c.get("name") for c in suites[str(CLEAN)]] == ["ftpconf"]
    assert suites["no-such.conf"].get("errors") == "1"
    assert root.get("tests") == "6" and root.get("failures") == "4" and root.get("errors") == "1"


def test_gitlab_fingerprints_survive_lines_added_above(tmp_path: Path) -> None:
    config = tmp_path / "vsftpd.conf"
    config.write_text(TYPOS.read_text())
    first = json.loads(run("lint", "--format", "gitlab", "vsftpd.conf", cwd=tmp_path).stdout)
    config.write_text("# a comment\n# another\n" + TYPOS.read_text())
    second = json.loads(run("lint", "--format", "gitlab", "vsftpd.conf", cwd=tmp_path).stdout)
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    assert len({i["fingerprint"] for i in first}) == len(first) == 4
    # FTP206 is about a default nobody wrote: it stays on line 1; the others move with their lines
    assert [i["location"]["lines"]["begin"] for i in first][:1] == [i["location"]["lines"]["begin"] for i in second][:1]
    assert [i["location"]["lines"]["begin"] + 2 for i in first][1:] == [
        i["location"]["lines"]["begin"] for i in second
    ][1:]
    assert {i["severity"] for i in first} == {"critical", "major", "info"}
    assert first[0]["location"]["path"] == "vsftpd.conf"
    absolute = json.loads(run("lint", "--format", "gitlab", str(config), cwd=tmp_path).stdout)
    assert absolute[0]["location"]["path"] == "vsftpd.conf"  # relative to the checkout CI runs in


# -- colour and width ------------------------------------------------------------------------------------


def test_colour_per_no_color_org_and_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in process("lint", str(SWAPPED)).stdout  # a pipe: no colour
    assert "\x1b[" in process("lint", str(SWAPPED), env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in process("lint", str(SWAPPED), env={"FORCE_COLOR": ""}).stdout
    assert "\x1b[" not in process("lint", str(SWAPPED), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in process("show", str(SWAPPED), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" in process("show", str(SWAPPED), env={"FORCE_COLOR": "1"}).stdout
    from ftpconf.commands._report import use_color

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "")  # empty: no-color.org says it does not count
    assert use_color(None) is True
    monkeypatch.setenv("NO_COLOR", "0")  # any non-empty value
    assert use_color(None) is False


def test_show_wraps_its_prose_at_the_terminal_width() -> None:
    def longest_prose(columns: str | None) -> int:
        env = {"COLUMNS": columns} if columns else {}
        out = process("show", str(ROOT / "samples" / "proftpd-seed-deny-port.conf"), env=env).stdout
        # the drawing is fixed-width (its box characters); the prose and table wrap
        return max(len(line) for line in out.splitlines() if not any(c in line for c in "│┌└╌─═"))

    assert 80 < longest_prose(None) <= 100
    assert longest_prose("72") <= 72
    assert longest_prose("20") <= 60  # never narrower than 60 columns


# -- lint DIR ---------------------------------------------------------------------------------------------


def _tree(root: Path) -> Path:
    (root / "etc" / "pure-ftpd" / "conf").mkdir(parents=True)
    (root / "etc" / "pure-ftpd" / "conf" / "NoAnonymous").write_text("yes\n")
    (root / "etc" / "vsftpd.conf").write_text("listen=YES\nanonymous_enable=NO\n")
    (root / "etc" / "proftpd" / "conf.d").mkdir(parents=True)
    (root / "etc" / "proftpd" / "conf.d" / "extra.conf").write_text("MaxInstances 30\n")
    (root / "docker").mkdir()
    (root / "docker" / "Dockerfile").write_text('FROM debian\nCMD ["vsftpd", "-olisten_port=2121"]\n')
    (root / "web").mkdir()
    (root / "web" / "Dockerfile").write_text('FROM nginx\nCMD ["nginx"]\n')  # starts no FTP daemon: not taken
    (root / "web" / "nginx.conf").write_text("events {}\n")
    (root / "build").mkdir()
    (root / "build" / "vsftpd.conf").write_text("listen=YES\n")
    (root / ".gitignore").write_text("build/\n")
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "node_modules" / "x" / "vsftpd.conf").write_text("listen=YES\n")
    return root


def _linted(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [f["path"] for f in json.loads(result.stdout)["files"]]


EXPECTED = ["docker/Dockerfile", "etc/proftpd/conf.d/extra.conf", "etc/pure-ftpd", "etc/vsftpd.conf"]


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_lint_dir_discovers_configs_and_launchers(tmp_path: Path, git: bool) -> None:
    root = _tree(tmp_path / "tree")
    if git:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    result = run("lint", "--format", "json", ".", cwd=root)
    assert sorted(_linted(result)) == EXPECTED, result.stderr
    # a proftpd.conf beside conf.d/ includes its files: they are not linted on their own
    (root / "etc" / "proftpd" / "proftpd.conf").write_text("ServerName x\n")
    with_main = _linted(run("lint", "--format", "json", ".", cwd=root))
    assert "etc/proftpd/proftpd.conf" in with_main and "etc/proftpd/conf.d/extra.conf" not in with_main


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    root = _tree(tmp_path / "tree")
    assert "docker/Dockerfile" not in _linted(run("lint", "--format", "json", "--exclude", "docker", ".", cwd=root))
    # --exclude replaces the built-in list: node_modules is searched again
    replaced = _linted(run("lint", "--format", "json", "--exclude", "docker", ".", cwd=root))
    assert "node_modules/x/vsftpd.conf" in replaced
    (root / ".ftpconf.toml").write_text('extend-exclude = ["etc/proftpd/**"]\n')
    extended = _linted(run("lint", "--format", "json", ".", cwd=root))
    assert "etc/proftpd/conf.d/extra.conf" not in extended and "etc/vsftpd.conf" in extended
    assert "node_modules/x/vsftpd.conf" not in extended
    named = run("lint", "--format", "json", "--exclude", "etc", "etc/vsftpd.conf", cwd=root)
    assert _linted(named) == ["etc/vsftpd.conf"]  # a file named on the command line is always linted


def test_a_debian_conf_dir_is_still_one_configuration(tmp_path: Path) -> None:
    conf = tmp_path / "anywhere"
    conf.mkdir()
    (conf / "PassivePortRange").write_text("30000 30009\n")
    result = run("lint", "--format", "json", str(conf))
    assert json.loads(result.stdout)["files"] == [{"path": str(conf), "dialect": "pureftpd"}]


def test_a_tree_without_configurations_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "nginx.conf").write_text("events {}\n")
    result = run("lint", str(tmp_path))
    assert result.returncode == 2 and f"{tmp_path}: is a directory with no FTP configuration" in result.stderr
