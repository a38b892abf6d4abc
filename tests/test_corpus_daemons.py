"""The recorded daemon verdicts (tests/corpus/verdicts.tsv, and verdicts-debian13.tsv for Debian 13's
daemons) still hold: a sample is re-run on the binaries of each release.

``make verdicts`` writes the records; this test re-measures a few files of each daemon, chosen to cover
accepted and refused, in the same private mount namespace (tests/corpus_verdicts.py), so a change of the
harness, of the provisioned daemons or of a corpus file cannot leave a record silently stale.
"""

from __future__ import annotations

import json

import pytest

from tests import daemons
from tests.corpus_verdicts import read_verdicts, reexec_in_namespace, verdicts_path

SAMPLE = (
    "vsftpd/debian12-stock.conf",  # accepted, standalone on IPv6
    "vsftpd/cyberpatriot-hardening.conf",  # refused: bad bool
    "vsftpd/upstart-job-named-vsftpd.conf",  # refused, inetd mode
    "vsftpd/rhel-notes-ssl.conf",  # host: certificate missing
    "proftpd/debian12-stock.conf",  # accepted with the stock include files
    "proftpd/pause-cpan.conf",  # refused: unknown directive
    "proftpd/container-images.conf",  # host: unknown group
    "proftpd/datoma-docker-basic.conf",  # accepted by 1.3.8; 1.3.8c refuses AllowOverwrite without mod_xfer loaded
    "pureftpd/kusanagi-compact.conf",  # accepted (daemonized)
    "pureftpd/kenayagi-docker-tls.conf",  # refused: property not found
)


@pytest.mark.parametrize("release", daemons.RELEASES)
def test_recorded_verdicts_match_the_daemons_today(release: str) -> None:
    daemons.require_daemons()
    recorded = read_verdicts(verdicts_path(release))
    result = reexec_in_namespace(["--check", "--release", release, *SAMPLE])
    assert result.returncode == 0, result.stderr
    fresh = json.loads(result.stdout)
    for key in SAMPLE:
        assert fresh[key] is not None, key
        got = (fresh[key]["verdict"], fresh[key]["message"], fresh[key]["method"])
        assert got == (recorded[key]["verdict"], recorded[key]["message"], recorded[key]["method"]), key
