"""The measured first-argument rules (data/proftpd-argument-rules.tsv -> catalogue -> values.measured).

The daemon-run parity cases (tests/proftpd_parity_cases.py X117-X174) check the verdicts on the binary;
these check the pieces without it.
"""

from __future__ import annotations

import pytest

from ftpconf import catalog
from ftpconf.dialects.proftpd.values import CLASS_SAMPLES, check, value_class


@pytest.mark.parametrize("klass", sorted(CLASS_SAMPLES))
def test_every_probed_representative_falls_in_its_class(klass: str) -> None:
    # the probe asked the binary about these values as members of the class: the reader must see them so
    assert {value_class(value) for value in CLASS_SAMPLES[klass]} == {klass}


@pytest.mark.parametrize("value", ["/var/log/x", "10.0.0.1", "::1", "192.0.2.0/24"])
def test_paths_and_addresses_are_not_judged_by_class(value: str) -> None:
    assert value_class(value) is None


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("TCPBackLog 255", False),
        ("TCPBackLog 256", True),
        ("TimeoutIdle forever", True),
        ("TimeoutIdle 1h", False),
        ("MaxInstances none", False),
        ("MaxInstances 0", True),
        ("TransferOptions IgnoreASCII", False),
        ("TransferOptions Bogus", True),
        ("UseEncoding UTF-8 CP1251", False),  # a second argument changes what the first is
        ("UseEncoding UTF-8", True),
        ("RLimitCPU session 10", False),  # an optional first argument
        ("SyslogFacility local7", False),  # words of an open list are never judged
        # module directives, probed with their module loaded (issue 16 §3); option lists: every argument
        ("TLSProtocol TLSv1.2 SSLv2", True),
        ("TLSProtocol TLSv1.4", True),
        ("TLSProtocol TLSv1", False),
        ("TLSProtocol tlsv1.2", False),
        ("TLSProtocol ALL -SSLv3", False),
        ("TLSRequired auth+data", False),
        ("TLSRequired always", True),
        ("TLSOptions NoSessionReuseRequired Bogus", True),
        ("TLSOptions enablediags", True),  # TLSOptions compares case
        ("SFTPOptions Bogus", True),
        ("SQLAuthTypes Crypt Bogus", True),
        ("SQLAuthTypes crypt", False),
        ("SQLAuthTypes SHA256", False),  # mod_sql_passwd's: taken where it is loaded
        ("QuotaDisplayUnits Pb", True),
        ("QuotaDisplayUnits mb", False),
        # later positions (data/proftpd-argument-positions.tsv), each checked on the binary by a parity case X201-
        ("TLSProtocol ALL ALL -TLSv1", True),
        ("TLSProtocol ALL -SSLv3 -TLSv1", False),
        ("TLSProtocol TLSv1.2 TLSv1.3 TLSv1.1", False),
        ("BanOnEvent MaxLoginAttempts 2/00:10:00 no", True),
        ("BanOnEvent MaxLoginAttempts 2/00:10:00 01:00:00", False),
        ("SFTPAuthMethods publickey 99999999999999999999", True),
        ("SFTPCiphers aes256-ctr aes192-ctr 1.5", True),
        ("SFTPCiphers aes256-ctr aes192-ctr aes128-ctr", False),
        ("QuotaDefault user false on 1 0 0 0 0 0", True),
        ("QuotaDefault user false Hard 1 0 0 0 0 0", False),
        ("AuthGroupFile /etc/group x", True),
        ("AuthGroupFile /etc/group name x", False),
        ("AuthGroupFile /etc/group id 1-2", False),  # what the 2nd takes depends on the 3rd: measured with both
        ("SFTPCiphers aes256-ctr ALL", True),  # the algorithm names mod_sftp takes, read from the module
        ("SFTPDigests abc hmac-sha2-256", True),
        ("SFTPDigests hmac-sha2-256 hmac-sha2-512 umac-64@openssh.com", False),
        ("SQLConnectInfo %{env:DB} user password", False),  # a run-time value is never judged
    ],
)
def test_measured_rules(line: str, refused: bool) -> None:
    name, *args = line.split()
    directive = catalog.proftpd().directive(name)
    assert directive is not None
    assert (check(directive, args) is not None) == refused, check(directive, args)
