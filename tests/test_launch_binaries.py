"""What the daemons do with the passive addresses and shifted flags ftpconf reports on command lines.

pure-ftpd given ``-P -A`` (an empty ``$PUBLICHOST`` before ``-A``) answers 421; ``-P localhost`` and vsftpd's
``pasv_address`` (literal, or ``localhost`` resolved) advertise 127.0.0.1: FTP303, not FTP340/FTP304.
"""

from __future__ import annotations

import pytest

from ftpconf.lint import lint_invocation
from tests import daemons

VSFTPD_ANONYMOUS = b"anonymous_enable=YES\nlocal_enable=NO\nseccomp_sandbox=NO\n"


def test_an_empty_forced_ip_before_a_flag_is_refused() -> None:
    daemons.require_daemons()
    verdict = daemons.pureftpd_verdict(["-P", "-A"])
    assert not verdict.accepted
    assert verdict.message == "Illegal forced IP for passive connections"
    codes = {d.code: d.severity.value for d in lint_invocation("pure-ftpd -P -A").diagnostics}
    assert codes.get("FTP183") == "error"


def test_pure_ftpd_forced_localhost_is_loopback() -> None:
    daemons.require_daemons()
    assert daemons.pureftpd_verdict(["-P", "localhost"]).accepted
    assert daemons.probe_pureftpd(["-P", "localhost"], samples=1).pasv_host == "127.0.0.1"
    codes = {d.code for d in lint_invocation("pure-ftpd -P localhost -p 30000:30999").diagnostics}
    assert "FTP303" in codes and "FTP340" not in codes


@pytest.mark.parametrize(
    "options", [["-opasv_address=127.0.0.1"], ["-opasv_address=localhost", "-opasv_addr_resolve=YES"]]
)
def test_vsftpd_advertises_the_loopback_address(options: list[str]) -> None:
    daemons.require_daemons()
    probe = daemons.probe_vsftpd(VSFTPD_ANONYMOUS, samples=1, argv_extra=options)
    assert probe.replies["PASV"].startswith("227 Entering Passive Mode (127,0,0,1,")
