"""Settings outside the modes, carried by convert through grammars/equivalents.toml, checked on the
target daemon: the mode bits of an upload (umask), the 220 greeting, the anonymous root, SITE CHMOD
refused, a transfer rate's order of magnitude. Each test converts a source text with ftpconf and
runs a real anonymous session against the converted file.  The vsftpd -> proftpd conversion also runs
for Debian 13 (``--target-version`` 3.0.5 / 1.3.8c): its TransferRate comes from mod_xfer, which 1.3.8c builds
loadable, so the converted file must load it itself to be accepted there as written.
"""

from __future__ import annotations

import ftplib
import io
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ftpconf.convert import convert
from ftpconf.lint import lint_path
from tests import daemons
from tests.e2e.conftest import ANONYMOUS_HOME
from tests.e2e.runner import dialect_of, read, running
from tests.releases import target

RATE_FILE = 96 * 1024  # bytes downloaded to measure a rate: about 2 s at the 48 KiB/s the tests set


@pytest.fixture(autouse=True)
def _daemons() -> None:
    daemons.require_daemons()


@contextmanager
def _anonymous_root() -> Iterator[Path]:
    """A directory the ftp user can enter, with a world-writable ``upload/`` and a file to download."""
    with tempfile.TemporaryDirectory(prefix="ftpconf-e2e-root-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        (root / "upload").mkdir()
        (root / "upload").chmod(0o777)
        (root / "data.bin").write_bytes(b"\0" * RATE_FILE)
        (root / "data.bin").chmod(0o644)
        yield root


@contextmanager
def _session(form: str, text: str, release: str = daemons.DEFAULT_RELEASE) -> Iterator[ftplib.FTP]:
    with running(form, {"": text}, None, release) as (host, port), _anonymous(host, port) as ftp:
        yield ftp


def _converted(
    source_form: str, text: str, target_form: str, release: str = daemons.DEFAULT_RELEASE
) -> tuple[str, list[str]]:
    """The conversion as ``--target-version`` of ``release``'s daemon writes it, and its losses."""
    with target(release, dialect_of(target_form)):
        conversion = convert(read(source_form, text, release), target_form)
    return conversion.text, [f"{d.code} {d.message}" for d in conversion.losses]


def _download_seconds(ftp: ftplib.FTP, name: str) -> float:
    received = bytearray()
    start = time.monotonic()
    ftp.retrbinary(f"RETR {name}", received.extend)
    assert len(received) == RATE_FILE
    return time.monotonic() - start


def _refused(ftp: ftplib.FTP, command: str) -> bool:
    try:
        return ftp.sendcmd(command)[:1] in "45"
    except ftplib.Error:
        return True


@pytest.mark.parametrize("release", daemons.RELEASES)
def test_vsftpd_to_proftpd_keeps_root_umasks_greeting_chmod_and_anonymous_rate(release: str) -> None:
    with _anonymous_root() as root:
        source = (
            "listen=YES\nanonymous_enable=YES\nwrite_enable=YES\nanon_upload_enable=YES\n"
            f"anon_root={root}\nlocal_umask=022\nanon_umask=027\nftpd_banner=Files for the test lab\n"
            "chmod_enable=NO\nanon_max_rate=49152\n"
        )
        text, losses = _converted("vsftpd", source, "proftpd", release)
        assert not [loss for loss in losses if "FTP902" in loss], losses
        as_written = daemons.proftpd_configtest(text.encode(), release=release)  # without the stock modules.conf
        assert as_written.accepted, as_written.message
        name = f"upload/ftpconf-settings-{uuid.uuid4().hex}"
        with _session("proftpd", text, release) as ftp:
            assert ftp.welcome == "220 Files for the test lab"
            ftp.storbinary(f"STOR {name}", io.BytesIO(b"umask\n"))
            assert (root / name).stat().st_mode & 0o777 == 0o640  # anon_umask=027, not local_umask=022
            # refused by <Anonymous>'s own <Limit ... SITE_CHMOD> (vsftpd's anonymous users never chmod); the
            # server-level <Limit SITE_CHMOD> chmod_enable=NO writes is for local users, which no test logs in as
            assert _refused(ftp, f"SITE CHMOD 666 {name}")
            seconds = _download_seconds(ftp, "data.bin")
        assert 1.0 < seconds < 8.0, seconds  # 96 KiB at 48 KiB/s: about 2 s
        assert "<Limit SITE_CHMOD>" in text


def test_vsftpd_to_pureftpd_keeps_umask_chmod_and_anonymous_rate() -> None:
    if not ANONYMOUS_HOME.is_dir():
        pytest.skip("pure-ftpd serves the ftp account's home, /srv/ftp, which is missing")
    source = (
        "listen=YES\nanonymous_enable=YES\nwrite_enable=YES\nanon_upload_enable=YES\n"
        "local_umask=027\nchmod_enable=NO\nanon_max_rate=49152\n"
    )
    text, losses = _converted("vsftpd", source, "pureftpd")
    assert "Umask 137:027" in text.splitlines()  # pure-ftpd makes files 0777 & ~mask: 137 gives 0640
    assert not [loss for loss in losses if "FTP902" in loss], losses
    # not "ftpconf-e2e-": the e2e session teardown of another worker removes those from /srv/ftp/upload
    name = f"upload/ftpconf-settings-{uuid.uuid4().hex}"
    download = f"ftpconf-settings-{uuid.uuid4().hex}.bin"
    (ANONYMOUS_HOME / download).write_bytes(b"\0" * RATE_FILE)
    (ANONYMOUS_HOME / download).chmod(0o644)
    try:
        with _session("pureftpd", text) as ftp:
            ftp.storbinary(f"STOR {name}", io.BytesIO(b"umask\n"))
            assert (ANONYMOUS_HOME / name).stat().st_mode & 0o777 == 0o640
            assert _refused(ftp, f"SITE CHMOD 666 {name}")
            seconds = _download_seconds(ftp, download)
        assert 1.0 < seconds < 8.0, seconds
    finally:
        (ANONYMOUS_HOME / download).unlink(missing_ok=True)
        (ANONYMOUS_HOME / name).unlink(missing_ok=True)


def test_pureftpd_to_vsftpd_keeps_chmod_refusal_and_anonymous_rate() -> None:
    with _anonymous_root() as root:
        text, losses = _converted("pureftpd", "NoChmod yes\nAnonymousBandwidth 48\n", "vsftpd")
        assert {"chmod_enable=NO", "anon_max_rate=49152"} <= set(text.splitlines()), text
        assert not [loss for loss in losses if "FTP902" in loss], losses
        # running_vsftpd puts the anonymous root (our temp dir) before the file
        text += "write_enable=YES\nanon_upload_enable=YES\n"
        name = f"upload/ftpconf-settings-{uuid.uuid4().hex}"
        with _session_vsftpd(text, root) as ftp:
            ftp.storbinary(f"STOR {name}", io.BytesIO(b"chmod\n"))
            assert _refused(ftp, f"SITE CHMOD 666 {name}")
            seconds = _download_seconds(ftp, "data.bin")
        assert 1.0 < seconds < 8.0, seconds


@contextmanager
def _session_vsftpd(text: str, root: Path) -> Iterator[ftplib.FTP]:
    with tempfile.TemporaryDirectory(prefix="ftpconf-e2e-empty-") as empty:
        argv = [f"-osecure_chroot_dir={empty}", f"-oanon_root={root}"]
        with daemons.running_vsftpd(text.encode(), argv) as (host, port), _anonymous(host, port) as ftp:
            yield ftp


@contextmanager
def _anonymous(host: str, port: int) -> Iterator[ftplib.FTP]:
    """An anonymous passive-mode session with the daemon at host:port."""
    ftp = ftplib.FTP(timeout=10)
    ftp.connect(host, port)
    ftp.login()
    ftp.set_pasv(True)
    try:
        yield ftp
    finally:
        ftp.close()


def test_proftpd_greeting_umask_and_message_file_reach_vsftpd() -> None:
    source = 'ServerType standalone\nUmask 027\nServerIdent on "Files for the test lab"\nDisplayChdir .message\n'
    text, losses = _converted("proftpd", source, "vsftpd")
    lines = set(text.splitlines())
    assert {"local_umask=027", "ftpd_banner=Files for the test lab", "dirmessage_enable=YES"} <= lines, text
    assert not [loss for loss in losses if "FTP902" in loss], losses
    with (
        tempfile.TemporaryDirectory(prefix="ftpconf-e2e-empty-") as empty,
        daemons.running_vsftpd(text.encode(), [f"-osecure_chroot_dir={empty}"]) as (host, port),
    ):
        ftp = ftplib.FTP(timeout=10)
        assert ftp.connect(host, port) == "220 Files for the test lab"
        ftp.close()


def test_what_pureftpd_cannot_say_is_reported_with_the_reason() -> None:
    source = "listen=YES\nanonymous_enable=YES\nftpd_banner=Hello\nanon_root=/srv/anon\nanon_umask=027\n"
    _, losses = _converted("vsftpd", source, "pureftpd")
    assert any("ftpd_banner" in loss and "220 greeting" in loss for loss in losses), losses
    assert any("anon_root" in loss and "ftp account's home" in loss for loss in losses), losses
    assert any("anon_umask" in loss and "anonymous uploads alone" in loss for loss in losses), losses


def test_an_include_that_was_read_is_no_loss(tmp_path: Path) -> None:
    (tmp_path / "extra.conf").write_text("Umask 027\n")
    main = tmp_path / "proftpd.conf"
    main.write_text(f"ServerType standalone\nInclude {tmp_path}/extra.conf\nInclude {tmp_path}/missing.conf\n")
    result = lint_path(str(main), "proftpd")
    conversion = convert(result, "vsftpd")
    assert "local_umask=027" in conversion.text.splitlines()
    messages = [d.message for d in conversion.losses if d.code == "FTP902"]
    assert [m for m in messages if "Include" in m] == [
        "proftpd `Include` is not in the converted file: the file it names was not read, so its settings could "
        "not be converted"
    ], messages
    assert os.path.basename(conversion.losses[0].span.path) == "proftpd.conf"


def test_vsftpd_transfer_log_reaches_pureftpd_as_an_xferlog(tmp_path: Path) -> None:
    if not ANONYMOUS_HOME.is_dir():
        pytest.skip("pure-ftpd serves the ftp account's home, /srv/ftp, which is missing")
    text, losses = _converted("vsftpd", "listen=YES\nanonymous_enable=YES\nxferlog_enable=YES\n", "pureftpd")
    assert "AltLog xferlog:/var/log/xferlog" in text.splitlines()
    assert not [loss for loss in losses if "FTP902" in loss], losses
    log = tmp_path / "xferlog"
    download = f"ftpconf-settings-{uuid.uuid4().hex}.bin"
    (ANONYMOUS_HOME / download).write_bytes(b"log me\n")
    (ANONYMOUS_HOME / download).chmod(0o644)
    try:
        with _session("pureftpd", text.replace("/var/log/xferlog", str(log))) as ftp:
            ftp.retrbinary(f"RETR {download}", lambda _: None)
            ftp.quit()
        deadline = time.monotonic() + 5
        while download not in (log.read_text() if log.exists() else "") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert download in log.read_text()  # one xferlog line per transfer
    finally:
        (ANONYMOUS_HOME / download).unlink(missing_ok=True)
