"""Stored values: the N cases (docs/daemons/vsftpd.md §2), read out of the real binary's memory after parsing."""

from __future__ import annotations

import pytest

from ftpconf.dialects.vsftpd.reader import read, read_invocation
from ftpconf.source import SourceFile

# (case, config bytes, option, value vsftpd stored), as read out of the binary's memory.
N_TABLE: list[tuple[str, bytes, str, object]] = [
    ("N1", b"local_umask=077\n", "local_umask", 63),
    ("N2", b"local_umask=77\n", "local_umask", 77),
    ("N3", b"local_umask=022\n", "local_umask", 18),
    ("N4", b"local_umask=0022\n", "local_umask", 18),
    ("N5", b"local_umask=08\n", "local_umask", 0),
    ("N6", b"local_umask=0778\n", "local_umask", 63),
    ("N7", b"local_umask=0x1F\n", "local_umask", 0),
    ("N8", b"local_umask=0-1\n", "local_umask", 0),
    ("N9", b"file_open_mode=666\n", "file_open_mode", 666),
    ("N10", b"file_open_mode=0666\n", "file_open_mode", 438),
    ("N11", b"listen_port=abc\n", "listen_port", 0),
    ("N12", b"listen_port=-1\n", "listen_port", 4294967295),
    ("N13", b"listen_port=0x10\n", "listen_port", 0),
    ("N14", b"listen_port=+21\n", "listen_port", 21),
    ("N15", b"idle_session_timeout=1.5\n", "idle_session_timeout", 1),
    ("N16", b"idle_session_timeout=99999999999\n", "idle_session_timeout", 1215752191),
    ("N17", b"idle_session_timeout=4294967297\n", "idle_session_timeout", 1),
    ("N18", b"idle_session_timeout=-5\n", "idle_session_timeout", 4294967291),
    ("N19", b"listen_port= 2121\n", "listen_port", 2121),
    ("N20", b"listen_port=2121abc\n", "listen_port", 2121),
    ("N21", b"listen_port=2121 # c\n", "listen_port", 2121),
    ("N22", b"listen_port=2121\r\n", "listen_port", 2121),
    ("N23", b"listen_port=1\nlisten_port=2\n", "listen_port", 2),
    ("N24", b"pasv_enable=NO\npasv_enable=YES\n", "pasv_enable", True),
    ("N25", b"pasv_enable=YES\x00junk\n", "pasv_enable", True),
    ("N26", b"ftpd_banner=hi\r\n", "ftpd_banner", "hi"),
    ("N27", b"ftpd_banner=  spaced  \n", "ftpd_banner", "spaced"),
    ("N28", b"ftpd_banner=a=b\n", "ftpd_banner", "a=b"),
    ("N29", b'ftpd_banner="quoted"\n', "ftpd_banner", '"quoted"'),
    ("N30", b"rsa_cert_file=\n", "rsa_cert_file", None),
    ("N31", b"rsa_cert_file\n", "rsa_cert_file", None),
    ("N32", b"secure_chroot_dir=\n", "secure_chroot_dir", None),
    ("N33", b"ftpd_banner=one\nftpd_banner=two\n", "ftpd_banner", "two"),
    ("N35", b"ftpd_banner=\t tabbed\t \n", "ftpd_banner", "tabbed"),
    ("N36", b"ftpd_banner=   \n", "ftpd_banner", None),
    ("N37", b"anon_root= /x \n", "anon_root", "/x"),
    ("N38", b"ftpd_banner=a  b\n", "ftpd_banner", "a  b"),
    ("N39", b"ftpd_banner=x\x0b\n", "ftpd_banner", "x"),
    ("N40", b"local_umask= 077\n", "local_umask", 77),
    ("N41", b"local_umask=077 \n", "local_umask", 63),
    ("N42", b"local_umask=\t022\n", "local_umask", 22),
]


@pytest.mark.parametrize(("case", "config", "option", "stored"), N_TABLE, ids=[c[0] for c in N_TABLE])
def test_stored_value_matches_the_binary(case: str, config: bytes, option: str, stored: object) -> None:
    result = read(SourceFile("vsftpd.conf", config))
    assert result.settings.value(option) == stored


