"""Prove tests/daemons.py against the facts in docs/daemons/*.md (measured on the same Debian
binaries). Where a binary disagreed with the tables, the case follows the binary and says so.

Outside CI these tests skip when the daemons cannot be provisioned; under CI=true they fail.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import NamedTuple

import pytest

from tests import daemons
from tests.vsftpd_reference_cases import (
    CASES,
    STANDALONE_CASES,
    STARTUP_CASES,
    Case,
)


@pytest.fixture(scope="module", autouse=True)
def _provisioned() -> None:
    daemons.require_daemons()


# --- vsftpd -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES + STARTUP_CASES, ids=lambda c: c.id)
def test_vsftpd_reference_case(case: Case) -> None:
    verdict = daemons.vsftpd_verdict(case.config)
    assert (verdict.accepted, verdict.message) == (case.accepted, case.message)


@pytest.mark.parametrize("case", STANDALONE_CASES, ids=lambda c: c.id)
def test_vsftpd_standalone_case(case: Case) -> None:
    verdict = daemons.vsftpd_standalone_verdict(case.config)
    assert (verdict.accepted, verdict.message) == (case.accepted, case.message)


def test_vsftpd_raw_is_what_the_daemon_wrote() -> None:
    verdict = daemons.vsftpd_verdict(b"pasv_enable=on\n")
    assert verdict.raw == b"500 OOPS: bad bool value in config file for: pasv_enable\r\n"


def test_vsftpd_argv_extra_overrides_the_file() -> None:
    # N34: arguments are applied left to right, so -o after the file wins.
    verdict = daemons.vsftpd_verdict(b"ftpd_banner=one\n", ["-oftpd_banner=two"])
    assert verdict.message == "220 two"


def test_vsftpd_config_file_is_byte_exact() -> None:
    # §1: only the first 100 000 bytes are read; a line crossing the cap is cut. This holds
    # only because the host settings go on the command line, not into the file.
    filler = b"#" + b"x" * 99990 + b"\n"
    assert len(filler) == 99992
    verdict = daemons.vsftpd_verdict(filler + b"pasv_enable=maybe\n")
    assert verdict.message == "missing value in config file for: pasv_ena"


def test_vsftpd_inetd_verdict_never_goes_standalone() -> None:
    # Debian's shipped config has listen_ipv6=YES; the harness keeps inetd mode.
    assert daemons.vsftpd_verdict(b"listen_ipv6=YES\n").accepted


# --- proftpd ----------------------------------------------------------------------------------


class ProCase(NamedTuple):
    id: str
    config: bytes
    accepted: bool
    message: str
    defines: tuple[str, ...] = ()


def _on(line: int) -> str:
    return f" on line {line} of 'main.conf'"


PROFTPD_CASES = [
    ProCase("P3", b'ServerName "x" # comment\n', True, ""),
    ProCase("P8", b"ServerName x\r\nPort 2121\r\n", True, ""),
    ProCase(
        "P10",
        b"\xef\xbb\xbfServerName x\n",
        False,
        "fatal: unknown configuration directive '\xef\xbb\xbfServerName'" + _on(1),
    ),
    ProCase(
        "P13",
        b"ServerName x",
        True,
        "warning: handling possibly truncated configuration data at line 0 of 'main.conf'",
    ),
    ProCase("P16", b"servername x\n", True, ""),
    ProCase("P20", b"FooBar on\n", False, "fatal: unknown configuration directive 'FooBar'" + _on(1)),
    ProCase(
        "P21",
        b"PasivePorts 30000 30010\n",
        False,
        "fatal: unknown configuration directive 'PasivePorts'" + _on(1),
    ),
    ProCase("P45", b"UseIPv6 enable\n", False, "fatal: UseIPv6: expected Boolean parameter" + _on(1)),
    ProCase(
        "P56",
        b"<Limit READ>\nDenyAll\n",
        False,
        "fatal: error processing configuration file 'main.conf': unclosed configuration section",
    ),
    ProCase(
        "P62",
        b"</Limit>\n",
        False,
        "fatal: </Limit>: directive not allowed in server config context" + _on(1),
    ),
    ProCase(
        "P70",
        b"<Limit READ>\nDenyAll\n</Limit READ>\n",
        False,
        "fatal: </Limit>: wrong number of parameters" + _on(3),
    ),
    ProCase(
        "P82",
        b"<Limit>\n</Limit>\n",
        False,
        "fatal: <Limit>: directive requires one or more commands" + _on(1),
    ),
    ProCase(
        "P113",
        b"DenyAll\n",
        False,
        "fatal: DenyAll: directive not allowed in server config context" + _on(1),
    ),
    ProCase(
        "P124",
        b"<Limit LOGIN>\nAllow from 999.1.1.1\n</Limit>\n",
        False,
        "fatal: Allow: bad ACL definition '999.1.1.1': No such file or directory" + _on(2),
    ),
    ProCase(
        "P133",
        b"<Limit LOGIN>\nOrder allow deny\n</Limit>\n",
        False,
        "fatal: Order: 'allowdeny': invalid argument" + _on(2),
    ),
    ProCase(
        "P141",
        b"PassivePorts 40000 30000\n",
        False,
        "fatal: PassivePorts: min port must be less than max port" + _on(1),
    ),
    ProCase(
        "P142",
        b"PassivePorts 30000 30000\n",
        False,
        "fatal: PassivePorts: min port must be less than max port" + _on(1),
    ),
    ProCase(
        "P143",
        b"PassivePorts 100 200\n",
        False,
        "fatal: PassivePorts: port numbers must be above 1023" + _on(1),
    ),
    ProCase("P144", b"PassivePorts 1024 65535\n", True, ""),
    ProCase("P153", b"Port 70000\n", False, "fatal: Port: value must be between 0 and 65535" + _on(1)),
    ProCase("P156", b"Umask 999\n", False, "fatal: Umask: '999' is not a valid umask" + _on(1)),
    ProCase(
        "P159",
        b"AllowOverwrite maybe\n",
        False,
        "fatal: AllowOverwrite: expected boolean parameter" + _on(1),
    ),
    ProCase(
        "P161",
        b"Include inc.conf\n",
        False,
        "fatal: Include: unable to use path for configuration file 'inc.conf'" + _on(1),
    ),
    ProCase("P197", b"<IfDefine FOO>\nTotallyBogus\n</IfDefine>\n", True, ""),
    ProCase(
        "P198",
        b"<IfDefine FOO>\nTotallyBogus\n</IfDefine>\n",
        False,
        "fatal: unknown configuration directive 'TotallyBogus'" + _on(2),
        ("FOO",),
    ),
    # P205/P222/P226: the reference file had ModulePath on line 1; ours is hidden, so every
    # line number is one less than in the table.
    ProCase(
        "P205",
        b"LoadModule mod_ifversion.c\n<IfVersion >= 1.3.8>\nTotallyBogus\n</IfVersion>\n",
        False,
        "fatal: unknown configuration directive 'TotallyBogus'" + _on(3),
    ),
    ProCase(
        "P206",
        b"LoadModule mod_ifversion.c\n<IfVersion < 1.3.8>\nTotallyBogus\n</IfVersion>\n",
        True,
        "",
    ),
    ProCase(
        "P222",
        b"LoadModule mod_ban\n",
        False,
        "fatal: LoadModule: error loading module 'mod_ban': Invalid argument" + _on(1),
    ),
    ProCase(
        "P226",
        b"BanEngine on\nLoadModule mod_ban.c\n",
        False,
        "fatal: unknown configuration directive 'BanEngine'" + _on(1),
    ),
]


@pytest.mark.parametrize("case", PROFTPD_CASES, ids=lambda c: c.id)
def test_proftpd_reference_case(case: ProCase) -> None:
    verdict = daemons.proftpd_configtest(case.config, case.defines)
    assert (verdict.accepted, verdict.message) == (case.accepted, case.message)


def test_proftpd_without_module_path_uses_the_compiled_in_directory() -> None:
    # P219: the compiled-in /usr/lib/proftpd does not exist here.
    verdict = daemons.proftpd_configtest(b"LoadModule mod_ban.c\n", module_path=False)
    assert not verdict.accepted
    assert verdict.message == (
        "fatal: LoadModule: error loading module 'mod_ban.c': No such file or directory" + _on(1)
    )
    assert b"'/usr/lib/proftpd/mod_ban.la'" in verdict.raw


def test_proftpd_include_loop_crashes(tmp_path: Path) -> None:
    # P173: no loop detection, proftpd -t dies with SIGSEGV. A Path keeps its own name.
    conf = tmp_path / "loop.conf"
    conf.write_bytes(f"Include {conf}\n".encode())
    verdict = daemons.proftpd_configtest(conf)
    assert (verdict.accepted, verdict.message) == (False, "killed by SIGSEGV")


def test_proftpd_path_messages_use_the_callers_path(tmp_path: Path) -> None:
    conf = tmp_path / "site.conf"
    conf.write_bytes(b"ServerName x\nFooBar\n")
    expected = f"fatal: unknown configuration directive 'FooBar' on line 2 of '{conf}'"
    assert daemons.proftpd_configtest(conf).message == expected
    assert daemons.proftpd_configtest(conf, module_path=False).message == expected


# --- pure-ftpd --------------------------------------------------------------------------------

WELCOME = "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------"


class PureCase(NamedTuple):
    id: str
    args: tuple[str, ...] | None
    config: bytes | None
    accepted: bool
    message: str


PUREFTPD_CASES = [
    PureCase("F1", None, b"", True, WELCOME),
    PureCase(
        "F4",
        None,
        b"NoAnonymous yes # comment\n",
        False,
        "Configuration error\npure-ftpd.conf:1:16: syntax error line 1: [ # comment].",
    ),
    PureCase(
        "F13",
        None,
        b"NoAnonymousyes\n",
        False,
        "Configuration error\npure-ftpd.conf:1:12: syntax error line 1: [yes].",
    ),
    PureCase("F21", None, b"NoAnonymous true\n", True, WELCOME),
    PureCase(
        "F37",
        None,
        b"FooBar yes\n",
        False,
        "Configuration error\npure-ftpd.conf:1:1: property not found line 1: [FooBar yes].",
    ),
    PureCase(
        "F40",
        None,
        b"PassivePortRange 40000 30000\n",
        False,
        "Configuration error: Illegal ports range: 40000:30000",
    ),
    PureCase("F41", None, b"PassivePortRange 30000 30000\n", True, WELCOME),
    PureCase(
        "F44",
        None,
        b"PassivePortRange 30000:30010\n",
        False,
        "Configuration error\npure-ftpd.conf:1:1: syntax error line 1: [PassivePortRange 30000:30010].",
    ),
    PureCase(
        "F62",
        None,
        b"ForcePassiveIP ftp.example.com\n",
        False,
        "Illegal forced IP for passive connections",
    ),
    PureCase(
        "F84",
        None,
        b"\xef\xbb\xbfNoAnonymous yes\n",
        False,
        "Configuration error\npure-ftpd.conf:1:1: property not found line 1: [\xef\xbb\xbfNoAnonymous yes].",
    ),
    PureCase("F93", ("-E",), b"NoAnonymous yes\n", False, 'Invalid argument: "pure-ftpd.conf"'),
    PureCase(
        "F96",
        ("-p", "40000:30000"),
        None,
        False,
        "Configuration error: Illegal ports range: 40000:30000",
    ),
    PureCase("F97", ("-p", "30000:30000"), None, True, WELCOME),
    PureCase(
        "F107",
        ("-8", "UTF-8"),
        None,
        False,
        "Unknown run-time option\nusr/sbin/pure-ftpd: invalid option -- '8'",
    ),
    PureCase("F111", ("-c", "0"), None, False, "Configuration error: Illegal user limit: 0"),
    PureCase("F117", ("-EN",), None, True, WELCOME),
    PureCase("F118", ("-E", "junk"), None, False, 'Invalid argument: "junk"'),
    # Harness behaviour, not a reference row: daemonizing is caught by the PID namespace.
    PureCase("daemonize", None, b"Daemonize yes\n", True, "daemonized"),
]


@pytest.mark.parametrize("case", PUREFTPD_CASES, ids=lambda c: c.id)
def test_pureftpd_reference_case(case: PureCase) -> None:
    verdict = daemons.pureftpd_verdict(case.args, case.config)
    assert (verdict.accepted, verdict.message) == (case.accepted, case.message)


# --- runtime probes ---------------------------------------------------------------------------


def test_probe_vsftpd_inverted_range_ignores_max() -> None:
    # §4: min=40000 max=30000 is no error; max is ignored, so the range is 40000-65535.
    probe = daemons.probe_vsftpd(b"pasv_min_port=40000\npasv_max_port=30000\n")
    assert probe.code("PASV") == 227 and probe.pasv_host == "127.0.0.1"
    assert len(probe.pasv_ports) == 20
    assert all(40000 <= port <= 65535 for port in probe.pasv_ports)


def test_probe_vsftpd_mode_switches() -> None:
    probe = daemons.probe_vsftpd(b"pasv_enable=NO\nport_enable=NO\n", samples=2)
    assert {cmd: probe.code(cmd) for cmd in probe.replies} == dict.fromkeys(("PASV", "EPSV", "PORT", "EPRT"), 550)
    assert probe.port_range is None
    probe = daemons.probe_vsftpd(b"pasv_address=192.0.2.7\n", samples=2)
    assert probe.pasv_host == "192.0.2.7" and probe.code("EPSV") == 229


def test_probe_proftpd_limit_port_leaves_eprt_open() -> None:
    # §7: <Limit PORT> alone does not disable active mode.
    config = b"PassivePorts 30000 30099\n<Limit PORT>\n  DenyAll\n</Limit>\n"
    probe = daemons.probe_proftpd(config)
    assert probe.replies["PORT"] == "501 PORT: Operation not permitted"
    assert probe.code("EPRT") == 200 and probe.code("PASV") == 227
    assert probe.port_range is not None
    assert 30000 <= probe.port_range[0] <= probe.port_range[1] <= 30099


def test_probe_pureftpd_nat_mode_refuses_passive() -> None:
    probe = daemons.probe_pureftpd(["-N"], samples=2)
    assert [probe.code(cmd) for cmd in ("PASV", "EPSV", "PORT", "EPRT")] == [500, 500, 200, 200]


def test_probe_pureftpd_config_range() -> None:
    probe = daemons.probe_pureftpd(config=b"PassivePortRange 30000 30010\n")
    assert probe.port_range is not None
    assert 30000 <= probe.port_range[0] <= probe.port_range[1] <= 30010


def test_probe_refuses_config_the_daemon_rejects() -> None:
    with pytest.raises(daemons.DaemonError, match="Illegal ports range"):
        daemons.probe_pureftpd(["-p", "40000:30000"])


RUNNING = {
    "vsftpd": lambda: daemons.running_vsftpd(b""),
    "proftpd": lambda: daemons.running_proftpd(b""),
    "pure-ftpd": lambda: daemons.running_pureftpd([]),
}


@pytest.mark.parametrize("daemon", RUNNING)
def test_port_is_free_the_moment_a_daemon_block_ends(daemon: str) -> None:
    # A session process still dying after SIGKILL keeps the listening socket open: the next daemon
    # on that port could not bind, and the probe would read nothing from the dying one.
    for _ in range(5):
        with RUNNING[daemon]() as (host, port), socket.create_connection((host, port), timeout=5) as session:
            assert session.recv(100).startswith(b"220")
        with socket.socket() as again:
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind((host, port))
            again.listen()


def test_xdist_workers_draw_control_ports_from_disjoint_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    # The daemon tests outside the loopback-sessions group run on both workers at once (tests/conftest.py).
    slices = []
    for worker in ("gw0", "gw1"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
        ports = daemons.worker_ports()
        assert ports.start - 1 in daemons.CONTROL_PORTS and ports.stop <= daemons.CONTROL_PORTS.stop
        assert daemons.free_port() in ports
        slices.append({port - 1 for port in ports} | set(ports))  # with proftpd's L-1 neighbours
    assert not slices[0] & slices[1]
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert daemons.worker_ports() == daemons.CONTROL_PORTS


def test_no_daemon_left_running() -> None:
    # Runs last in this module: every call above must have killed what it started.
    alive = [pid for pid in daemons._descendants(os.getpid()) if daemons._process_state(pid) not in ("Z", "")]
    assert alive == []
