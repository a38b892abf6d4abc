"""Differential testing on mutants (tests/mutation.py): a fixed-seed sample of one-edit mutants of
accepted configurations, per daemon; ftpconf's error verdict must equal the daemon's on each.

A disagreement is fixed in the rules or the catalogue, never by listing the mutant here; the
failure message is the parity case to add while fixing it.  Long campaigns: ``make fuzz-daemons``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import daemons, mutation

SAMPLE = 100  # mutants per daemon: ~300 in all, well under a minute on two CPUs
FIXED_SEED = 16


@pytest.mark.parametrize("daemon", mutation.DAEMONS)
def test_error_verdict_matches_the_daemon_on_mutants(
    daemon: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    daemons.require_daemons()
    monkeypatch.chdir(tmp_path)  # a mutant's log or pid file given as a word is created in the working directory
    outcomes = list(mutation.campaign(daemon, SAMPLE, FIXED_SEED))
    judged = [o for o in outcomes if o.mutant.mutation != "none" and not o.host_fact]
    assert len(judged) >= SAMPLE * 0.9, "the sample shrank: too many mutants refused for host facts"
    wrong = [o.mutant.parity_case(not o.daemon_accepts, o.message) + f"  ftpconf: {o.errors[:1]}"
             for o in outcomes if not o.host_fact and not o.agrees]  # fmt: skip
    assert not wrong, "\n".join(wrong)
