"""gixy-style meta-test: every rule has a fixture where it fires and a look-alike where it must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftpconf.lint import lint_path
from ftpconf.registry import all_rules
from tests.conftest import FIXTURES

RULES = FIXTURES / "rules"


def _codes(path: Path) -> set[str]:
    target = _conversion_target(path)
    if target is not None:  # FTP9xx: e.g. fires.to-pureftpd.vsftpd.conf is converted to pureftpd
        from ftpconf.convert import convert
        from ftpconf.convert.engine import read_neutral

        source = read_neutral(str(path), path.read_bytes()) if path.suffix in (".toml", ".json") else None
        # The name says the target too (fires.to-vsftpd.proftpd.conf): take the dialect from its third part.
        conversion = convert(source or lint_path(str(path), path.name.split(".")[2]), target)
        return {d.code for d in conversion.losses + conversion.notes + conversion.ineffective}
    if (path / "firewall").exists():  # FTP4xx: a directory with one FTP config beside a firewall/ file or directory
        from ftpconf.firewall.crosscheck import add_findings, load

        config = next(p for p in sorted(path.iterdir()) if p.name != "firewall")
        result = lint_path(str(config))
        add_findings(result, load([str(path / "firewall")]))
        return {d.code for d in result.diagnostics}
    return {d.code for d in lint_path(str(path)).diagnostics}  # a directory: Debian's pure-ftpd conf dir


def _conversion_target(path: Path) -> str | None:
    parts = path.name.split(".")
    return parts[1][3:] if len(parts) > 2 and parts[1].startswith("to-") else None


def test_every_rule_has_both_fixtures() -> None:
    missing = []
    for info in all_rules():
        folder = RULES / info.code
        if not list(folder.glob("fires*")) or not list(folder.glob("ok*")):
            missing.append(info.code)
    assert not missing, f"rules without a firing and a must-not-fire fixture: {missing}"


def test_no_fixture_for_an_unknown_rule() -> None:
    known = {info.code for info in all_rules()}
    assert {p.name for p in RULES.iterdir()} <= known


@pytest.mark.parametrize("fixture", sorted(RULES.glob("*/fires*")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_fires(fixture: Path) -> None:
    assert fixture.parent.name in _codes(fixture)


@pytest.mark.parametrize("fixture", sorted(RULES.glob("*/ok*")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_does_not_fire_on_look_alike(fixture: Path) -> None:
    assert fixture.parent.name not in _codes(fixture)


def test_every_rule_is_documented() -> None:
    for info in all_rules():
        assert info.summary and len(info.explanation) > 80, info.code
        assert info.code.startswith("FTP") and len(info.code) == 6
