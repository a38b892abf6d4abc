"""Each hand-written scenario text does on its own daemon what the scenario says; each claim that
a dialect cannot express a scenario is checked where the daemon can refuse the attempt.

Every written text runs on Debian 12's daemons and on Debian 13's (vsftpd 3.0.5, proftpd 1.3.8c, pure-ftpd
1.0.50), ftpconf reading it as the versions of that release."""

from __future__ import annotations

import pytest

from tests import daemons
from tests.daemons import RELEASES
from tests.e2e import cache
from tests.e2e.runner import Params
from tests.e2e.scenarios import SCENARIOS, SOURCE_FORMS, Scenario, Unexpressible

WRITTEN = [(s, f) for s in SCENARIOS for f in SOURCE_FORMS if isinstance(s.text(f), str)]
# Every written text runs on each release's daemon (about 10 s more for Debian 13's, in the serial daemon group).
RELEASED = [(s, f, release) for release in RELEASES for s, f in WRITTEN]
# Where the Debian 13 versions behave otherwise or are built otherwise: TLS (3.0.5's protocol defaults, 1.3.8c's
# mod_tls), anonymous writes (1.3.8c's STOR and MKD come from mod_xfer, loadable there) and active data from
# port 20 / L-1.  test_convert_matrix converts these for Debian 13 too; the rest (modes, ranges, addresses) is
# the same code in both releases.
VERSION_SENSITIVE = ("tls-explicit", "anonymous-upload", "anonymous-read-only", "active-from-port-20")
REFUSED = [(s, f, t) for s in SCENARIOS for f, t in s.texts.items() if isinstance(t, Unexpressible) and t.refused]


def test_every_scenario_is_written_in_every_dialect_or_says_why() -> None:
    assert len(SCENARIOS) >= 12
    for scenario in SCENARIOS:
        for family in ("vsftpd", "proftpd", "pureftpd"):
            assert scenario.target_text(family) is not None, (scenario.name, family)


@pytest.mark.parametrize(("scenario", "form", "release"), RELEASED, ids=[f"{s.name}-{f}-{r}" for s, f, r in RELEASED])
def test_source_text_does_what_the_scenario_says(scenario: Scenario, form: str, release: str, params: Params) -> None:
    seen, model = cache.source(scenario, form, params, release)
    expect = scenario.expect
    assert seen.accepted == expect.accepted, seen.replies
    assert model.commands.accepted == expect.accepted  # ftpconf's reading agrees with the daemon
    if expect.port_range is not None:
        low, high = expect.port_range
        assert seen.pasv_ports, seen.replies
        assert all(low <= p <= high for p in seen.pasv_ports), seen.pasv_ports
    if "address" in scenario.aspects and "PASV" in expect.accepted:
        assert seen.pasv_host == expect.address
    if expect.active_from_20 is not None:
        assert seen.active_from_20 is expect.active_from_20
    if expect.tls is not None:
        assert seen.tls is expect.tls
    if expect.anonymous_write is not None:
        assert seen.anonymous_write == expect.anonymous_write


@pytest.mark.parametrize(("scenario", "form", "claim"), REFUSED, ids=[f"{s.name}-{f}" for s, f, _ in REFUSED])
def test_unexpressible_attempt_is_refused(scenario: Scenario, form: str, claim: Unexpressible) -> None:
    daemons.require_daemons()
    assert form == "proftpd"  # the only daemon with a config test that names the problem
    assert claim.refused is not None
    verdict = daemons.proftpd_configtest(claim.refused.encode())
    assert not verdict.accepted, verdict.message