def test_command_line_setting_after_the_file_wins() -> None:
    # N34: argv `conf(listen_port=1) -olisten_port=3` stores 3.
    result = read_invocation([SourceFile("vsftpd.conf", b"listen_port=1\n"), "listen_port=3"])
    assert result.settings.value("listen_port") == 3


def test_file_after_command_line_setting_wins() -> None:
    result = read_invocation(["listen_port=3", SourceFile("vsftpd.conf", b"listen_port=1\n")])
    assert result.settings.value("listen_port") == 1


def test_defaults_are_the_binarys_not_the_man_pages() -> None:
    settings = read(SourceFile("vsftpd.conf", b"")).settings
    assert settings.value("anonymous_enable") is True  # man page: NO
    assert settings.value("max_clients") == 2000  # man page: 0
    assert settings.value("max_per_ip") == 50
    assert settings.value("pasv_min_port") == 5001  # man page: 0
    assert settings.value("listen") is False  # Debian build; upstream YES
    assert settings.value("ssl_ciphers") == "ECDHE-RSA-AES256-GCM-SHA384"


# docs/daemons/vsftpd.md §4: observed PASV ports per configuration, and the effective range we model.
RANGES = [
    (b"", (5001, 65535)),
    (b"pasv_min_port=0\npasv_max_port=0\n", (1024, 65535)),
    (b"pasv_min_port=30000\npasv_max_port=30009\n", (30000, 30009)),
    (b"pasv_min_port=30005\npasv_max_port=30005\n", (30005, 30005)),
    (b"pasv_min_port=40000\npasv_max_port=30000\n", (40000, 65535)),
    (b"pasv_min_port=60000\n", (60000, 65535)),
    (b"pasv_max_port=6000\n", (5001, 6000)),
    (b"pasv_max_port=3000\n", (5001, 65535)),
    (b"pasv_min_port=30000\npasv_max_port=70000\n", (30000, 65535)),
]


@pytest.mark.parametrize(("config", "expected"), RANGES)
def test_effective_passive_range(config: bytes, expected: tuple[int, int]) -> None:
    rng = read(SourceFile("vsftpd.conf", config)).config.servers[0].passive.effective_range
    assert (rng.low, rng.high) == expected


@pytest.mark.parametrize(
    ("line", "comment"),
    [
        ("rsa_cert_file=/etc/ssl/c.pem       #EDIT HERE", True),  # measured: `SSL: cannot load RSA certificate`
        ("userlist_file=/etc/vsftpd.userlist\t#REMEMBER TO CREATE ONE", True),
        ("ftpd_banner=Welcome to ftp #2", False),  # a `#` in the text, not a lined-up comment
    ],
)
def test_a_lined_up_comment_after_a_string_value_is_part_of_it(line: str, comment: bool) -> None:
    result = read(SourceFile("vsftpd.conf", (line + "\n").encode()))
    assert ("FTP111" in [d.code for d in result.diagnostics]) == comment


# (value text, does FTP110 report it): the stored value above is what vsftpd uses; FTP110 speaks only
# when text the admin meant is dropped, not for blanks or a `# comment` after the digits.
TRAILING: list[tuple[str, bool]] = [
    ("5 #EDIT HERE", False),
    ("5#EDIT", False),
    ("5   ", False),
    ("5\t# c", False),
    ("077 # c", False),
    ("5", False),
    ("5m", True),
    ("30000-30100", True),
    ("5x # c", True),
    (" # c", True),  # no digits: 0
    ("abc", True),
]


@pytest.mark.parametrize(("value", "reported"), TRAILING, ids=[t[0] for t in TRAILING])
def test_trailing_text_after_a_number(value: str, reported: bool) -> None:
    result = read(SourceFile("vsftpd.conf", f"max_clients={value}\n".encode()))
    assert any(d.code == "FTP110" for d in result.diagnostics) is reported
