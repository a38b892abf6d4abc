"""write_atomically: whole file or nothing, mode and owner kept, symlinks followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ftpconf.atomic import WriteRefused, write_atomically


def test_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "vsftpd.conf"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    write_atomically(str(target), b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["vsftpd.conf"]  # no temp file left


def test_new_file_gets_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.conf"
    old = os.umask(0o027)
    try:
        write_atomically(str(target), b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.conf"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.conf"
    link.symlink_to(real)
    write_atomically(str(link), b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


def test_failure_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "vsftpd.conf"
    target.write_bytes(b"old\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomically(str(target), b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["vsftpd.conf"]


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_owner_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "owned.conf"
    target.write_bytes(b"old\n")
    os.chown(target, 65534, 65534)
    write_atomically(str(target), b"new\n")
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)


def test_setuid_setgid_and_sticky_bits_survive(tmp_path: Path) -> None:
    target = tmp_path / "vsftpd.conf"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o7640)
    if stat.S_IMODE(target.stat().st_mode) != 0o7640:
        pytest.skip("this filesystem or user cannot set setuid/setgid bits")
    write_atomically(str(target), b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o7640  # chown after chmod would clear them


def _xattrs_supported(path: Path) -> bool:
    try:
        os.setxattr(path, "user.ftpconf-probe", b"1")
    except OSError:
        return False
    os.removexattr(path, "user.ftpconf-probe")
    return True


def test_extended_attributes_survive(tmp_path: Path) -> None:
    target = tmp_path / "proftpd.conf"
    target.write_bytes(b"old\n")
    if not _xattrs_supported(target):
        pytest.skip("no user extended attributes on this filesystem")
    os.setxattr(target, "user.checksum", b"abc")
    write_atomically(str(target), b"new\n")
    assert os.getxattr(target, "user.checksum") == b"abc"


def _posix_acl(*entries: tuple[int, int, int]) -> bytes:
    """The kernel's system.posix_acl_access value: version 2, then (tag, permissions, id) entries."""
    import struct

    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


def test_posix_acl_survives(tmp_path: Path) -> None:
    target = tmp_path / "proftpd.conf"
    target.write_bytes(b"old\n")
    nobody = 0xFFFFFFFF  # the id field of entries that name no user or group
    # owner rw, user 65534 r, group r, mask r, others nothing: what `setfacl -m u:65534:r` makes of 0640
    acl = _posix_acl((0x01, 6, nobody), (0x02, 4, 65534), (0x04, 4, nobody), (0x10, 4, nobody), (0x20, 0, nobody))
    try:
        os.setxattr(target, "system.posix_acl_access", acl)
    except OSError:
        pytest.skip("this filesystem has no POSIX ACLs")
    write_atomically(str(target), b"new\n")
    assert os.getxattr(target, "system.posix_acl_access") == acl
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_an_attribute_that_cannot_be_kept_refuses_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pure-ftpd.conf"
    target.write_bytes(b"old\n")
    monkeypatch.setattr(os, "listxattr", lambda path: ["security.capability"])
    monkeypatch.setattr(os, "getxattr", lambda path, name: b"\x01" if path == os.path.realpath(target) else b"")

    def refuse(path: str, name: str, value: bytes) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refuse)
    with pytest.raises(WriteRefused, match=r"security\.capability cannot be kept"):
        write_atomically(str(target), b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pure-ftpd.conf"]


def test_an_edit_made_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "vsftpd.conf"
    target.write_bytes(b"someone else's edit\n")
    with pytest.raises(WriteRefused, match="changed after it was read"):
        write_atomically(str(target), b"fixed\n", expected=b"what we read\n")
    assert target.read_bytes() == b"someone else's edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["vsftpd.conf"]
    write_atomically(str(target), b"fixed\n", expected=b"someone else's edit\n")
    assert target.read_bytes() == b"fixed\n"


def test_a_file_removed_meanwhile_is_not_recreated(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="removed after it was read"):
        write_atomically(str(tmp_path / "gone.conf"), b"fixed\n", expected=b"old\n")
    assert list(tmp_path.iterdir()) == []


def test_fifo_and_directory_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteRefused, match="is a FIFO"):
        write_atomically(str(fifo), b"x\n")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(WriteRefused, match="is a directory"):
        write_atomically(str(tmp_path), b"x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_device_node_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null, never the real one
    with pytest.raises(WriteRefused, match="is a character device"):
        write_atomically(str(device), b"x\n")
    assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_the_write_leaves_no_temp_file(tmp_path: Path, signal_name: str) -> None:
    import subprocess
    import sys

    target = tmp_path / "vsftpd.conf"
    target.write_bytes(b"old\n")
    script = (
        "import os, signal, sys\n"
        "from ftpconf.atomic import write_atomically\n"
        f"os.fsync = lambda fd: os.kill(os.getpid(), signal.{signal_name})\n"
        "write_atomically(sys.argv[1], b'new\\n')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, timeout=60)
    import signal as signals

    assert done.returncode == 128 + getattr(signals, signal_name), done.stderr
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["vsftpd.conf"]


def test_link_replaces_a_file_or_link_and_refuses_a_directory(tmp_path: Path) -> None:
    from ftpconf.atomic import link_atomically

    path = tmp_path / "PureDB"
    path.write_text("old\n")
    link_atomically(str(path), "../pureftpd.pdb")
    assert os.readlink(path) == "../pureftpd.pdb"
    link_atomically(str(path), "../other.pdb")
    assert os.readlink(path) == "../other.pdb"
    (tmp_path / "dir").mkdir()
    with pytest.raises(WriteRefused, match="is a directory"):
        link_atomically(str(tmp_path / "dir"), "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PureDB", "dir"]
