"""``ftpconf probe`` on loopback: its options, its errors, its JSON, and that no password ever shows.

The scenarios against the three daemons behind firewalls and NATs are in tests/test_probe_netns.py; the
FTP7xx rules each have a fixture under tests/fixtures/rules/FTP7xx (a saved observation beside a file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ftpconf.cli import main
from ftpconf.commands.probe import split_address
from ftpconf.probe.observation import Observation
from tests import daemons
from tests.conftest import FIXTURES

RUNNER = CliRunner(env={"NO_COLOR": "1"})
SECRET = "s3cret-do-not-print"


def run(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(main, ["probe", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ftp.example.com", ("ftp.example.com", 21)),
        ("192.0.2.1:2121", ("192.0.2.1", 2121)),
        ("[2001:db8::1]:990", ("2001:db8::1", 990)),
        ("2001:db8::1", ("2001:db8::1", 21)),
    ],
)
def test_host_and_port(text: str, expected: tuple[str, int]) -> None:
    assert split_address(text) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give HOST[:PORT] to probe, or --observed FILE"),
        (("127.0.0.1:0",), "is not HOST[:PORT]"),
        (("127.0.0.1", "--format", "sarif"), "--format sarif reports findings: it needs --config"),
        (("127.0.0.1", "--user", "alice"), "--user needs --password-file"),
        (("--observed", str(FIXTURES / "rules" / "FTP701" / "fires" / "vsftpd.conf")), "not a probe observation"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    status, _, stderr = run(*args)
    assert status == 2
    assert message in stderr and "Traceback" not in stderr


def test_an_observation_round_trips_through_json() -> None:
    saved = (FIXTURES / "rules" / "FTP705" / "fires" / "observed.json").read_text()
    assert Observation.from_json(saved).to_json() == saved


def test_a_closed_port_is_a_clear_error() -> None:
    port = daemons.free_port()
    status, stdout, stderr = run(f"127.0.0.1:{port}", "--timeout", "1")
    assert status == 2 and not stdout
    assert stderr == f"ftpconf: error: 127.0.0.1:{port}: cannot open the control connection: connection refused\n"


def test_a_password_is_read_from_its_file_and_never_printed(tmp_path: Path) -> None:
    """vsftpd with local users off refuses the login: the reply is shown, the password nowhere."""
    daemons.require_daemons()
    secret = tmp_path / "password"
    secret.write_text(SECRET + "\n")
    with daemons.running_vsftpd(b"anonymous_enable=YES\nlocal_enable=NO\n") as (host, port):
        status, stdout, stderr = run(f"{host}:{port}", "--user", "alice", "--password-file", str(secret))
    assert status == 2
    assert stderr.startswith(f"ftpconf: error: {host}:{port}: login as alice refused: 530")
    assert SECRET not in stdout + stderr


def test_without_a_configuration_it_reports_what_it_saw(tmp_path: Path) -> None:
    """The text and the JSON of one vsftpd on loopback; with the file it runs on, no finding (exit 0)."""
    daemons.require_daemons()
    config = b"anonymous_enable=YES\nlocal_enable=NO\npasv_min_port=31000\npasv_max_port=31003\nport_enable=NO\n"
    (tmp_path / "vsftpd.conf").write_bytes(b"listen=YES\n" + config)
    with daemons.running_vsftpd(config) as (host, port):
        status, text, _ = run(f"{host}:{port}", "--timeout", "2")
        _, saved, _ = run(f"{host}:{port}", "--timeout", "2", "--format", "json", "--samples", "3")
        checked, report, _ = run(f"{host}:{port}", "--timeout", "2", "--config", str(tmp_path / "vsftpd.conf"))
    assert status == 0
    assert "PASV  accepted  227 Entering Passive Mode (127,0,0,1," in text
    assert "PORT  refused   550 Permission denied." in text
    seen = json.loads(saved)
    assert len(seen["passive_ports"]) == 6 and all(31000 <= p <= 31003 for p in seen["passive_ports"])
    assert seen["user"] == "anonymous" and "password" not in saved
    assert checked == 0 and report.endswith("no findings\n"), report
    (tmp_path / "observed.json").write_text(saved)
    replayed, again, _ = run("--observed", str(tmp_path / "observed.json"), "--config", str(tmp_path / "vsftpd.conf"))
    assert replayed == 0 and again.endswith("no findings\n")


def test_a_virtual_host_is_judged_by_its_own_settings(tmp_path: Path) -> None:
    """proftpd: the <VirtualHost> bound to the probed address is the server compared, not the main one."""
    from ftpconf.lint import lint_path
    from ftpconf.probe.compare import compare, server_for

    config = tmp_path / "proftpd.conf"
    config.write_text(
        "ServerType standalone\nPort 21\nPassivePorts 30000 30009\n"
        "<VirtualHost 192.0.2.7>\n  Port 21\n  PassivePorts 40000 40009\n</VirtualHost>\n"
    )
    model = lint_path(str(config)).config
    seen = Observation.from_json((FIXTURES / "rules" / "FTP703" / "fires" / "observed.json").read_text())
    assert seen.address == "192.0.2.7" and set(seen.passive_ports) <= set(range(40000, 40010))
    assert server_for(model, seen).passive.effective_range.low == 40000
    assert compare(model, seen) == []
