"""The severity policy (docs/severity.md): its table agrees with the registry, and the opt-in groups select
the way the doc says."""

from __future__ import annotations

import re

import pytest

from ftpconf.diagnostics import GROUPS
from ftpconf.registry import all_rules
from ftpconf.selection import Layer, enabled
from tests.conftest import ROOT

ROW = re.compile(r"^\| (FTP\d{3}) \| `([a-z0-9-]+)` \| ([a-z()]+) \| (error|warning|info) \| ([a-z]*) \| (.+) \|$")


def test_the_policy_table_lists_every_rule_with_its_severity_group_and_a_reason() -> None:
    rows = {m[1]: m for line in (ROOT / "docs" / "severity.md").read_text().splitlines() if (m := ROW.match(line))}
    for info in all_rules():
        row = rows.get(info.code)
        assert row is not None, f"{info.code} is missing from docs/severity.md"
        assert (row[2], row[4], row[5] or "default") == (info.name, info.severity.value, info.group), info.code
        assert len(row[6]) > 10, info.code
    assert set(rows) == {info.code for info in all_rules()}


def test_every_group_of_a_rule_is_declared() -> None:
    assert {info.group for info in all_rules()} <= set(GROUPS)
    assert "default" in GROUPS and any(info.group == "hardening" for info in all_rules())


@pytest.mark.parametrize(
    ("layers", "on", "off"),
    [
        ((), {"FTP201", "FTP504", "FTP602"}, {"FTP501", "FTP604", "FTP605"}),  # hardening is opt-in
        ((Layer(extend_select=("hardening",)),), {"FTP501", "FTP604", "FTP201"}, set()),
        ((Layer(extend_select=("hardening",), ignore=("FTP604",)),), {"FTP501"}, {"FTP604"}),
        ((Layer(extend_select=("FTP501",)),), {"FTP501", "FTP201"}, {"FTP502"}),
        ((Layer(select=("FTP",)),), {"FTP501", "FTP201"}, set()),  # ALL is every rule
        ((Layer(select=("FTP5",)),), {"FTP501", "FTP504"}, {"FTP201"}),
        ((Layer(select=("default",)),), {"FTP201", "FTP504"}, {"FTP501"}),
        ((Layer(extend_select=("hardening",)), Layer(ignore=("hardening",))), {"FTP201"}, {"FTP501"}),
        # FTP5 is more specific than a group name
        ((Layer(ignore=("FTP5",), extend_select=("hardening",)),), {"FTP604"}, {"FTP501", "FTP504"}),
    ],
)
def test_groups_select_like_a_prefix(layers: tuple[Layer, ...], on: set[str], off: set[str]) -> None:
    assert {code for code in on if not enabled(code, layers)} == set()
    assert {code for code in off if enabled(code, layers)} == set()


def test_hardening_through_the_cli_and_the_project_file(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from ftpconf.cli import main

    assert isinstance(tmp_path, Path)
    conf = tmp_path / "vsftpd.conf"
    conf.write_text("listen=YES\nanonymous_enable=NO\nlocal_enable=YES\npasv_min_port=30000\npasv_max_port=30009\n")
    runner = CliRunner()
    assert runner.invoke(main, ["lint", "--isolated", str(conf)]).exit_code == 0  # a sound LAN server passes
    opted = runner.invoke(main, ["lint", "--isolated", "--extend-select", "hardening", str(conf)])
    assert opted.exit_code == 1 and "FTP501 warning" in opted.stdout
    (tmp_path / ".ftpconf.toml").write_text('extend-select = ["hardening"]\n[severity]\nhardening = "info"\n')
    graded = runner.invoke(main, ["lint", str(conf)])
    assert graded.exit_code == 0 and "FTP501 info" in graded.stdout
    bad = runner.invoke(main, ["lint", "--isolated", "--select", "hardned", str(conf)])
    assert bad.exit_code == 2 and "hardening" in bad.output
