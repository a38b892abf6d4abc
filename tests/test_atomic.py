"""write_atomically: whole file or nothing, mode and owner kept, symlinks followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ftpconf.atomic import write_atomically


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
