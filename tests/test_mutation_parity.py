"""Differential testing on mutants (tests/mutation.py): a fixed-seed sample of one-edit mutants of
accepted configurations, per daemon and per Debian release (tests/daemons.py RELEASES: that release's
binaries, ftpconf targeting the versions it ships); ftpconf's error verdict must equal the daemon's on each.
The release is part of the draw, so Debian 13's sample is other mutants than Debian 12's.

A disagreement is fixed in the rules or the catalogue, never by listing the mutant here; the
failure message is the parity case to add while fixing it.  Long campaigns: ``make fuzz-daemons``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import daemons, mutation

SAMPLE = 100  # mutants per daemon: ~300 in all on Debian 12, well under a minute on two CPUs
# On a release that ships the same version of the daemon as Debian 12 (pure-ftpd 1.0.50 in both) ftpconf reads
# with the same catalogue: a smaller sample is enough to catch a packaging difference; other versions get it all.
SAME_VERSION_SAMPLE = 30
FIXED_SEED = 16
STOCK_SEED = "corpus/proftpd/datoma-docker-basic.conf"  # uses AllowOverwrite, names no host fact


def sample_size(daemon: str, release: str) -> int:
    same = daemons.RELEASES[release][daemon] == daemons.RELEASES[daemons.DEFAULT_RELEASE][daemon]
    return SAMPLE if release == daemons.DEFAULT_RELEASE or not same else SAME_VERSION_SAMPLE


@pytest.mark.parametrize("release", daemons.RELEASES)
@pytest.mark.parametrize("daemon", mutation.DAEMONS)
def test_error_verdict_matches_the_daemon_on_mutants(
    daemon: str, release: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    daemons.require_daemons()
    monkeypatch.chdir(tmp_path)  # a mutant's log or pid file given as a word is created in the working directory
    size = sample_size(daemon, release)
    outcomes = list(mutation.campaign(daemon, size, FIXED_SEED, release=release))
    judged = [o for o in outcomes if o.mutant.mutation != "none" and not o.host_fact]
    assert len(judged) >= size * 0.9, "the sample shrank: too many mutants refused for host facts"
    wrong = [o.mutant.parity_case(not o.daemon_accepts, o.message) + f"  ftpconf: {o.errors[:1]}"
             for o in outcomes if not o.host_fact and not o.agrees]  # fmt: skip
    assert not wrong, "\n".join(wrong)


def test_debian13_proftpd_seeds_load_the_stock_modules() -> None:
    """A Debian 13 proftpd seed starts with the loads of the stock modules.conf, so 1.3.8c (where mod_xfer, mod_ls
    and mod_delay are loadable) accepts a seed using AllowOverwrite as it stands, without dropping that line."""
    daemons.require_daemons()
    seed = next(s for s in mutation.candidate_seeds("proftpd", "debian13") if s.name == STOCK_SEED)
    assert re.search(rb"(?m)^\s*AllowOverwrite\s", seed.config)
    bare = seed.config.removeprefix(mutation._stock_loads("proftpd", "debian13"))
    assert not daemons.proftpd_configtest(bare, release="debian13").accepted  # the stock loads matter
    outcome = mutation._usable(seed, "debian13")
    assert outcome is not None and outcome.mutant.config == seed.config
