"""TLS protocol versions on each release's daemons: what AUTH TLS negotiates is what ftpconf's model of the
file (targeting that release) says the server offers.

vsftpd 3.0.5 (Debian 13) adds ``ssl_tlsv12``/``ssl_tlsv13`` (3.0.3 refuses them: the daemon does not start,
ftpconf reports an error) and turns ``ssl_tlsv1`` off by default.  Measured on this host: neither release
completes a TLS 1.0/1.1 handshake even where vsftpd enables it (3.0.3's default ``ssl_tlsv1=YES``; OpenSSL 3
refuses the legacy handshake: 3.0.3 answers handshake_failure, 3.0.5 protocol_version), so what can be
observed is the highest version and whether a client that stops at TLS 1.2 gets in.
"""

from __future__ import annotations

import ssl

import pytest

from tests import daemons
from tests.e2e.probe import tls_version
from tests.e2e.runner import Params, read, running

VSFTPD_TLS = (
    "listen=YES\nssl_enable=YES\nallow_anon_ssl=YES\nforce_local_logins_ssl=NO\nforce_local_data_ssl=NO\n"
    "rsa_cert_file={cert}\nrsa_private_key_file={key}\n"
)
PROFTPD_TLS = (
    "<IfModule !mod_tls.c>\n  LoadModule mod_tls.c\n</IfModule>\nTLSEngine on\nTLSRequired off\n"
    "TLSRSACertificateFile {cert}\nTLSRSACertificateKeyFile {key}\n"
)
CASES = (
    ("vsftpd", "vsftpd-defaults", VSFTPD_TLS),
    ("vsftpd", "vsftpd-tlsv13-off", VSFTPD_TLS + "ssl_tlsv13=NO\n"),  # 3.0.5 only
    ("vsftpd", "vsftpd-tlsv12-off", VSFTPD_TLS + "ssl_tlsv12=NO\n"),  # 3.0.5 only
    ("proftpd", "proftpd-tlsv12", PROFTPD_TLS + "TLSProtocol TLSv1.2\n"),
)
MODERN = ("TLSv1.2", "TLSv1.3")  # the versions OpenSSL 3 completes here (see the module doc)


@pytest.mark.parametrize("release", daemons.RELEASES)
@pytest.mark.parametrize(("form", "text"), [pytest.param(f, t, id=name) for f, name, t in CASES])
def test_negotiated_version_is_the_models(form: str, text: str, release: str, params: Params) -> None:
    text = params.fill(text)
    result = read(form, text, release)
    errors = [d.message for d in result.diagnostics if d.severity.value == "error"]
    offered = [v for v in result.config.servers[0].tls.protocols.effective if v in MODERN]
    try:
        with running(form, {"": text}, None, release) as (host, port):
            highest = tls_version(host, port)
            up_to_12 = tls_version(host, port, ssl.TLSVersion.TLSv1_2)
    except daemons.DaemonError as refused:
        assert errors, f"{form} of {release} refused to start ({refused}); ftpconf reports no error"
        return
    assert not errors, errors
    assert highest == max(offered), (offered, highest)
    assert (up_to_12 == "TLSv1.2") == ("TLSv1.2" in offered), (offered, up_to_12)
