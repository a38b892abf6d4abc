"""ftpconf's error verdict equals the real vsftpd's accept/refuse, case by case.

Each case runs the Debian binary exactly as tests/daemons.py starts it, and ftpconf reads the
*same* invocation (the harness's ``-o`` settings before and after the file included), so the
comparison also covers how we apply command-line settings.  For a refusal, the ``500 OOPS:``
text vsftpd printed must appear in one of our errors.  Each case runs on Debian 12's vsftpd 3.0.3
with ftpconf targeting 3.0.3; the version cases and a sample also on Debian 13's 3.0.5, targeting 3.0.5
(tests/releases.py).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from ftpconf.diagnostics import Severity
from ftpconf.dialects.vsftpd.reader import read_invocation
from ftpconf.source import SourceFile, decode, printable
from tests import daemons
from tests.releases import legs, target
from tests.vsftpd_reference_cases import CASES, STANDALONE_CASES, STARTUP_CASES


class Case(NamedTuple):
    id: str
    config: bytes
    standalone: bool = False
    argv_extra: tuple[str, ...] = ()


# Refusals that depend on the host (files, users), not on the text: out of scope for a linter's
# error verdict, which must hold on any machine.
HOST_DEPENDENT = {"S5", "S6", "S7", "S9", "S10"}
PAD = b"#" + b"x" * 98 + b"\n"  # 100 bytes

OUR_CASES = [
    Case("O1", b"\x00pasv_enable=YES\n"),
    Case("O2", b"pasv_en\x00able=YES\n"),
    Case("O3", b"  # a=b\n"),
    Case("O4", b"ftpd_banner = hi\n"),
    Case("O5", b"\xef\xbb\xbfftpd_banner=hi\n"),
    Case("O6", b"local_umask=abc\n"),
    Case("O7", b"listen_port=-1\n"),
    Case("O8", b"pasv_min_port=40000\npasv_max_port=30000\n"),
    Case("O9", b"pasv_address=bogus.invalid\n"),
    Case("O10", b"cmds_denied=PORT,PASV\n"),
    Case("O11", b"PASV_ENABLE=yes\n"),
    Case("O12", b"#x\n\n\t\n ftpd_banner=x\n"),
    Case("O13", b"ssl_tlsv1_2=YES\n"),
    Case("O14", b"allow_writeable_chroot=YES \n"),
    Case("O15", b"pasv_enable=YES\r\nlisten_port=21\r\n"),
    Case("O16", b"=\n"),
    Case("O17", b"ftpd_banner\x00=x\n"),
    Case("O18", PAD * 1000 + b"pasv_enalbe=YES\n"),
    Case("O19", PAD * 999 + b"pasv_enalbe=YES\n"),
    Case("O20", b"anonymous_enable=NO\nlocal_enable=NO\nanonymous_enable=YES\n"),
    Case("O21", b"pasv_enable=maybe\npasv_enable=YES\n"),
    Case("O22", b"local_enable=YES\n", argv_extra=("-opasv_enalbe=YES",)),
    Case("O23", b"pasv_enalbe=YES\n", argv_extra=()),
    Case("O24", b"listen=YES\nlisten_ipv6=NO\n", standalone=True),
    Case("O25", b"listen=NO\nlisten_ipv6=YES\nlisten_address6=::1\n", standalone=True),
    Case("O26", b"listen_address6=not-an-address\nlisten_ipv6=YES\nlisten=NO\n", standalone=True),
    Case("O27", b"listen_address=192.0.2.300\n", standalone=True),
    Case("O28", b"listen_address=ftp.example.com\n", standalone=True),
    Case("O29", b"listen=YES\nlisten_ipv6=YES\nlisten_address=notanip\n", standalone=True),
    Case("O30", b"one_process_model=YES\nlocal_enable=NO\nhttp_enable=YES\n"),
    Case("O31", b"ftpd_banner=  \nrsa_cert_file=\nanon_root=/srv/ftp # public\n"),
    Case("O32", b"max_clients=5\nmax_per_ip=0\npasv_min_port=0\npasv_max_port=0\n"),
    Case("O33", b"write_enable=YES\nanon_upload_enable=YES\nanon_mkdir_write_enable=yes\n"),
    Case("O34", b"ssl_enable=NO\nssl_sslv3=YES\nforce_local_logins_ssl=NO\n"),
    Case("O35", b"listen_port=2121abc\nftp_data_port=020\nlocal_umask=0778\n"),
    Case("O36", b"chroot_local_user=YES\nchroot_list_enable=YES\nchroot_list_file=/nonexistent/list\n"),
    Case("O37", b"guest_enable=YES\nvirtual_use_local_privs=TRUE\nuser_sub_token=$USER\n"),
    Case("O38", b"\tlisten_port=2121\n"),
    Case("O39", b"pasv_enable=NO\nport_enable=NO\n"),
    Case("O41", b"ftpd_banner=  \nftpd_banner=hi\n"),
    Case("O42", b"ftpd_banner=\r\n"),
    Case("O43", b"ftpd_banner=\t\nanonymous_enable=NO\nlocal_enable=YES\n"),
    Case("O44", b"ftp_username=\nanonymous_enable=NO\nlocal_enable=YES\n"),
    Case("O45", b"ftp_username=\n"),
    Case("O46", b"nopriv_user=\nanonymous_enable=NO\nlocal_enable=YES\n"),
    Case("O47", b"secure_chroot_dir=\n"),
    Case("O48", b"guest_username=\nguest_enable=YES\n"),
    Case("O49", b"guest_username=\n"),
    Case("O50", b"chown_username=\nchown_uploads=YES\n"),
    Case("O51", b"xferlog_file=\nrsa_cert_file\n"),
    Case("O40", b"\n" * 5 + b"xferlog_enable=Yes\nxferlog_std_format=FALSE\n"),
    # options 3.0.5 added (3.0.3 refuses them as unknown), and the manual's spellings no version knows
    Case("V1", b"ssl_tlsv11=YES\n"),
    Case("V2", b"ssl_tlsv12=NO\nssl_tlsv13=YES\n"),
    Case("V3", b"ssl_tlsv13=maybe\n"),
    Case("V4", b"ssl_sni_hostname=ftp.example.com\n"),
    Case("V5", b"ssl_sni_hostname=\n"),
    Case("V6", b"ssl_tlsv1_1=YES\n"),
    Case("V7", b"ssl_tlsv1_3=NO\n"),
    Case("V8", b"ssl_tlsv1=NO\nssl_tlsv12=YES\n", standalone=True),
]
# Cases whose verdict may differ between vsftpd versions: the Debian 13 leg runs them all.
VERSIONED = {"O13", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"}

ALL = (
    [Case(c.id, c.config) for c in CASES + STARTUP_CASES if c.id not in HOST_DEPENDENT]
    + [Case(c.id, c.config, standalone=True) for c in STANDALONE_CASES if c.id != "X6"]
    + OUR_CASES
)


def test_enough_cases() -> None:
    assert len(ALL) >= 100


def _ftpconf_errors(case: Case, chroot: str) -> list[str]:
    """Our error messages for the invocation the harness uses (see tests/daemons.py)."""
    before = [f"secure_chroot_dir={chroot}"]
    after = [arg[2:] for arg in case.argv_extra]
    if case.standalone:
        before += ["listen=YES", "listen_address=127.0.0.1"]
        after += ["listen_port=40021", "background=NO"]
    else:
        after += ["listen=NO", "listen_ipv6=NO"]
    result = read_invocation([*before, SourceFile("vsftpd.conf", case.config), *after])
    return [d.message for d in result.diagnostics if d.severity is Severity.ERROR]


def _oops_text(raw: bytes) -> str | None:
    if b"500 OOPS: " not in raw:
        return None
    message = raw.split(b"500 OOPS: ", 1)[1].split(b"\n", 1)[0].removesuffix(b"\r")
    return printable(decode(message))


@pytest.mark.parametrize(("case", "release"), legs(ALL, lambda c: c.id, VERSIONED))
def test_error_verdict_matches_vsftpd(case: Case, release: str) -> None:
    daemons.require_daemons()
    if case.standalone:
        verdict = daemons.vsftpd_standalone_verdict(case.config, case.argv_extra, release=release)
    else:
        verdict = daemons.vsftpd_verdict(case.config, case.argv_extra, release=release)
    with target(release, "vsftpd"):
        errors = _ftpconf_errors(case, "/tmp/empty")
    assert bool(errors) == (not verdict.accepted), f"vsftpd: {verdict.message!r}; ftpconf errors: {errors}"
    oops = _oops_text(verdict.raw)
    if not verdict.accepted and oops is not None:
        assert any(f"500 OOPS: {oops}" in e for e in errors), f"vsftpd said {oops!r}; ftpconf: {errors}"


def test_inetd_only_config_is_refused_when_started_directly() -> None:
    """X6: with listen=NO and listen_ipv6=NO vsftpd needs inetd; we say so (info, not error: inetd is valid)."""
    daemons.require_daemons()
    verdict = daemons.vsftpd_standalone_verdict(b"listen=NO\n")
    assert not verdict.accepted and "must be started from inetd" in verdict.message
    result = read_invocation([SourceFile("vsftpd.conf", b"listen=NO\n")])
    assert [d.code for d in result.diagnostics if d.code == "FTP124"] == ["FTP124"]
