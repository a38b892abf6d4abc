"""Writing never loses anything: special files are not replaced, edits made meanwhile are not overwritten."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ftpconf.fixes import FixOutcome, write_changes
from tests.cli import run_cli_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "samples/vsftpd-range-30000.conf")
WRITERS = {
    "convert": ["convert", "--to", "proftpd", SAMPLE, "-o"],
    "show": ["show", SAMPLE, "-o"],
    "firewall": ["firewall", "--format", "nft", SAMPLE, "-o"],
}


def _cli_process(*args: str) -> subprocess.CompletedProcess[bytes]:
    """In a process of its own, with a timeout: a regression that opens a FIFO for writing blocks until a reader
    comes, which would hang the test run if the command ran in it (tests.cli)."""
    return subprocess.run([sys.executable, "-m", "ftpconf.cli", *args], capture_output=True, timeout=60)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_to_a_fifo_is_refused(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = _cli_process(*WRITERS[command], str(fifo))
    assert done.returncode == 2, done.stderr
    assert b"is a FIFO, not a regular file" in done.stderr and b"Traceback" not in done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_to_a_device_is_refused(tmp_path: Path, command: str) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null, never the real one
    done = run_cli_bytes(*WRITERS[command], str(device))
    assert done.returncode == 2, done.stderr
    assert b"is a character device" in done.stderr
    assert stat.S_ISCHR(device.stat().st_mode)


def test_fix_does_not_overwrite_an_edit_made_after_reading(tmp_path: Path) -> None:
    path = tmp_path / "vsftpd.conf"
    path.write_text("listen=YES\nlisten_port=21\n# edited by someone else\n")
    outcome = FixOutcome({str(path): "listen=YES\nlisten_port=21\n"}, {str(path): "listen=YES\n"})
    problems = write_changes(outcome)
    assert [p.message for p in problems] == [
        f"{path}: cannot write the fixed file: changed after it was read (edited meanwhile?); not written, run again"
    ]
    assert path.read_text().endswith("# edited by someone else\n")


def test_fix_writes_a_file_that_still_holds_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "vsftpd.conf"
    path.write_text("listen=YES\nlisten_port=21\n")
    outcome = FixOutcome({str(path): "listen=YES\nlisten_port=21\n"}, {str(path): "listen=YES\n"})
    assert write_changes(outcome) == []
    assert path.read_text() == "listen=YES\n"


def _ladder(tmp_path: Path) -> Path:
    """A proftpd.conf whose Include ladder (each file includes the next twice) passes the include budget."""
    rungs = 12
    for index in range(rungs):
        nxt = tmp_path / f"r{index + 1}.conf"
        (tmp_path / f"r{index}.conf").write_text(f"Include {nxt}\nInclude {nxt}\n")
    (tmp_path / f"r{rungs}.conf").write_text("Umask 022\n")
    main = tmp_path / "proftpd.conf"
    main.write_text(f"ServerName x\nInclude {tmp_path / 'r1.conf'}\nPassivePorts 30000 30099\n")
    return main


def test_convert_refuses_a_configuration_read_in_part(tmp_path: Path) -> None:
    main, out = _ladder(tmp_path), tmp_path / "out.conf"
    done = run_cli_bytes("convert", "--to", "vsftpd", str(main), "-o", str(out))
    assert done.returncode == 2, done.stderr
    assert b"FTP010" in done.stderr and b"nothing was converted (--partial" in done.stderr
    assert not out.exists()
    partial = run_cli_bytes("convert", "--to", "vsftpd", "--partial", str(main), "-o", str(out))
    assert partial.returncode == 0, partial.stderr
    assert b"FTP010" in partial.stderr  # still reported, beside the conversion
    assert "pasv_min_port=30000" in out.read_text()


@pytest.mark.parametrize("command", [["show"], ["firewall", "--format", "nft"]])
def test_show_and_firewall_say_the_configuration_was_read_in_part(tmp_path: Path, command: list[str]) -> None:
    done = run_cli_bytes(*command, str(_ladder(tmp_path)))
    assert done.returncode in (0, 1), done.stderr
    assert b"FTP010" in done.stderr and b"built from the part that was read" in done.stderr
