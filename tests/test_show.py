"""``ftpconf show``: the data-connection picture and the settings table, per server, in text, SVG, HTML and JSON.

Golden files under tests/golden/show/ hold the whole rendered output for every sample; each was
checked by eye (the SVGs rendered to PNG) against docs/daemons/*.md: vsftpd's inverted range runs
to 65535, proftpd's <Limit PASV> leaves EPSV open, the 227 reply carries pasv_address /
MasqueradeAddress / ForcePassiveIP while the 229 reply carries no address.  Regenerate them with
``FTPCONF_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_show.py`` and look at the diff before committing.

The one line that summarises ``ftpconf lint`` is masked in the goldens (the rule set grows on its
own); test_findings_line checks it separately.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ftpconf.lint import LintResult, lint_invocation, lint_path
from ftpconf.show import page, report, svg
from tests.cli import run_cli_bytes
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "show"
INPUTS = GOLDEN / "inputs"
UPDATE = os.environ.get("FTPCONF_UPDATE_GOLDEN") == "1"

# Every sample, plus inputs that exercise what the samples do not: several servers, a Debian conf
# directory, a vsftpd command line whose -o setting refuses PORT/EPRT.
CASES: dict[str, str] = {
    **{p.stem: f"samples/{p.name}" for p in sorted((ROOT / "samples").glob("*.conf"))},
    "proftpd-vhosts": "tests/golden/show/inputs/proftpd-vhosts.conf",
    "debian-pure-ftpd": "tests/golden/show/inputs/debian-pure-ftpd/conf",
    "vsftpd-cmdline-no-port": "vsftpd -oport_enable=NO samples/vsftpd-clean.conf",
}
FINDINGS = re.compile(r"ftpconf lint: [^\n<]*(\n  [^\n]*)*")


def result_of(case: str) -> LintResult:
    target = CASES[case]
    return lint_invocation(target) if target.startswith("vsftpd ") else lint_path(target)


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the output are as given: relative to the repository


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    masked = FINDINGS.sub("ftpconf lint: (masked in golden files)", actual)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(masked, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run FTPCONF_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert masked == expected, f"{name} differs from its golden file; FTPCONF_UPDATE_GOLDEN=1 regenerates it"


def test_every_sample_has_a_case() -> None:
    samples = {p.stem for p in (ROOT / "samples").glob("*.conf")}
    assert samples and samples <= CASES.keys()
    dialects = {result_of(case).dialect for case in CASES}
    assert dialects == {"vsftpd", "proftpd", "pureftpd"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_golden(case: str) -> None:
    text = report.render_text([result_of(case)])
    check_golden(f"{case}.txt", text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_svg_golden(case: str) -> None:
    picture = svg.render([result_of(case)])
    ET.fromstring(picture)  # well-formed, standalone
    check_golden(f"{case}.svg", picture)


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_fits_100_columns_and_reads_without_colour(case: str) -> None:
    result = result_of(case)
    plain = report.render_text([result])
    coloured = report.render_text([result], color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain  # colour only repeats what the text says
    assert max(len(line) for line in plain.splitlines()) <= 100
    ascii_text = report.render_text([result], ascii_only=True)
    assert ascii_text.isascii()
    assert [len(line) for line in ascii_text.splitlines()] == [len(line) for line in plain.splitlines()]


def section(text: str, title: str) -> str:
    """The lines of a text report from a heading to the next blank line."""
    start = text.index(title)
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else len(text)]


def arrow_row(text: str, command: str) -> str:
    """The arrow line drawn right under a command's label in the picture."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if f"│ {command} " in line)
    return lines[index + 1]


def test_vsftpd_inverted_range_shows_declared_and_effective() -> None:
    text = report.render_text([result_of("vsftpd-swapped-range")])
    # docs/daemons/vsftpd.md §4: min=20480 max=10240 -> the max is ignored, ports 20480-65535
    assert re.search(r"≠ passive port range +20480-65535 +line 9: pasv_min_port=20480", text)
    assert "line 8: pasv_max_port=10240" in text
    assert "└ declared 20480-10240, the daemon uses 20480-65535" in text
    assert "│ ports 20480-65535" in arrow_row(text, "PASV")
    assert re.search(r"20480-65535 +passive", section(text, "Ports to open"))


