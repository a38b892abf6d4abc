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


@pytest.mark.parametrize("output_format", ["json", "sarif", "github"])
def test_an_unreadable_input_is_a_finding_beside_a_readable_one(output_format: str, tmp_path: Path) -> None:
    """Exit 2, and the unreadable file is an FTP019 error among the findings, not an empty list beside `errors`."""
    good = tmp_path / "vsftpd.conf"
    good.write_text("listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n")
    missing = tmp_path / "missing.conf"
    result = CliRunner().invoke(main, ["lint", "--isolated", "--format", output_format, str(missing), str(good)])
    assert result.exit_code == 2
    if output_format == "json":
        import json

        [finding] = [d for d in json.loads(result.stdout)["diagnostics"] if d["path"] == str(missing)]
        assert (finding["code"], finding["severity"], finding["message"]) == ("FTP019", "error", "no such file")
    elif output_format == "sarif":
        assert '"ruleId": "FTP019"' in result.stdout
    else:
        assert f"::error file={missing},line=1,col=1,title=FTP019 unreadable-input::" in result.stdout
