"""vsftpd ``ssl_enable=YES`` -> proftpd: the written file really has TLS on (issue 16 §3).

The writer puts TLS directives in ``<IfModule mod_tls.c>`` (mod_tls is in Debian's proftpd-mod-crypto);
without a LoadModule that block was skipped, so the file read back said TLS off (FTP901) and the daemon
served plain FTP.  Checked on the real proftpd with proftpd-mod-crypto provisioned: ``proftpd -t``
accepts the output, the running server answers AUTH TLS with 234, and ftpconf reads TLS on back.
"""

from __future__ import annotations

import ftplib
import subprocess
from pathlib import Path

import pytest

from ftpconf.convert import convert
from ftpconf.lint import lint_source
from ftpconf.model import TlsMode
from ftpconf.source import ReadOptions, SourceFile
from tests import daemons
from tests.conftest import LOOPBACK_SESSIONS

pytestmark = pytest.mark.xdist_group(LOOPBACK_SESSIONS)  # runs proftpd serving a TLS session on 127.0.0.1


def _converted(tmp_path: Path) -> str:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    source = (
        "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nssl_enable=YES\n"
        f"rsa_cert_file={cert}\nrsa_private_key_file={key}\n"
    )
    result = lint_source(SourceFile(str(tmp_path / "vsftpd.conf"), source.encode()), "vsftpd")
    conversion = convert(result, "proftpd")
    assert not [d.code for d in conversion.losses], conversion.losses
    return conversion.text


def test_round_trip_reads_tls_on(tmp_path: Path) -> None:
    text = _converted(tmp_path)
    options = ReadOptions(packages=("proftpd-mod-crypto",))
    back = lint_source(SourceFile(str(tmp_path / "proftpd.conf"), text.encode()), "proftpd", options)
    assert back.config.servers[0].tls.mode.effective is TlsMode.EXPLICIT
    assert back.config.servers[0].tls.required_for_login.effective
    # without the package mod_tls cannot load: the reader says the daemon refuses to start, never "TLS off"
    bare = lint_source(SourceFile(str(tmp_path / "proftpd.conf"), text.encode()), "proftpd", ReadOptions(packages=()))
    assert "FTP138" in {d.code for d in bare.diagnostics}


def test_converted_file_serves_tls(tmp_path: Path) -> None:
    daemons.require_daemons()
    text = _converted(tmp_path)
    verdict = daemons.proftpd_configtest(text.encode())
    assert verdict.accepted, verdict.message
    with daemons.running_proftpd(text.encode()) as (host, port):
        client = ftplib.FTP()
        client.connect(host, port, timeout=daemons.TIMEOUT)
        try:
            assert client.sendcmd("AUTH TLS").startswith("234")
        finally:
            client.close()