def test_proftpd_limit_pasv_leaves_epsv_open() -> None:
    text = report.render_text([result_of("proftpd-seed-deny-port")])
    # docs/daemons/proftpd.md §7 "EPRT/EPSV bypass": <Limit PASV> DenyAll -> PASV 501, EPSV 229
    assert "│ PASV ✗ · refused (501), line 14" in text
    assert "╌✗│ (no port opened)" in arrow_row(text, "PASV")
    assert "│ EPSV ✓ · reply 229 (|||port|): same address as control" in text
    assert "─▶│ ports 11100-11111" in arrow_row(text, "EPSV")
    assert "◀─" in arrow_row(text, "PORT") and "◀─" in arrow_row(text, "EPRT")
    assert "PASV is refused but EPSV is not" in text
    why = section(text, "Why each command")
    assert re.search(r"PASV +✗ REFUSED +line 14: DenyAll", why)
    assert re.search(r"EPSV +✓ accepted", why)


def test_advertised_address_is_on_the_pasv_arrow_only() -> None:
    for case, address in (("vsftpd-clean", "203.0.113.10"), ("pure-ftpd", "192.168.1.10")):
        text = report.render_text([result_of(case)])
        assert f"▶ {address} ─" in arrow_row(text, "PASV")
        assert address not in arrow_row(text, "EPSV")  # the 229 reply has no address
        assert "reply 227 (" + address.replace(".", ",") + ",p1,p2)" in text
    no_address = report.render_text([result_of("vsftpd-swapped-range")])
    assert "reply 227 names the server's own address" in no_address


def test_pureftpd_client_cap_is_flagged() -> None:
    text = report.render_text([result_of("pure-ftpd")])
    # docs/daemons/pureftpd.md §4: the client limit is capped by the passive range (FTP260)
    assert re.search(r"≠ max clients +5 +line 6: PassivePortRange 30000:30009", text)
    assert "└ declared 50, the daemon uses 5" in text
    assert "pure-ftpd answers 425 and does not fall back" in text
    assert "TLS is on: a firewall's FTP helper cannot read" in text


def test_several_servers_get_a_section_each() -> None:
    text = report.render_text([result_of("proftpd-vhosts")])
    main = text[: text.index("(proftpd, VirtualHost 10.0.0.5)")]
    vhost = text[text.index("(proftpd, VirtualHost 10.0.0.5)") :]
    assert "(proftpd, main server)" in main
    assert "✗ · refused (501), line 9" in main and "▶ 198.51.100.4 ─" in arrow_row(main, "PASV")
    assert "┤ (does not connect)" in arrow_row(main, "PORT")
    assert "│ 10.0.0.5, IPv4+IPv6" in vhost and "│ port 2121" in arrow_row(vhost, "control")
    assert "refused (501), line 16" in arrow_row(vhost, "PASV") or "line 16" in vhost
    assert "╌✗│" in arrow_row(vhost, "PASV") and "╌✗│" in arrow_row(vhost, "EPSV")
    # A VirtualHost does not inherit the main server's PassivePorts: only the control port is to open.
    ports = section(vhost, "Ports to open")
    assert re.search(r"2121 +control", ports) and "passive " not in ports


def test_debian_conf_dir_origins_name_the_file() -> None:
    text = report.render_text([result_of("debian-pure-ftpd")])
    assert "conf/PassivePortRange:1: PassivePortRange 30000:30049" in text
    assert "▶ 198.51.100.7 ─" in arrow_row(text, "PASV")


def test_command_line_setting_refuses_active_mode() -> None:
    text = report.render_text([result_of("vsftpd-cmdline-no-port")])
    assert "<command line>:1: port_enable=NO" in section(text, "Why each command")
    assert "✗╌" in arrow_row(text, "PORT") and "✗╌" in arrow_row(text, "EPRT")


def test_refusing_daemon_is_announced() -> None:
    text = report.render_text([result_of("vsftpd-typos")])
    assert "! vsftpd refuses to start with this file (2 errors: FTP101)" in text
    # pasv_enalbe is a typo: passive mode stays at its default (on) with the hidden minimum 5001
    assert "│ ports 5001-65535" in arrow_row(text, "PASV")


