"""The recorded daemon verdicts (tests/corpus/verdicts.tsv) still hold: a sample is re-run on the binaries.

``make verdicts`` writes the record; this test re-measures a few files of each daemon, chosen to cover
accepted and refused, in the same private mount namespace (tests/corpus_verdicts.py), so a change of the
harness, of the provisioned daemons or of a corpus file cannot leave the record silently stale.
"""

from __future__ import annotations

import json

from tests import daemons
from tests.corpus_verdicts import read_verdicts, reexec_in_namespace

SAMPLE = (
    "vsftpd/debian12-stock.conf",  # accepted, standalone on IPv6
    "vsftpd/cyberpatriot-hardening.conf",  # refused: bad bool
    "vsftpd/upstart-job-named-vsftpd.conf",  # refused, inetd mode
    "vsftpd/rhel-notes-ssl.conf",  # host: certificate missing
    "proftpd/debian12-stock.conf",  # accepted with the stock include files
    "proftpd/pause-cpan.conf",  # refused: unknown directive
    "proftpd/container-images.conf",  # host: unknown group
    "pureftpd/kusanagi-compact.conf",  # accepted (daemonized)
    "pureftpd/kenayagi-docker-tls.conf",  # refused: property not found
)


def test_recorded_verdicts_match_the_daemons_today() -> None:
    daemons.require_daemons()
    recorded = read_verdicts()
    result = reexec_in_namespace(["--check", *SAMPLE])
    assert result.returncode == 0, result.stderr
    fresh = json.loads(result.stdout)
    for key in SAMPLE:
        assert fresh[key] is not None, key
        got = (fresh[key]["verdict"], fresh[key]["message"], fresh[key]["method"])
        assert got == (recorded[key]["verdict"], recorded[key]["message"], recorded[key]["method"]), key
