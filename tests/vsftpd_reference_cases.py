"""vsftpd 3.0.3 accept/reject cases (docs/daemons/vsftpd.md), as data.

Each case is what the real Debian binary answers (checked by tests/test_daemon_harness.py), so
the main suite can compare ftpconf's own verdict with the daemon's:

* ``accepted`` - vsftpd started a session (banner ``220 ...``);
* ``message`` - for a rejection the text after ``500 OOPS: `` exactly as vsftpd writes it
  (CRLF stripped, trailing blanks kept, raw bytes decoded as latin-1); for an acceptance the
  banner line.

``CASES`` are V1-V63 (inetd start, ``tests.daemons.vsftpd_verdict``). ``STARTUP_CASES`` are
the post-parse checks of §3 seen in an inetd start; ``STANDALONE_CASES`` need a standalone start
(``tests.daemons.vsftpd_standalone_verdict``).
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    id: str
    config: bytes
    accepted: bool
    message: str


DEFAULT_BANNER = "220 (vsFTPd 3.0.3)"
BAD_BOOL = "bad bool value in config file for: "
MISSING = "missing value in config file for: "
UNKNOWN = "unrecognised variable in config file: "


def _ok(case_id: str, config: bytes, banner: str = DEFAULT_BANNER) -> Case:
    return Case(case_id, config, True, banner)


def _no(case_id: str, config: bytes, message: str) -> Case:
    return Case(case_id, config, False, message)


CASES: list[Case] = [
    _ok("V1", b""),
    _ok("V2", b"# c\n\n   \n\t\n"),
    _ok("V3", b"#   listen=YES\n"),
    _no("V4", b"  # indented comment\n", MISSING + "# indented comment"),
    _no("V5", b"\t# comment\n", MISSING + "# comment"),
    _ok("V6", b"   pasv_enable=YES\n"),
    _ok("V7", b"\tpasv_enable=YES\n"),
    _no("V8", b"pasv_enable=YES \n", BAD_BOOL + "pasv_enable"),
    _no("V9", b"pasv_enable=YES\t\n", BAD_BOOL + "pasv_enable"),
    # The reference table trims it, but the name keeps its trailing space (§1 says so too).
    _no("V10", b"pasv_enable =YES\n", UNKNOWN + "pasv_enable "),
    _no("V11", b"pasv_enable= YES\n", BAD_BOOL + "pasv_enable"),
    _no("V12", b"pasv_enable = YES\n", UNKNOWN + "pasv_enable "),
    _no("V13", b"pasv_enable=YES # comment\n", BAD_BOOL + "pasv_enable"),
    _ok("V14", b"listen_port=2121 # comment\n"),
    _ok("V15", b"ftpd_banner=hello # comment\n", "220 hello # comment"),
    _no("V16", b"PASV_ENABLE=YES\n", UNKNOWN + "PASV_ENABLE"),
    _no("V17", b"Pasv_Enable=YES\n", UNKNOWN + "Pasv_Enable"),
    _ok("V18", b"pasv_enable=yes\n"),
    _ok("V19", b"pasv_enable=Yes\n"),
    _ok("V20", b"pasv_enable=true\n"),
    _ok("V21", b"pasv_enable=TRUE\n"),
    _ok("V22", b"pasv_enable=1\n"),
    _ok("V23", b"pasv_enable=no\n"),
    _ok("V24", b"pasv_enable=false\n"),
    _ok("V25", b"pasv_enable=0\n"),
    _no("V26", b"pasv_enable=on\n", BAD_BOOL + "pasv_enable"),
    _no("V27", b"pasv_enable=off\n", BAD_BOOL + "pasv_enable"),
    _no("V28", b"pasv_enable=y\n", BAD_BOOL + "pasv_enable"),
    _no("V29", b"pasv_enable=2\n", BAD_BOOL + "pasv_enable"),
    _no("V30", b"pasv_enable=01\n", BAD_BOOL + "pasv_enable"),
    _no("V31", b'pasv_enable="YES"\n', BAD_BOOL + "pasv_enable"),
    _no("V32", b"pasv_enable=YES\npasv_enable=maybe\n", BAD_BOOL + "pasv_enable"),
    _no("V33", b"pasv_enable=maybe\npasv_enable=YES\n", BAD_BOOL + "pasv_enable"),
    _no("V34", b"pasv_enable=\n", MISSING + "pasv_enable"),
    _no("V35", b"pasv_enable\n", MISSING + "pasv_enable"),
    _no("V36", b"listen_port=\n", MISSING + "listen_port"),
    _no("V37", b"listen_port\n", MISSING + "listen_port"),
    _ok("V38", b"ftpd_banner=\n"),
    _ok("V39", b"ftpd_banner\n"),
    _ok("V40", b"listen_port=abc\n"),
    _ok("V41", b"listen_port=-1\n"),
    _ok("V42", b"listen_port=0x10\n"),
    _ok("V43", b"listen_port=+21\n"),
    _ok("V44", b"idle_session_timeout=1.5\n"),
    _ok("V45", b"idle_session_timeout=99999999999\n"),
    _ok("V46", b"ftpd_banner=a=b\n", "220 a=b"),
    _no("V47", b"pasv_enable=YES=NO\n", BAD_BOOL + "pasv_enable"),
    _no("V48", b"=YES\n", UNKNOWN),  # empty name: the message ends in ": "
    _no("V49", b"pasv_enalbe=YES\n", UNKNOWN + "pasv_enalbe"),
    _no("V50", b"pasv_enalbe\n", MISSING + "pasv_enalbe"),
    _no("V51", b"pasv_enable=YES\r\n", BAD_BOOL + "pasv_enable"),
    _ok("V52", b"listen_port=2121\r\n"),
    _ok("V53", b"ftpd_banner=hi\r\n", "220 hi"),
    _ok("V54", b"# c\r\n\r\n"),
    _no("V55", b"pasv_enable=YES\rport_enable=YES\r", BAD_BOOL + "pasv_enable"),
    _no("V56", b"\xef\xbb\xbfpasv_enable=YES\n", UNKNOWN + "\xef\xbb\xbfpasv_enable"),
    _no("V57", b"\xef\xbb\xbf# comment\npasv_enable=YES\n", MISSING + "\xef\xbb\xbf# comment"),
    _ok("V58", b"ftpd_banner=caf\xe9\n", "220 caf\xe9"),
    _no("V59", b"pasv_enabl\xe9=YES\n", UNKNOWN + "pasv_enabl\xe9"),
    _ok("V60", b"pasv_enable=YES\x00junk\n"),
    _no("V61", b"pasv_enable=maybe", BAD_BOOL + "pasv_enable"),
    _no("V62", b"pasv_enable=Y ES\n", BAD_BOOL + "pasv_enable"),
    _no("V63", b"listen \n", MISSING + "listen "),  # trailing space kept, as in V10
]

# §3 post-parse checks that an inetd start already performs (session start included).
STARTUP_CASES: list[Case] = [
    _no(
        "S1",
        b"anonymous_enable=NO\nlocal_enable=NO\n",
        "vsftpd: both local and anonymous access disabled!",
    ),
    _no("S2", b"ftp_enable=NO\n", "vsftpd: both FTP and HTTP disabled!"),
    _no("S3", b"http_enable=YES\n", "vsftpd: HTTP needs 'one_process_model' for now"),
    _no(
        "S4",
        b"one_process_model=YES\nlocal_enable=YES\n",
        "vsftpd: security: 'one_process_model' is anonymous only",
    ),
    _no("S5", b"ssl_enable=YES\nrsa_cert_file=/nonexistent.pem\n", "SSL: cannot load RSA certificate"),
    _no(
        "S6",
        b"secure_chroot_dir=/nonexistent\n",
        "vsftpd: not found: directory given in 'secure_chroot_dir':/nonexistent",
    ),
    _no(
        "S7",
        b"ftp_username=nosuchuser\n",
        "vsftpd: cannot locate user specified in 'ftp_username':nosuchuser",
    ),
    _ok("S8", b"listen_port=99999\n"),
    _no("S9", b"banner_file=/nonexistent\n", "cannot read banner file:/nonexistent"),
    _no(
        "S10",
        b"userlist_enable=YES\nlocal_enable=YES\nuserlist_file=/nonexistent\n",
        "cannot read user list file:/nonexistent",
    ),
    _ok("S11", b"listen_address=notanip\n"),  # only a standalone start checks it (X2)
]

# Checks only a standalone start makes (vsftpd_standalone_verdict).
STANDALONE_CASES: list[Case] = [
    _no("X1", b"listen=YES\nlisten_ipv6=YES\n", "run two copies of vsftpd for IPv4 and IPv6"),
    _no("X2", b"listen_address=notanip\n", "bad listen_address: notanip"),
    _ok("X3", b""),
    _ok("X4", b"listen=NO\nlisten_ipv6=YES\n"),
    _ok("X5", b"listen_address=127.0.0.1\n"),
    _no(
        "X6",
        b"listen=NO\n",
        "vsftpd: not configured for standalone, must be started from inetd",
    ),
]
