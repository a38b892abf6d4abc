"""A configuration checked into a repository is linted for its server, not for the machine running ftpconf.

--root and the root inferred from ``…/etc/``, the FTP08x "host" family and the switch that turns it
off, fragments linted inside their main file (or alone, as fragments), pure-ftpd's conf/ files, the
redirects of the retired codes, and what proftpd 1.3.8 really does with a missing Include.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml  # type: ignore[import-untyped]
from click.testing import CliRunner

from ftpconf.cli import main
from ftpconf.lint import lint_path
from ftpconf.report.json_report import schema
from ftpconf.source import HostPaths, ReadOptions, infer_host_paths
from tests import daemons
from tests.conftest import FIXTURES, ROOT, shared_dir

HOST = FIXTURES / "host"
REPO = HOST / "repo"


def lint(*args: str, cwd: Path = HOST) -> tuple[int, dict[str, object]]:
    """``ftpconf lint --isolated --format json ARGS`` run in ``cwd``: exit status and the JSON report (which
    must validate against the shipped schema, the keys saying how a file was read included)."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["lint", "--isolated", "--format", "json", *args])
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    report: dict[str, object] = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema()).validate(report)
    return result.exit_code, report


def codes(report: dict[str, object]) -> list[str]:
    return [d["code"] for d in report["diagnostics"]]  # type: ignore[attr-defined]


def files(report: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = report["files"]  # type: ignore[assignment]
    return found


# -- the resolver ---------------------------------------------------------------------------------


def test_a_file_under_etc_has_the_directory_above_etc_as_the_servers_root() -> None:
    assert infer_host_paths("repo/etc/proftpd/proftpd.conf") == HostPaths("/", "repo", inferred=True)
    assert infer_host_paths("etc/proftpd/proftpd.conf") == HostPaths("/", ".", inferred=True)
    assert infer_host_paths("/etc/proftpd/proftpd.conf") == HostPaths()  # the server itself: nothing to map
    # No etc/: the file's directory (above conf.d/) stands for the server's /etc/<its name>.
    assert infer_host_paths("deploy/proftpd/conf.d/x.conf") == HostPaths("/etc/proftpd", "deploy/proftpd", True)


def test_an_inferred_root_is_used_only_where_the_file_exists_under_it() -> None:
    inferred = ReadOptions().host_paths(str(REPO / "etc/proftpd/proftpd.conf"))
    assert inferred.resolve("/etc/proftpd/modules.conf") == str(REPO / "etc/proftpd/modules.conf")
    assert inferred.resolve("/etc/proftpd/conf.d/*.conf") == str(REPO / "etc/proftpd/conf.d/*.conf")
    assert inferred.resolve("/etc/ssl/private/ftp.pem") == "/etc/ssl/private/ftp.pem"  # not in the checkout
    given = ReadOptions(root=str(REPO)).host_paths(None)  # a given root is the server's, always
    assert given.resolve("/etc/ssl/private/ftp.pem") == str(REPO / "etc/ssl/private/ftp.pem")
    assert given.resolve("relative/x.conf") == "relative/x.conf"


# -- the root: given, inferred ---------------------------------------------------------------------


def test_includes_of_a_checked_in_etc_tree_are_read_from_the_tree() -> None:
    status, report = lint("--extend-select", "hardening", "etc/proftpd/proftpd.conf", cwd=REPO)
    found = codes(report)
    # modules.conf and conf.d/ are Debian's paths and exist only in the checkout: read there, so the
    # passive range that conf.d/passive.conf sets counts (no FTP206) and nothing is "missing".
    assert "FTP080" not in found and "FTP140" not in found and "FTP206" not in found
    assert files(report)[0]["root"] == {"server": "/", "here": ".", "inferred": True}  # which root was used
    assert status == 1 and found == ["FTP501"]  # what is left is true of the server: TLS is off (hardening)


def test_without_the_tree_a_missing_include_is_a_host_fact_at_info() -> None:
    _, report = lint("standalone.proftpd.conf")
    missing = [d for d in report["diagnostics"] if d["code"] == "FTP080"]  # type: ignore[attr-defined]
    assert len(missing) == 1 and missing[0]["severity"] == "info" and missing[0]["line"] == 2
    assert "is not found on this machine: the settings in it are not checked" in missing[0]["message"]
    assert "FTP140" not in codes(report) and "root" not in files(report)[0]


def test_root_option_reads_absolute_paths_under_the_given_tree() -> None:
    _, report = lint("--root", "server-root", "standalone.proftpd.conf")
    assert "FTP080" not in codes(report) and "FTP206" not in codes(report)  # extra.conf's range was read
    assert files(report)[0]["root"] == {"server": "/", "here": "server-root", "inferred": False}


def test_root_reaches_show_convert_and_firewall() -> None:
    runner = CliRunner()
    here = os.getcwd()
    os.chdir(HOST)
    try:
        shown = runner.invoke(main, ["show", "--format", "json", "--root", "server-root", "standalone.proftpd.conf"])
        rules = runner.invoke(main, ["firewall", "--root", "server-root", "standalone.proftpd.conf"])
        converted = runner.invoke(
            main, ["convert", "--root", "server-root", "standalone.proftpd.conf", "--to", "vsftpd"]
        )
    finally:
        os.chdir(here)
    assert shown.exit_code == 0 and "49152" in shown.stdout
    assert rules.exit_code == 0 and "49152" in rules.stdout
    assert converted.exit_code == 0 and "pasv_min_port=49152" in converted.stdout


def test_a_root_that_is_not_a_directory_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["lint", "--root", str(HOST / "nowhere"), str(HOST / "standalone.proftpd.conf")])
    assert result.exit_code == 2


