"""FTP126: vsftpd logins that run as root (`guest_username=root`, `ftp_username=root`), what ftpconf says of
each case, and what the real daemon does with a virtual user's login (through PAM) in each."""

from __future__ import annotations

import ftplib
import io
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from ftpconf.dialects.vsftpd.reader import read
from ftpconf.source import SourceFile
from tests import daemons

GUEST = "anonymous_enable=NO\nlocal_enable=YES\nguest_enable=YES\nguest_username=root\nwrite_enable=YES\n"
REFUSED = "refusing to run with writable root inside chroot()"

# (extra lines after GUEST, what FTP126 says, what the daemon does: "refused" or the cwd after login)
GUEST_CASES = [
    ("", "login is refused", "refused"),
    ("allow_writeable_chroot=YES\n", "root (uid 0) inside its chroot", "/"),
    ("virtual_use_local_privs=YES\n", "not chrooted", "/root"),
    ("virtual_use_local_privs=YES\nchroot_local_user=YES\n", "login is refused", "refused"),
    ("virtual_use_local_privs=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\n", "inside its chroot", "/"),
]

CASE_IDS = [extra.replace("\n", " ") or "-" for extra, _, _ in GUEST_CASES]


def _ftp126(config: str) -> list[str]:
    return [d.message for d in read(SourceFile("vsftpd.conf", config.encode())).diagnostics if d.code == "FTP126"]


@pytest.mark.parametrize(("extra", "said", "done"), GUEST_CASES, ids=CASE_IDS)
def test_guest_root_is_reported_as_the_daemon_behaves(extra: str, said: str, done: str) -> None:
    [message] = _ftp126(GUEST + extra)
    assert said in message, message


@pytest.mark.parametrize(
    "config",
    [
        GUEST.replace("guest_username=root", "guest_username=ftpvirtual"),
        GUEST.replace("local_enable=YES", "local_enable=NO").replace("anonymous_enable=NO", "anonymous_enable=YES"),
        "anonymous_enable=NO\nlocal_enable=YES\nftp_username=root\n",  # no anonymous logins to run as it
        "guest_enable=NO\nguest_username=root\nlocal_enable=YES\n",
    ],
)
def test_no_root_login_is_quiet(config: str) -> None:
    assert _ftp126(config) == []


def test_anonymous_as_root() -> None:
    [message] = _ftp126("anonymous_enable=YES\nftp_username=root\nallow_writeable_chroot=YES\n")
    assert REFUSED in message


def _guest_login(config: str, release: str) -> tuple[str, int | None]:
    """A virtual user's login (PAM says yes to anyone) into vsftpd running ``config``, in a private mount
    namespace where /etc/pam.d and /root are temporary directories: (the cwd after login or the refusal,
    the owner uid of a file the user uploaded or None)."""
    with tempfile.TemporaryDirectory(prefix="ftpconf-guest-") as tmpdir:
        tmp = Path(tmpdir)
        pam, home, empty = tmp / "pam.d", tmp / "root", tmp / "empty"
        for folder in (pam, home, empty):
            folder.mkdir()
        permit = "".join(f"{kind} required pam_permit.so\n" for kind in ("auth", "account", "session"))
        (pam / "ftpconf-guest").write_text(permit)
        port = daemons.free_port()
        conf = tmp / "vsftpd.conf"
        conf.write_text(
            f"{config}anon_upload_enable=YES\npam_service_name=ftpconf-guest\nsecure_chroot_dir={empty}\n"
            f"listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port={port}\nbackground=NO\n"
        )
        script = 'mount --bind "$1" /etc/pam.d && mount --bind "$2" /root && shift 2 && exec "$@"'
        argv = ["unshare", "--mount", "sh", "-c", script, "sh", str(pam), str(home)]
        argv += [daemons._binary(daemons.VSFTPD, release), str(conf)]
        output = open(tmp / "output", "wb")  # noqa: SIM115 (closed with the daemon below)
        with output, daemons._started(argv, stdin=subprocess.DEVNULL, stdout=output, stderr=output):
            deadline = time.monotonic() + daemons.TIMEOUT
            while True:
                try:
                    client = ftplib.FTP()
                    client.connect("127.0.0.1", port, timeout=daemons.TIMEOUT)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            try:  # no QUIT at the end: after a refused login vsftpd may answer it with another 500 OOPS
                try:
                    client.login("virtual", "secret")
                except ftplib.error_perm as refusal:
                    return str(refusal), None
                where = client.pwd()
                client.storbinary("STOR upload.txt", io.BytesIO(b"x"))
            finally:
                client.close()
        return where, (home / "upload.txt").stat().st_uid


@pytest.mark.parametrize("release", sorted(daemons.RELEASES))
@pytest.mark.parametrize(("extra", "said", "done"), GUEST_CASES, ids=CASE_IDS)
def test_guest_root_on_the_daemon(extra: str, said: str, done: str, release: str) -> None:
    daemons.require_daemons()
    if os.geteuid() != 0:
        pytest.skip("a private mount namespace (for /etc/pam.d) needs root")
    where, owner = _guest_login(GUEST + extra, release)
    if done == "refused":
        assert REFUSED in where and owner is None
    else:
        assert (where, owner) == (done, 0)