def test_findings_line() -> None:
    assert "FTP201" in report.findings_line(result_of("vsftpd-swapped-range"))
    assert report.findings_line(result_of("vsftpd-clean")) == "ftpconf lint: no findings"


def test_svg_draws_refused_commands_dashed_with_their_reason() -> None:
    root = ET.fromstring(svg.render([result_of("proftpd-seed-deny-port")]))
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "PASV ✗ · refused (501), line 14" in texts
    assert "refused by line 14: DenyAll" in texts
    dashed = [e for e in root.iter("{http://www.w3.org/2000/svg}line") if e.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert "advertised in the 227 reply" in svg.render([result_of("vsftpd-clean")])


def test_html_page_embeds_the_picture_and_the_table() -> None:
    html = page.render([result_of("vsftpd-swapped-range")])
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg ") == 1
    assert '<tr class="differs"><td>passive port range</td><td class="value">20480-65535' in html


def test_json_carries_channels_and_origins() -> None:
    document = json.loads(report.render_json([result_of("proftpd-seed-deny-port")], []))
    server = document["files"][0]["servers"][0]
    accepted = {c["command"]: c["accepted"] for c in server["channels"]}
    assert accepted == {"control": True, "PASV": False, "EPSV": True, "PORT": True, "EPRT": True}
    ports = {p["purpose"]: p["ports"] for p in server["inbound"]}
    assert ports == {"control": "21", "passive": "11100-11111"}
    rng = next(r for r in server["settings"] if r["label"] == "passive port range")
    assert rng["origin"]["line"] == 8 and rng["differs"] is None


# --- the command line ---------------------------------------------------------------------------


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return run_cli_bytes("show", *args, stdin=stdin, env={"NO_COLOR": None})  # colour as a pipe gets it


def test_cli_text_from_stdin_and_from_a_file() -> None:
    data = (ROOT / "samples" / "vsftpd-clean.conf").read_bytes()
    from_stdin = run("--dialect", "vsftpd", "-", stdin=data)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout.decode().startswith("═══ <stdin> (vsftpd)")
    from_file = run("samples/vsftpd-clean.conf")
    assert from_file.returncode == 0
    # The same picture and table; only the heading names the input differently.
    assert from_file.stdout.split(b"\n")[1:] == from_stdin.stdout.split(b"\n")[1:]
    assert b"\x1b[" not in from_file.stdout  # not a terminal
    assert b"\x1b[" in run("--color", "samples/vsftpd-clean.conf").stdout


def test_cli_formats_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "picture.svg"
    result = run("--format", "svg", "-o", str(target), "samples/pure-ftpd.conf")
    assert result.returncode == 0 and result.stdout == b""
    ET.fromstring(target.read_text(encoding="utf-8"))
    assert run("--format", "html", "samples/pure-ftpd.conf").stdout.startswith(b"<!DOCTYPE html>")
    assert json.loads(run("--format", "json", "samples/pure-ftpd.conf").stdout)["files"][0]["dialect"] == "pureftpd"


def test_cli_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nope.conf"))
    assert missing.returncode == 2
    message = missing.stderr.decode()
    assert message.startswith("ftpconf: error: ") and str(tmp_path / "nope.conf") in message
    unknown = run("-", stdin=b"just some words\n")
    assert unknown.returncode == 2 and b"use --dialect" in unknown.stderr
    bad_dialect = run("--dialect", "wu-ftpd", "samples/vsftpd-clean.conf")
    assert bad_dialect.returncode == 2
    nothing = run()
    assert nothing.returncode == 2 and b"nothing to show" in nothing.stderr
    unwritable = run("-o", str(tmp_path / "no-such-dir" / "x.txt"), "samples/vsftpd-clean.conf")
    assert unwritable.returncode == 2 and b"cannot write" in unwritable.stderr
    for result in (missing, unknown, bad_dialect, nothing, unwritable):
        assert b"Traceback" not in result.stderr


def test_colour_follows_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """show and lint decide colour in one place (tests/test_cli_conventions.py covers FORCE_COLOR)."""
    from ftpconf.commands._report import use_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert use_color(None) is True
    assert use_color(None, terminal=False) is False  # show -o FILE
    assert use_color(False) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(None) is False
    assert use_color(True) is True
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    monkeypatch.delenv("NO_COLOR")
    assert use_color(None) is False