# -- the host family and its switch -----------------------------------------------------------------


def test_no_host_checks_leaves_out_the_whole_family_even_when_selected() -> None:
    _, report = lint("--no-host-checks", "--extend-select", "FTP080", "standalone.proftpd.conf")
    assert not [c for c in codes(report) if c.startswith("FTP08")]


def test_host_checks_false_in_the_project_file(tmp_path: Path) -> None:
    (tmp_path / "proftpd.conf").write_text('ServerName "x"\nInclude /etc/ftpconf-host-test/gone.conf\n')
    (tmp_path / ".ftpconf.toml").write_text("host-checks = false\n")
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(tmp_path / "proftpd.conf")])
    assert "FTP080" not in codes(json.loads(result.stdout))
    again = CliRunner().invoke(main, ["lint", "--host-checks", "--format", "json", str(tmp_path / "proftpd.conf")])
    assert "FTP080" in codes(json.loads(again.stdout))  # the command line wins
    (tmp_path / ".ftpconf.toml").write_text('host-checks = "no"\n')
    bad = CliRunner().invoke(main, ["lint", str(tmp_path / "proftpd.conf")])
    assert bad.exit_code == 2 and "host-checks: expected true or false" in bad.output


def test_root_in_the_project_file_is_relative_to_it(tmp_path: Path) -> None:
    tree = tmp_path / "server" / "etc" / "ftpconf-host-test"
    tree.mkdir(parents=True)
    (tree / "extra.conf").write_text("PassivePorts 49152 49407\n")
    (tmp_path / "ftp").mkdir()
    conf = tmp_path / "ftp" / "proftpd.conf"
    conf.write_text('ServerName "x"\nInclude /etc/ftpconf-host-test/extra.conf\n')
    (tmp_path / ".ftpconf.toml").write_text('root = "server"\n')
    found = codes(json.loads(CliRunner().invoke(main, ["lint", "--format", "json", str(conf)]).stdout))
    assert "FTP080" not in found and "FTP206" not in found
    (tmp_path / ".ftpconf.toml").write_text('root = "no-such-dir"\n')
    assert CliRunner().invoke(main, ["lint", str(conf)]).exit_code == 2


