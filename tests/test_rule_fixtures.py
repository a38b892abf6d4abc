"""gixy-style meta-test: every rule has a fixture where it fires and a look-alike where it must not."""

from __future__ import annotations

import pytest

from ftpconf.registry import all_rules
from tests.rule_fixture_cases import RULES, RuleFixture, fixture_id, rule_fixtures


def _codes(fixture: RuleFixture) -> set[str]:
    return {d.code for d in fixture.findings()}


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


@pytest.mark.parametrize("fixture", rule_fixtures("fires*"), ids=fixture_id)
def test_rule_fires(fixture: RuleFixture) -> None:
    assert fixture.code in _codes(fixture)


@pytest.mark.parametrize("fixture", rule_fixtures("ok*"), ids=fixture_id)
def test_rule_does_not_fire_on_look_alike(fixture: RuleFixture) -> None:
    assert fixture.code not in _codes(fixture)


def test_every_rule_is_documented() -> None:
    for info in all_rules():
        assert info.summary and len(info.explanation) > 80, info.code
        assert info.code.startswith("FTP") and len(info.code) == 6
