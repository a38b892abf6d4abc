"""Exit statuses a caller can rely on (invariant 4 in docs/architecture.md#invariants): a bug is 2 with a
one-line report naming the input, never a traceback; Ctrl-C is 130."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ftpconf.cli import main
from ftpconf.dialects.vsftpd import dialect as vsftpd_dialect

SECRET = "s3cr3t-in-the-exception"


def _lint(tmp_path: Path) -> tuple[int, str]:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text("listen=YES\n")
    result = CliRunner().invoke(main, ["lint", str(conf)])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_an_internal_error_exits_2_and_names_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(vsftpd_dialect.VsftpdCode, "read", broken)
    status, output = _lint(tmp_path)
    assert status == 2
    assert "ftpconf: internal error while reading" in output and "vsftpd.conf: RuntimeError at" in output
    assert "Traceback" not in output and SECRET not in output  # the message may quote the input: left out


def test_ctrl_c_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(vsftpd_dialect.VsftpdCode, "read", interrupted)
    status, output = _lint(tmp_path)
    assert status == 130
    assert "Aborted!" not in output