def test_an_unset_env_variable_is_not_checked_as_an_empty_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FTPCONF_TEST_LOW", raising=False)
    monkeypatch.delenv("FTPCONF_TEST_HIGH", raising=False)
    conf = tmp_path / "proftpd.conf"
    conf.write_text('ServerName "x"\nPassivePorts %{env:FTPCONF_TEST_LOW} %{env:FTPCONF_TEST_HIGH}\n')
    found = [(d.code, d.severity.value) for d in lint_path(str(conf)).diagnostics]
    # Unset where ftpconf runs: two values from the daemon's environment (one per variable), no FTP134/FTP132
    # made up from empty values.
    assert found.count(("FTP014", "info")) == 2 and not [c for c, s in found if s == "error"]
    monkeypatch.setenv("FTPCONF_TEST_LOW", "49407")
    monkeypatch.setenv("FTPCONF_TEST_HIGH", "49152")
    assert "FTP134" in {d.code for d in lint_path(str(conf)).diagnostics}  # set: the line is judged
    # The daemon's own environment given (as the parity suite does): unset there is empty, as proftpd reads it.
    given = lint_path(str(conf), options=ReadOptions(environ={})).diagnostics
    assert "FTP014" not in {d.code for d in given} and any(d.severity.value == "error" for d in given)


