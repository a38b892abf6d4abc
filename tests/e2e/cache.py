"""Source-side probes, once per (scenario, form) and test session: the matrix compares many
targets with each."""

from __future__ import annotations

from ftpconf.model import Server
from tests.daemons import DEFAULT_RELEASE
from tests.e2e.probe import Observation
from tests.e2e.runner import Params, probe, read
from tests.e2e.scenarios import Scenario

_SOURCES: dict[tuple[str, str, str], Observation] = {}


def source_text(scenario: Scenario, form: str, params: Params) -> str:
    text = scenario.text(form)
    if not isinstance(text, str):
        raise ValueError(f"{scenario.name} is not written for {form}")
    return params.fill(text)


def source(
    scenario: Scenario, form: str, params: Params, release: str = DEFAULT_RELEASE
) -> tuple[Observation, Server]:
    """What the source daemon (``release``'s) does with the scenario's text (probed once per session: only
    the control port of the listen scenario changes between tests, and it is compared through the
    models), and ftpconf's model of the text as filled in for this test, targeting that release."""
    key = (scenario.name, form, release)
    text = source_text(scenario, form, params)
    if key not in _SOURCES:
        _SOURCES[key] = probe(scenario, form, {"": text}, params, release)
    return _SOURCES[key], read(form, text, release).config.servers[0]
