"""Invariant 3 on the real daemons: every scenario, written in each dialect, converted to each other
form, runs on the target daemon and behaves as the source daemon does with the source text.

Compared (tests/e2e/runner.py ``differences``): which of PASV/EPSV/PORT/EPRT are accepted, the
passive ports handed out (each side's probed ports inside the other's effective range, and the two
models' effective ranges equal), the advertised address, and per scenario the active source port,
AUTH TLS, anonymous write access, the control address and port. Where the target dialect cannot
express the scenario (scenarios.py says why, test_scenarios.py checks it), the conversion must
report a loss at the source line instead, and the converted file must still start the daemon.

pureftpd-debian: the Debian wrapper that turns /etc/pure-ftpd/conf into flags is not in the
package, so the converted directory is read back with ftpconf's conf-dir reader and started as
the flags that reader finds (runner.running).

Debian 13 (``test_conversion_for_debian13_behaves_like_the_source``): the scenarios of
test_scenarios.VERSION_SENSITIVE converted between vsftpd and proftpd, whose Debian 13 versions differ (3.0.5,
1.3.8c), with ``--target-version`` of Debian 13: the converted file is accepted by Debian 13's daemon as written
(``proftpd -t`` without the stock modules.conf: what the writer loads itself) and behaves there as the source
text does on Debian 13's source daemon.
"""

from __future__ import annotations

import pytest

from ftpconf.convert import Conversion, convert
from ftpconf.convert.engine import read_neutral
from ftpconf.diagnostics import Diagnostic
from tests import daemons
from tests.e2e import cache
from tests.e2e.runner import Params, dialect_of, differences, probe, read, read_files, running
from tests.e2e.scenarios import BIND_ADDRESS, FILE_NAMES, SCENARIOS, SOURCE_FORMS, Scenario, Unexpressible
from tests.e2e.test_scenarios import VERSION_SENSITIVE
from tests.releases import target as targeting

DAEMON_TARGETS = ("vsftpd", "proftpd", "pureftpd", "pureftpd-flags", "pureftpd-debian")
NEUTRAL_TARGETS = ("vsftpd", "proftpd", "pureftpd")  # reached through TOML

DIRECT = [
    (s, f, t)
    for s in SCENARIOS
    for f in SOURCE_FORMS
    if isinstance(s.text(f), str)
    for t in DAEMON_TARGETS
    if t != f
]
THROUGH_TOML = [
    (s, f, t) for s in SCENARIOS for f in SOURCE_FORMS if isinstance(s.text(f), str) for t in NEUTRAL_TARGETS
]


DEBIAN13 = [
    (s, f, t)
    for s in SCENARIOS
    if s.name in VERSION_SENSITIVE
    for f in ("vsftpd", "proftpd")
    if isinstance(s.text(f), str)
    for t in ("vsftpd", "proftpd")
    if t != f
]


def _ids(cases: list[tuple[Scenario, str, str]]) -> list[str]:
    return [f"{s.name}:{f}->{t}" for s, f, t in cases]


def _listen(scenario: Scenario, params: Params) -> tuple[str, int] | None:
    return (BIND_ADDRESS, params.port) if scenario.listen else None


def _source_line(scenario: Scenario, form: str, params: Params, loss: Diagnostic) -> str:
    lines = cache.source_text(scenario, form, params).splitlines()
    return lines[loss.span.line - 1] if 0 < loss.span.line <= len(lines) else ""


def _assert_loss_reported(scenario: Scenario, form: str, target: str, conversion: Conversion, params: Params) -> None:
    why = scenario.target_text(target)
    assert conversion.losses, f"{target} cannot express {scenario.name} ({why}), but the conversion reports no loss"
    at_source = [loss for loss in conversion.losses if loss.span.path == FILE_NAMES[form]]
    assert at_source, [str(loss.span) for loss in conversion.losses]
    pieces = scenario.loss_lines.get(form)
    if pieces:
        lines = [_source_line(scenario, form, params, loss) for loss in at_source]
        assert any(piece in line for piece in pieces for line in lines), (pieces, lines)


def _assert_same_behaviour(
    scenario: Scenario, form: str, target: str, conversion: Conversion, params: Params
) -> None:
    source = cache.source(scenario, form, params)
    target_model = read_files(target, conversion.files, conversion.links)
    seen = probe(scenario, target, conversion.files, params)
    found = differences(scenario, source, (seen, target_model))
    assert not found, "\n".join([*found, "--- converted:", *conversion.files.values()])


@pytest.mark.parametrize(("scenario", "form", "target"), DIRECT, ids=_ids(DIRECT))
def test_converted_config_behaves_like_the_source(scenario: Scenario, form: str, target: str, params: Params) -> None:
    conversion = convert(read(form, cache.source_text(scenario, form, params)), target)
    need = scenario.target_text(target)
    if isinstance(need, Unexpressible):
        _assert_loss_reported(scenario, form, target, conversion, params)
        if need.starts:
            with running(target, conversion.files, _listen(scenario, params)):
                pass  # it must still start
        return
    _assert_same_behaviour(scenario, form, target, conversion, params)


@pytest.mark.parametrize(("scenario", "form", "target"), THROUGH_TOML, ids=_ids(THROUGH_TOML))
def test_neutral_toml_carries_the_behaviour(scenario: Scenario, form: str, target: str, params: Params) -> None:
    neutral = convert(read(form, cache.source_text(scenario, form, params)), "toml")
    conversion = convert(read_neutral("scenario.toml", neutral.text.encode()), target)
    if isinstance(scenario.target_text(target), Unexpressible):
        assert conversion.losses, f"{target} cannot express {scenario.name}, but TOML -> {target} reports no loss"
        assert all(loss.span.path == "scenario.toml" for loss in conversion.losses)
        return
    _assert_same_behaviour(scenario, form, target, conversion, params)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_json_says_what_toml_says(scenario: Scenario, params: Params) -> None:
    """JSON is the same model as TOML: each dialect written from either is the same text."""
    form = next(f for f in SOURCE_FORMS if isinstance(scenario.text(f), str))
    result = read(form, cache.source_text(scenario, form, params))
    via_toml = read_neutral("scenario.toml", convert(result, "toml").text.encode())
    via_json = read_neutral("scenario.json", convert(result, "json").text.encode())
    for target in NEUTRAL_TARGETS:
        assert _settings(convert(via_json, target)) == _settings(convert(via_toml, target)), target


def _settings(conversion: Conversion) -> list[str]:
    """The written lines without comments (the header names the file it was written from)."""
    return [line for line in conversion.text.splitlines() if not line.lstrip().startswith("#")]


@pytest.mark.parametrize(("scenario", "form", "target_form"), DEBIAN13, ids=_ids(DEBIAN13))
def test_conversion_for_debian13_behaves_like_the_source(
    scenario: Scenario, form: str, target_form: str, params: Params
) -> None:
    release = "debian13"
    with targeting(release, dialect_of(target_form)):
        conversion = convert(read(form, cache.source_text(scenario, form, params), release), target_form)
    if target_form == "proftpd":
        verdict = daemons.proftpd_configtest(conversion.files[""].encode(), release=release)
        assert verdict.accepted, f"{verdict.message}\n--- converted:\n{conversion.text}"
    source = cache.source(scenario, form, params, release)
    target_model = read_files(target_form, conversion.files, conversion.links, release)
    seen = probe(scenario, target_form, conversion.files, params, release)
    found = differences(scenario, source, (seen, target_model))
    assert not found, "\n".join([*found, "--- converted:", *conversion.files.values()])