def test_ftp081_still_names_the_unset_env_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FTP081 is retired into FTP014: ignoring the old code still hides the proftpd case, and only that code."""
    monkeypatch.delenv("FTPCONF_TEST_UNSET", raising=False)
    conf = tmp_path / "proftpd.conf"
    conf.write_text('ServerName "%{env:FTPCONF_TEST_UNSET}"\n')
    run = ["lint", "--isolated", "--format", "json", str(conf)]
    assert "FTP014" in codes(json.loads(CliRunner().invoke(main, run).stdout))
    assert "FTP014" not in codes(json.loads(CliRunner().invoke(main, [*run, "--ignore", "FTP081"]).stdout))
    assert CliRunner().invoke(main, ["explain", "FTP081"]).stdout.startswith(
        "FTP081 is retired: its findings are reported as FTP014"
    )


def test_retired_codes_still_select_and_explain_their_new_codes() -> None:
    _, report = lint("--ignore", "FTP140", "standalone.proftpd.conf")
    assert "FTP080" not in codes(report)
    explained = CliRunner().invoke(main, ["explain", "FTP148"])
    assert explained.stdout.startswith("FTP148 is retired: its findings are reported as FTP014")
    # FTP174 (pure-ftpd's missing Include, retired) selects FTP080 alone: the one info finding fails the run.
    status, report = lint("--select", "FTP174", "--fail-on", "info", "standalone.proftpd.conf")
    assert status == 1 and codes(report) == ["FTP080"]


# -- fragments ----------------------------------------------------------------------------------------


def test_a_fragment_is_linted_inside_the_main_file_that_includes_it() -> None:
    _, report = lint("etc/proftpd/conf.d/passive.conf", cwd=REPO)
    assert files(report) == [
        {"path": "etc/proftpd/conf.d/passive.conf", "dialect": "proftpd", "read_in": "etc/proftpd/proftpd.conf"}
    ]
    assert codes(report) == []  # not "TLS off", "no ServerName": those are the main file's


def test_a_fragment_and_its_main_file_together_report_each_finding_once(tmp_path: Path) -> None:
    tree = tmp_path / "etc" / "proftpd"
    (tree / "conf.d").mkdir(parents=True)
    (tree / "proftpd.conf").write_text('ServerName "x"\nInclude /etc/proftpd/conf.d/*.conf\n')
    (tree / "conf.d" / "bad.conf").write_text("PassivePorts 49152 49407 49500\n")
    _, report = lint("etc/proftpd/proftpd.conf", "etc/proftpd/conf.d/bad.conf", cwd=tmp_path)
    assert codes(report).count("FTP144") == 1 and [f["path"] for f in files(report)] == ["etc/proftpd/proftpd.conf"]


def test_the_main_file_named_in_the_project_file(tmp_path: Path) -> None:
    (tmp_path / "deploy" / "sites").mkdir(parents=True)
    (tmp_path / "deploy" / "main.conf").write_text('ServerName "x"\nInclude /srv/ftp/sites/*.conf\n')
    fragment = tmp_path / "deploy" / "sites" / "a.conf"
    fragment.write_text("PassivePorts 49152 49407 49500\n")
    (tmp_path / ".ftpconf.toml").write_text('root = "."\n[proftpd]\nmain = "deploy/main.conf"\n')
    (tmp_path / "srv" / "ftp").mkdir(parents=True)
    (tmp_path / "srv" / "ftp" / "sites").symlink_to(tmp_path / "deploy" / "sites")
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(fragment)])
    report = json.loads(result.stdout)
    assert files(report)[0]["read_in"] == str(tmp_path / "deploy" / "main.conf")
    assert codes(report) == ["FTP144"]


def test_a_fragment_without_a_main_file_gets_only_what_its_lines_show() -> None:
    _, report = lint("conf.d/site.conf", cwd=HOST / "lone")
    assert files(report)[0]["fragment"] is True
    assert codes(report) == ["FTP144"]  # its own line; no FTP206 / FTP501 about what the server lacks


def test_a_file_of_pureftpds_conf_directory_lints_the_directory_once() -> None:
    _, report = lint("etc/pure-ftpd/conf/PassivePortRange", "etc/pure-ftpd/conf/NoAnonymous", cwd=REPO)
    assert [f["path"] for f in files(report)] == ["etc/pure-ftpd/conf"]
    assert "FTP206" not in codes(report)  # the range in PassivePortRange counts


def test_the_hooks_match_pureftpd_conf_files_and_leave_host_checks_out() -> None:
    import re

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert "--no-host-checks" in hook["entry"]
        assert re.search(hook["files"], "etc/pure-ftpd/conf/PassivePortRange")
        assert not re.search(hook["files"], "etc/pure-ftpd/conf/README.md")


# -- the real daemon and the corpus -------------------------------------------------------------------


def test_proftpd_warns_and_starts_on_a_missing_include(tmp_path: Path) -> None:
    """What FTP080's note says, as proftpd 1.3.8 does it: a warning, the rest of the file read, exit 0."""
    daemons.require_daemons()
    conf = tmp_path / "proftpd.conf"
    conf.write_text('ServerName "x"\nInclude /etc/ftpconf-host-test/gone.conf\nPassivePorts 49152 49407\n')
    verdict = daemons.proftpd_configtest(conf)
    assert verdict.accepted
    said = "warning: unable to include '/etc/ftpconf-host-test/gone.conf': No such file or directory"
    assert said in verdict.raw.decode("latin-1")
    note = next(d for d in lint_path(str(conf)).diagnostics if d.code == "FTP080").notes[0]
    assert f"`{said}`" in note


def test_corpus_debian_stock_includes_are_host_facts_not_warnings() -> None:
    corpus = shared_dir("corpus", "proftpd")
    stock = ("/etc/proftpd/modules.conf", "/etc/proftpd/conf.d", "/etc/proftpd/tls.conf", "/etc/proftpd/sql.conf")
    including = [p for p in sorted(corpus.glob("*.conf")) if any(s in p.read_text("latin-1") for s in stock)]
    assert including, "the corpus has proftpd files that include Debian's stock files"
    host_facts = 0
    for path in including:
        found = lint_path(str(path)).diagnostics
        assert not [d for d in found if d.code == "FTP140"], path
        host_facts += sum(1 for d in found if d.code == "FTP080" and d.severity.value == "info")
    assert host_facts >= len(including) // 2


def test_root_maps_the_file_a_proftpd_command_line_names() -> None:
    _, report = lint(
        "--extend-select", "hardening", "--root", "repo", "--cmdline", "proftpd -n -c /etc/proftpd/proftpd.conf"
    )
    assert codes(report) == ["FTP501"]  # read from repo/etc/proftpd/, its fragments included (no FTP206)
