"""The text report: a code frame per finding, colour only on a terminal, NO_COLOR and --color respected."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from tests.cli import run_cli
from tests.conftest import ROOT

SAMPLE = "samples/vsftpd-swapped-range.conf"
ESC = b"\x1b["


def on_a_terminal(*args: str, env: dict[str, str]) -> bytes:
    """Run ``ftpconf lint`` with stdout on a pseudo-terminal, as a person at a shell would."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ftpconf.cli", "lint", "--isolated", *args],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            timeout=120,
        )
        os.close(follower)
        follower = -1
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other side is closed and drained
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert proc.returncode == 1, proc.stderr
    return out


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**env, **extra}


def test_colour_on_a_terminal() -> None:
    out = on_a_terminal(SAMPLE, env=clean_env())
    assert ESC + b"1;33mwarning" in out
    assert b"FTP201" in out


@pytest.mark.parametrize(("env", "args"), [({"NO_COLOR": "1"}, ()), ({}, ("--no-color",))])
def test_no_color_or_no_colour_flag_on_a_terminal(env: dict[str, str], args: tuple[str, ...]) -> None:
    out = on_a_terminal(*args, SAMPLE, env=clean_env(**env))
    assert ESC not in out and b"FTP201 warning" in out


def test_no_colour_in_a_pipe_unless_asked() -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "ftpconf.cli", "lint", "--isolated", SAMPLE], capture_output=True, cwd=ROOT, timeout=120
    )
    assert ESC not in piped.stdout
    forced = subprocess.run(
        [sys.executable, "-m", "ftpconf.cli", "lint", "--isolated", "--color", SAMPLE],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env=clean_env(NO_COLOR="1"),  # an explicit --color wins over NO_COLOR
    )
    assert ESC + b"1;33mwarning" in forced.stdout


def test_every_finding_has_a_code_frame() -> None:
    out = run_cli("lint", "--isolated", "--no-color", SAMPLE).stdout
    lines = (ROOT / SAMPLE).read_text().split("\n")
    headers = [i for i, line in enumerate(out.split("\n")) if line.startswith(SAMPLE + ":")]
    assert headers
    shown = out.split("\n")
    for i in headers:
        number = int(shown[i].split(":")[1])
        assert shown[i + 1] == f"{number:>5} | {lines[number - 1]}"
        assert shown[i + 2].startswith("      | ") and "^" in shown[i + 2]


def test_statistics_counts_each_code() -> None:
    out = run_cli("lint", "--isolated", "--statistics", SAMPLE, SAMPLE).stdout
    rows = {line.split()[1]: int(line.split()[0]) for line in out.splitlines() if line.split()[1].startswith("FTP")}
    assert rows["FTP201"] == 2  # the same file twice
    assert out.splitlines()[-1].startswith(f"{sum(rows.values())} findings")
    as_json = run_cli("lint", "--isolated", "--statistics", "--format", "json", SAMPLE).stdout
    assert {r["code"]: r["count"] for r in json.loads(as_json)}["FTP201"] == 1


def test_a_long_line_is_framed_around_the_caret() -> None:
    from ftpconf.report.text import FRAME, _window

    line = "x" * 3000 + "BAD" + "y" * 3000
    shown, lead, width = _window(line, 3000, 3)
    assert shown.startswith("…") and shown.endswith("…") and len(shown) == FRAME + 2
    assert shown[lead : lead + width] == "BAD"  # the caret still stands under the token
    assert _window("short line", 6, 4) == ("short line", 6, 4)
    tail, lead, width = _window("z" * 500 + "END", 500, 3)
    assert not tail.endswith("…") and tail[lead : lead + width] == "END"
