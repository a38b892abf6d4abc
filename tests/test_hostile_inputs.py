"""Hostile inputs through the real command line (invariant 4 in docs/architecture.md#invariants).

Each one must give a diagnostic that names the file (and the line, where there is one), exit cleanly
(0, 1 or 2: never a traceback), and finish: the subprocess timeout is a hang guard, not a speed test.
Where a daemon's own behaviour decides what the right finding is, docs/daemons/ or the real binary
(tests/daemons.py) says so next to the case.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ftpconf.input_codes import MAX_INCLUDED_READS
from ftpconf.source import MAX_INPUT_BYTES
from tests import daemons
from tests.conftest import ROOT

FTPCONF = [sys.executable, "-m", "ftpconf.cli"]
HANG_GUARD = 120  # seconds; every case here finishes in well under 10


def run(*args: str, stdin: bytes | None = None, user: str | None = None) -> subprocess.CompletedProcess[bytes]:
    prefix: list[str] = []
    if user:
        entry = pwd.getpwnam(user)
        prefix = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups"]
    result = subprocess.run(
        [*prefix, *FTPCONF, *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=HANG_GUARD,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)},
    )
    assert b"Traceback" not in result.stderr + result.stdout, result.stderr.decode(errors="replace")
    assert result.returncode in (0, 1, 2), result.returncode
    return result


def findings(path: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    result = run("lint", "--format", "json", *extra, str(path))
    return result.returncode, json.loads(result.stdout)["diagnostics"]


def at(diagnostics: list[dict[str, Any]], code: str) -> list[tuple[str, int]]:
    return [(d["path"], d["line"]) for d in diagnostics if d["code"] == code]


def input_error(result: subprocess.CompletedProcess[bytes], path: str, reason: str) -> None:
    assert result.returncode == 2
    message = result.stderr.decode(errors="replace")
    assert f"ftpconf: error: {path}: " in message and reason in message, message


# -- encodings and bytes ------------------------------------------------------------------------------

BODY = {
    "vsftpd.conf": b"listen=YES\nanonymous_enable=NO\npasv_min_port=30000\npasv_max_port=30099\n",
    "proftpd.conf": b'ServerName "x"\nPassivePorts 30000 30099\n',
    "pure-ftpd.conf": b"NoAnonymous yes\nPassivePortRange 30000 30099\n",
}
LEGACY_COMMENTS = b"# caf\xe9 cr\xe8me (latin-1)\n# \xc4\xe3\xba\xc3 (GBK)\n"


@pytest.mark.parametrize("name", sorted(BODY))
def test_latin1_and_gbk_comments_change_nothing(name: str, tmp_path: Path) -> None:
    """Every daemon skips comment lines whatever their bytes (docs/daemons/*.md §1)."""
    plain, legacy = tmp_path / "plain" / name, tmp_path / "legacy" / name
    for path, data in ((plain, BODY[name]), (legacy, BODY[name] + LEGACY_COMMENTS)):
        path.parent.mkdir()
        path.write_bytes(data)
    status, found = findings(plain)
    legacy_status, legacy_found = findings(legacy)
    assert legacy_status == status
    assert [(d["code"], d["line"]) for d in legacy_found] == [(d["code"], d["line"]) for d in found]


def test_latin1_value_names_file_and_line_where_the_daemon_rejects_it(tmp_path: Path) -> None:
    """pure-ftpd.conf rejects non-ASCII bytes even in free-text values (docs/daemons/pureftpd.md §1)."""
    path = tmp_path / "pure-ftpd.conf"
    path.write_bytes(b"NoAnonymous yes\nAltLog clf:/var/log/caf\xe9.log\n")
    status, found = findings(path)
    assert status == 1 and (str(path), 2) in at(found, "FTP170")


@pytest.mark.parametrize(
    ("name", "code"), [("vsftpd.conf", "FTP106"), ("proftpd.conf", "FTP137"), ("pure-ftpd.conf", "FTP171")]
)
def test_bom_is_an_error_at_line_one(name: str, code: str, tmp_path: Path) -> None:
    """No daemon skips a UTF-8 BOM: it becomes part of the first name (V56, P10, F84)."""
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + BODY[name])
    status, found = findings(path)
    assert status == 1 and (str(path), 1) in at(found, code)


@pytest.mark.parametrize("name", sorted(BODY))
def test_crlf(name: str, tmp_path: Path) -> None:
    """vsftpd keeps the CR in values (FTP119); proftpd and pure-ftpd strip it (docs/daemons/*.md §1)."""
    path = tmp_path / name
    path.write_bytes(BODY[name].replace(b"\n", b"\r\n"))
    _, found = findings(path)
    crlf = at(found, "FTP119")
    assert crlf == ([(str(path), 1)] if name == "vsftpd.conf" else [])
    assert not [d for d in found if d["severity"] == "error" and name != "vsftpd.conf"]


def test_nul_byte_is_reported_at_its_line(tmp_path: Path) -> None:
    """vsftpd reads a line as a C string: everything after NUL is ignored (V60)."""
    path = tmp_path / "vsftpd.conf"
    path.write_bytes(BODY["vsftpd.conf"] + b"anonymous_enable=NO\x00junk\n")
    _, found = findings(path)
    assert (str(path), 5) in at(found, "FTP118")


@pytest.mark.parametrize("name", sorted(BODY))
def test_nul_bytes_anywhere_exit_cleanly(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00" + BODY[name].replace(b"\n", b"\x00\n") + b"\x00\x00")
    run("lint", str(path))


# -- size -----------------------------------------------------------------------------------------------


def _peak_rss_kib(*args: str, stdin_file: Path | None = None) -> tuple[int, str, int]:
    """Run ftpconf in a fresh parent so RUSAGE_CHILDREN is ftpconf's own peak resident size."""
    probe = (
        "import resource, subprocess, sys\n"
        "stdin = open(sys.argv[1], 'rb') if sys.argv[1] else subprocess.DEVNULL\n"
        "p = subprocess.run(sys.argv[2:], stdin=stdin, capture_output=True)\n"
        "sys.stdout.write(f'{p.returncode} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
        "sys.stdout.write(p.stderr.decode(errors='replace'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(stdin_file or ""), *FTPCONF, *args],
        capture_output=True,
        cwd=ROOT,
        timeout=HANG_GUARD,
        check=True,
    ).stdout.decode()
    head, _, stderr = out.partition("\n")
    status, peak = head.split()
    return int(status), stderr, int(peak)


@pytest.fixture
def hundred_mb(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "vsftpd.conf"
    with path.open("wb") as handle:
        chunk = b"# " + b"x" * 1021 + b"\n"
        for _ in range(100 * 1024):
            handle.write(chunk)
    yield path
    path.unlink()


def test_100_mb_file_is_refused_before_it_is_read(hundred_mb: Path) -> None:
    """All three daemons would read on (vsftpd only its first 100,000 bytes); ftpconf says what it checks."""
    status, stderr, peak_kib = _peak_rss_kib("lint", str(hundred_mb))
    assert status == 2
    assert f"{hundred_mb}: is 104,857,600 bytes, more than the {MAX_INPUT_BYTES:,} bytes ftpconf checks" in stderr
    assert peak_kib < 100 * 1024, f"peak {peak_kib} KiB"


def test_100_mb_on_standard_input_is_refused_with_bounded_memory(hundred_mb: Path) -> None:
    status, stderr, peak_kib = _peak_rss_kib("lint", "--dialect", "vsftpd", "-", stdin_file=hundred_mb)
    assert status == 2 and "<stdin>: is more than the" in stderr
    assert peak_kib < 100 * 1024, f"peak {peak_kib} KiB"


def test_100_mb_included_file_is_a_finding_at_the_include_line(hundred_mb: Path, tmp_path: Path) -> None:
    main = tmp_path / "proftpd.conf"
    main.write_text(f'ServerName "x"\nInclude {hundred_mb}\n')
    status, found = findings(main)
    assert status == 1 and (str(main), 2) in at(found, "FTP140")


# -- nesting and includes ------------------------------------------------------------------------------


def _deep(opener: str, closer: str, depth: int = 10_000) -> bytes:
    return ('ServerName "x"\n' + f"{opener}\n" * depth + "Umask 022\n" + f"{closer}\n" * depth).encode()


@pytest.mark.parametrize(
    ("opener", "closer", "fatal_line"),
    [
        ("<IfModule mod_core.c>", "</IfModule>", None),  # true conditionals nest without limit
        ("<IfDefine !NOPE>", "</IfDefine>", None),
        ("<IfModule mod_nope.c>", "</IfModule>", None),  # false: skipped unparsed, counting only the nesting
        ("<Directory /srv>", "</Directory>", 3),  # <Directory> in <Directory> is not allowed (P-matrix)
    ],
)
def test_10000_deep_nesting(opener: str, closer: str, fatal_line: int | None, tmp_path: Path) -> None:
    path = tmp_path / "proftpd.conf"
    path.write_bytes(_deep(opener, closer))
    _, found = findings(path)
    errors = sorted({d["line"] for d in found if d["severity"] == "error"})
    assert (errors[:1] == [fatal_line]) if fatal_line else not errors
    daemons.require_daemons()
    verdict = daemons.proftpd_configtest(path, module_path=False)
    assert verdict.accepted == (fatal_line is None), verdict.message
    if fatal_line:
        assert f"on line {fatal_line} of" in verdict.message


def test_include_self_loop(tmp_path: Path) -> None:
    """proftpd 1.3.8 has no loop detection and crashes with SIGSEGV (P173); pure-ftpd stops at 16 levels."""
    path = tmp_path / "proftpd.conf"
    path.write_text(f'ServerName "x"\nInclude {path}\n')
    status, found = findings(path)
    assert status == 1 and (str(path), 2) in at(found, "FTP142")
    daemons.require_daemons()
    assert daemons.proftpd_configtest(path, module_path=False).message == "killed by SIGSEGV"


def test_include_cycle_through_two_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.conf", tmp_path / "b.conf"
    main = tmp_path / "proftpd.conf"
    main.write_text(f'ServerName "x"\nInclude {a}\n')
    a.write_text(f"Include {b}\n")
    b.write_text(f"Include {a}\n")
    status, found = findings(main)
    assert status == 1 and at(found, "FTP142") == [(str(b), 1)]


def test_include_diamond_is_no_loop(tmp_path: Path) -> None:
    """The same file included along two paths is read twice; `proftpd -t` accepts it (checked here)."""
    leaf, left, right = tmp_path / "leaf.conf", tmp_path / "left.conf", tmp_path / "right.conf"
    main = tmp_path / "proftpd.conf"
    leaf.write_text("Umask 022\n")
    left.write_text(f"Include {leaf}\n")
    right.write_text(f"Include {leaf}\n")
    main.write_text(f'ServerName "x"\nInclude {left}\nInclude {right}\n')
    _, found = findings(main)
    assert not [d for d in found if d["severity"] == "error"]
    daemons.require_daemons()
    assert daemons.proftpd_configtest(main, module_path=False).accepted


@pytest.mark.parametrize(("dialect", "main_name"), [("proftpd", "proftpd.conf"), ("pureftpd", "pure-ftpd.conf")])
def test_include_ladder_stops_at_the_budget(dialect: str, main_name: str, tmp_path: Path) -> None:
    """Each file includes the next twice: 2^15 reads for 15 rungs (proftpd -t needs minutes for 2^16)."""
    rungs = 15
    for index in range(rungs):
        nxt = tmp_path / f"r{index + 1}.conf"
        (tmp_path / f"r{index}.conf").write_text(f"Include {nxt}\nInclude {nxt}\n")
    (tmp_path / f"r{rungs}.conf").write_text("# the last rung\n")
    main = tmp_path / main_name
    first = "ServerName x" if dialect == "proftpd" else "NoAnonymous yes"
    main.write_text(f"{first}\nInclude {tmp_path / 'r1.conf'}\n")
    _, found = findings(main)
    budget = at(found, "FTP010")
    assert len(budget) == 1, budget
    assert MAX_INCLUDED_READS == 1024


# -- files that are not files ---------------------------------------------------------------------------


def test_symlink_loop_as_the_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.conf", tmp_path / "b.conf"
    a.symlink_to(b)
    b.symlink_to(a)
    input_error(run("lint", "--dialect", "vsftpd", str(a)), str(a), "Too many levels of symbolic links")


def test_symlink_loop_as_an_include(tmp_path: Path) -> None:
    """proftpd: `warning: unable to include '…': Too many levels of symbolic links`, and it starts."""
    a, b = tmp_path / "a.conf", tmp_path / "b.conf"
    a.symlink_to(b)
    b.symlink_to(a)
    main = tmp_path / "proftpd.conf"
    main.write_text(f'ServerName "x"\nInclude {a}\n')
    _, found = findings(main)
    loops = [d for d in found if d["code"] == "FTP140" and d["line"] == 2]
    assert loops and "Too many levels of symbolic links" in loops[0]["message"]
    daemons.require_daemons()
    verdict = daemons.proftpd_configtest(main, module_path=False)
    assert verdict.accepted and "Too many levels of symbolic links" in verdict.raw.decode("latin-1")


@pytest.fixture
def locked_file() -> Iterator[Path]:
    """A config its reader may not open: mode 000, read as `nobody` when we are root (root ignores modes)."""
    folder = Path(tempfile.mkdtemp(prefix="ftpconf-locked-"))
    folder.chmod(0o755)
    path = folder / "vsftpd.conf"
    path.write_text("listen=YES\n")
    path.chmod(0)
    yield path
    shutil.rmtree(folder)


def _as_other_user() -> str | None:
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv") is None:
        pytest.fail("running as root: setpriv (util-linux) is needed to read as another user")
    return "nobody"


def test_unreadable_file(locked_file: Path) -> None:
    result = run("lint", str(locked_file), user=_as_other_user())
    input_error(result, str(locked_file), "Permission denied")


def test_unreadable_include(locked_file: Path) -> None:
    main = locked_file.parent / "proftpd.conf"
    main.write_text(f'ServerName "x"\nInclude {locked_file}\n')
    main.chmod(0o644)
    result = run("lint", "--format", "json", str(main), user=_as_other_user())
    found = json.loads(result.stdout)["diagnostics"]
    denied = [d for d in found if d["code"] == "FTP080" and d["line"] == 2]  # this user's, not the daemon's
    assert denied and "Permission denied" in denied[0]["message"]


def test_file_that_fails_to_read() -> None:
    """/proc/self/mem is a regular file whose read(2) at offset 0 fails with EIO, even for root."""
    input_error(run("lint", "--dialect", "vsftpd", "/proc/self/mem"), "/proc/self/mem", "Input/output error")


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "vsftpd.conf"
    folder.mkdir()
    input_error(run("lint", str(folder)), str(folder), "is a directory")
    input_error(run("lint", "--dialect", "proftpd", str(folder)), str(folder), "is a directory")


def test_fifo_and_device_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "vsftpd.conf"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    input_error(run("lint", str(fifo)), str(fifo), "is not a regular file")  # would block forever if opened
    input_error(run("lint", "--dialect", "vsftpd", "/dev/zero"), "/dev/zero", "is not a regular file")


def test_closed_standard_input() -> None:
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *FTPCONF, "lint", "--dialect", "vsftpd", "-"],
        capture_output=True,
        cwd=ROOT,
        timeout=HANG_GUARD,
    )
    assert b"Traceback" not in result.stderr
    input_error(result, "<stdin>", "standard input is closed")


def test_empty_standard_input_is_an_empty_file() -> None:
    """Not hostile, the look-alike: /dev/null is an open, empty stdin, linted as an empty vsftpd.conf."""
    result = run("lint", "--dialect", "vsftpd", "--format", "json", "-", stdin=b"")
    assert result.returncode == 1 and json.loads(result.stdout)["errors"] == []


def test_nul_byte_in_a_file_name(tmp_path: Path) -> None:
    """A command line naming `pure\\0ftpd.conf`: no file can have that name (found by test_fuzz_corpus)."""
    path = tmp_path / "pure-ftpd.cmdline"
    path.write_bytes(b"/usr/sbin/pure-ftpd /etc/pure\x00ftpd.conf\n")
    _, found = findings(path)
    assert any("cannot contain a NUL byte" in d["message"] and d["line"] == 1 for d in found), found
