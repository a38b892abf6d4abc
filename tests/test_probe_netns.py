"""End to end: ``ftpconf probe`` run in the lab's client namespace against the real vsftpd, proftpd and
pure-ftpd in its server namespace (tests/netns.py: a veth pair, no link to the host).

Every packet stays inside the two namespaces: the probe connects to SERVER_IP (or PUBLIC_IP, an extra
address of the server namespace), and an advertised address outside them (192.0.2.10) is tried only with
``--follow-advertised`` from the client namespace, which has no route there: it must fail at once as
"unreachable".

Each daemon runs on the very file ``--config`` names (plus, for vsftpd, only the command-line settings
this host needs), except where a scenario is the file and the running server disagreeing: then the
server runs on one file and the probe is given another.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import daemons, netns
from tests.conftest import ROOT
from tests.netns import SERVER_IP, SERVER_IP6, Lab

RANGE = (30000, 30003)
PUBLIC_IP = "198.51.100.1"  # TEST-NET-2: "public" to the rules, present only on the lab's veth pair
OUTSIDE_IP = "192.0.2.10"  # TEST-NET-1: no namespace has it, and the client namespace has no route there
TIMEOUT = "1"  # the probe's --timeout: a dropped data connection costs one second


@pytest.fixture(autouse=True)
def _tools() -> None:
    netns.require_firewall_tools()
    daemons.require_daemons()


# --- the daemons, each on its own file, in the server namespace ----------------------------------------


def _anonymous_root(tmp: Path) -> Path:
    """``tmp``'s anonymous root, a directory under /tmp the daemons' ftp user can reach (pytest's own
    tmp_path sits below a mode-0700 directory: proftpd then refuses the anonymous login)."""
    link = tmp / "anon"
    if not link.exists():
        anon = Path(tempfile.mkdtemp(prefix="ftpconf-probe-anon-"))
        os.chmod(anon, 0o755)
        (anon / "hello.txt").write_text("ftpconf probe\n")
        link.symlink_to(anon)
        _ROOTS.append(anon)
    return link.resolve()


_ROOTS: list[Path] = []


@pytest.fixture(autouse=True)
def _remove_anonymous_roots() -> Iterator[None]:
    yield
    while _ROOTS:
        shutil.rmtree(_ROOTS.pop(), ignore_errors=True)


def vsftpd_file(tmp: Path, extra: str = "", name: str = "vsftpd.conf") -> Path:
    path = tmp / name
    path.write_text(
        "listen=YES\nlisten_port=21\nanonymous_enable=YES\nlocal_enable=NO\n"
        f"anon_root={_anonymous_root(tmp)}\npasv_min_port={RANGE[0]}\npasv_max_port={RANGE[1]}\n" + extra
    )
    return path


def proftpd_file(tmp: Path, extra: str = "", name: str = "proftpd.conf") -> Path:
    modules = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES
    path = tmp / name
    path.write_text(
        f"ModulePath {modules}\nServerType standalone\nPort 21\nUseIPv6 off\nUseReverseDNS off\n"
        f"PidFile {tmp}/proftpd.pid\nScoreboardFile {tmp}/proftpd.scoreboard\n"
        "DelayTable none\nWtmpLog off\nTransferLog none\n"
        f"PassivePorts {RANGE[0]} {RANGE[1]}\n{extra}"
        f"<Anonymous {_anonymous_root(tmp)}>\n  User ftp\n  Group ftp\n  UserAlias anonymous ftp\n"
        "  RequireValidShell off\n</Anonymous>\n"
    )
    return path


def pureftpd_file(tmp: Path, extra: str = "", name: str = "pure-ftpd.conf") -> Path:
    path = tmp / name
    path.write_text(
        f"Bind 21\nPassivePortRange {RANGE[0]} {RANGE[1]}\nPIDFile {tmp}/pure-ftpd.pid\nNoAnonymous no\n{extra}"
    )
    return path


@contextmanager
def vsftpd_in(lab: Lab, config: Path, tmp: Path) -> Iterator[None]:
    with netns.vsftpd_in(lab.server, config, tmp):
        yield


@contextmanager
def proftpd_in(lab: Lab, config: Path, tmp: Path) -> Iterator[None]:
    with netns.started_in(lab.server, [daemons._binary(daemons.PROFTPD), "-n", "-c", str(config)], tmp / "log"):
        yield


@contextmanager
def pureftpd_in(lab: Lab, config: Path, tmp: Path) -> Iterator[None]:
    """pure-ftpd in its own PID and mount namespaces (tests/daemons.py) inside the lab's server namespace."""
    state = tmp / "state"
    state.mkdir(exist_ok=True)
    argv = ["ip", "netns", "exec", lab.server, *daemons._pureftpd_argv(state, network=False), str(config)]
    cwd = daemons.ensure_provisioned() / daemons.PUREFTPD_TREE
    with (tmp / "log").open("wb") as log, daemons._started(argv, stdout=log, stderr=log, cwd=cwd):
        yield


@dataclass(frozen=True)
class Daemon:
    name: str
    file: Callable[..., Path]
    run: Callable[[Lab, Path, Path], AbstractContextManager[None]]
    advertise: str  # the setting that sets the passive address, as a line of its file (format with the address)
    tls_on: str  # what turns TLS on in its file


DAEMONS = {
    "vsftpd": Daemon("vsftpd", vsftpd_file, vsftpd_in, "pasv_address={}\n", "ssl_enable=YES\n"),
    "proftpd": Daemon(
        "proftpd",
        proftpd_file,
        proftpd_in,
        "MasqueradeAddress {}\n",
        "<IfModule mod_tls.c>\nTLSEngine on\n</IfModule>\n",
    ),
    "pureftpd": Daemon("pureftpd", pureftpd_file, pureftpd_in, "ForcePassiveIP {}\n", "TLS 1\n"),
}


def await_listening(lab: Lab, port: int = 21, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        listing = lab.server_run(["ss", "-Htln", f"sport = :{port}"]).stdout
        if listing.strip():
            return
        time.sleep(0.05)
    raise netns.ToolError(f"nothing listens on port {port} in {lab.server}")


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str
    seconds: float

    def codes(self) -> set[str]:
        return {word for word in self.stdout.split() if word.startswith("FTP7") and len(word) == 6}


def probe(lab: Lab, *args: str, host: str = SERVER_IP) -> Run:
    """``ftpconf probe`` run in the client namespace (the checkout on its path, whoever runs the tests)."""
    argv = [
        "env",
        f"PYTHONPATH={ROOT}",
        sys.executable,
        "-m",
        "ftpconf.cli",
        "probe",
        f"{host}:21",
        "--timeout",
        TIMEOUT,
    ]
    started = time.monotonic()
    result = netns.exec_in(lab.client, [*argv, *args], timeout=60)
    return Run(result.returncode, result.stdout, result.stderr, time.monotonic() - started)


@pytest.fixture
def lab() -> Iterator[Lab]:
    with netns.lab() as lab_:
        yield lab_


# --- the scenarios ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DAEMONS))
def test_a_server_running_its_file_has_no_finding(name: str, lab: Lab, tmp_path: Path) -> None:
    daemon = DAEMONS[name]
    config = daemon.file(tmp_path)
    with daemon.run(lab, config, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(config))
        seen = probe(lab, "--format", "json")
    assert run.status == 0, run
    assert "no findings" in run.stdout and not run.codes(), run
    observation = json.loads(seen.stdout)
    accepted = {c["command"]: c for c in observation["commands"] if c["code"] and c["code"] < 400}
    assert set(accepted) == {"PASV", "EPSV", "PORT", "EPRT"}, observation
    assert all(c["data"]["status"] == "ok" for c in accepted.values()), observation
    assert observation["passive_ports"] and all(RANGE[0] <= p <= RANGE[1] for p in observation["passive_ports"])
    assert accepted["PASV"]["advertised_address"] == SERVER_IP
    assert run.seconds < 10, run.seconds


IPV6_ON = {"vsftpd": "listen=NO\nlisten_ipv6=YES\n", "proftpd": "UseIPv6 on\n", "pureftpd": "IPV4Only no\n"}


@pytest.mark.parametrize("name", list(DAEMONS))
def test_over_ipv6_only_epsv_and_eprt_are_judged(name: str, lab: Lab, tmp_path: Path) -> None:
    """Over IPv6 the daemons answer PASV each their own way (pure-ftpd 425, proftpd a malformed 227,
    vsftpd 0,0,0,0) whatever the file says: no finding from that; EPSV and EPRT carry the data."""
    daemon = DAEMONS[name]
    config = daemon.file(tmp_path, IPV6_ON[name])
    with daemon.run(lab, config, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(config), host=f"[{SERVER_IP6}]")
    assert run.status == 0 and "no findings" in run.stdout, run
    assert run.stdout.count("data connection ok") == 2, run  # EPRT and EPSV
    assert "PORT  not sent" in run.stdout


@pytest.mark.parametrize("name", list(DAEMONS))
def test_a_private_address_advertised_to_a_public_client(name: str, lab: Lab, tmp_path: Path) -> None:
    """The server is reached at PUBLIC_IP but its file advertises the private SERVER_IP (a NAT set up the
    wrong way round): FTP702; the probe does not connect to the advertised address, it says so."""
    lab.server_run(["ip", "addr", "add", f"{PUBLIC_IP}/32", "dev", "eth0"])
    netns.exec_in(lab.client, ["ip", "route", "add", f"{PUBLIC_IP}/32", "dev", "eth0"])
    daemon = DAEMONS[name]
    config = daemon.file(tmp_path, daemon.advertise.format(SERVER_IP))
    with daemon.run(lab, config, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(config), host=PUBLIC_IP)
    assert run.status == 1, run
    assert run.codes() == {"FTP702"}, run
    assert f"advertises {SERVER_IP}, a private address" in run.stdout
    assert "not connecting there without --follow-advertised" in run.stdout


@pytest.mark.parametrize("name", list(DAEMONS))
def test_the_file_advertises_another_address_than_the_running_server(name: str, lab: Lab, tmp_path: Path) -> None:
    """The daemon runs with no passive address; the file checked says 203.0.113.10: FTP701 at that line."""
    daemon = DAEMONS[name]
    running = daemon.file(tmp_path)
    checked = daemon.file(tmp_path, daemon.advertise.format("203.0.113.10"), name=f"checked-{running.name}")
    with daemon.run(lab, running, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(checked))
    assert run.status == 1, run
    assert run.codes() == {"FTP701"}, run
    assert f"the configuration advertises 203.0.113.10, the running server {SERVER_IP}" in run.stdout


@pytest.mark.parametrize("name", list(DAEMONS))
def test_passive_ports_outside_the_range_the_file_sets(name: str, lab: Lab, tmp_path: Path) -> None:
    """The daemon hands out RANGE; the file checked says 40000-40009 (a firewall opened for the file's
    range would drop every transfer): FTP703, naming the ports seen."""
    daemon = DAEMONS[name]
    running = daemon.file(tmp_path)
    checked = daemon.file(tmp_path, name=f"checked-{running.name}")
    text = checked.read_text()
    for old, new in (
        (f"{RANGE[0]} {RANGE[1]}", "40000 40009"),
        (f"={RANGE[0]}\n", "=40000\n"),
        (f"={RANGE[1]}\n", "=40009\n"),
    ):
        text = text.replace(old, new)
    assert str(RANGE[0]) not in text, text
    checked.write_text(text)
    with daemon.run(lab, running, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(checked))
    assert run.status == 1, run
    assert run.codes() == {"FTP703"}, run
    # The message names the ports the daemon handed out (it picks them at random in RANGE) and may be
    # wrapped at the terminal's width: compare its words, and the ports it names with RANGE.
    words = " ".join(run.stdout.split())
    named = re.search(r"passive ports? ([\d, ]+?)(?: and \d+ more)? outside the configured range", words)
    assert named, run
    assert {int(p) for p in named.group(1).split(", ")} <= set(range(RANGE[0], RANGE[1] + 1)), run


def test_an_advertised_address_outside_the_lab_fails_fast_as_unreachable(lab: Lab, tmp_path: Path) -> None:
    """Followed on request only, and from a namespace with no route to it: no packet leaves the lab."""
    config = vsftpd_file(tmp_path, f"pasv_address={OUTSIDE_IP}\n")
    with vsftpd_in(lab, config, tmp_path):
        await_listening(lab)
        careful = probe(lab, "--config", str(config))
        followed = probe(lab, "--config", str(config), "--follow-advertised", "--format", "json")
    assert careful.status == 0 and "not connecting there without --follow-advertised" in careful.stdout, careful
    assert followed.status == 1, followed
    (finding,) = json.loads(followed.stdout)["diagnostics"]
    assert finding["code"] == "FTP705" and "unreachable" in finding["message"], finding
    assert followed.seconds < 5, followed.seconds


@pytest.mark.parametrize("name", list(DAEMONS))
def test_a_firewall_dropping_the_passive_range_times_out(name: str, lab: Lab, tmp_path: Path) -> None:
    daemon = DAEMONS[name]
    config = daemon.file(tmp_path)
    rules = (
        "table inet ftpconf_probe_test {\n  chain input {\n    type filter hook input priority 0; policy accept;\n"
        f"    tcp dport {RANGE[0]}-{RANGE[1]} drop\n  }}\n}}\n"
    )
    with daemon.run(lab, config, tmp_path):
        await_listening(lab)
        loaded = lab.server_run(["nft", "-f", "-"], stdin=rules.encode())
        assert loaded.returncode == 0, loaded.stderr
        run = probe(lab, "--config", str(config))
    assert run.status == 1, run
    assert run.codes() == {"FTP705"}, run
    failed = [line for line in run.stdout.splitlines() if "FTP705" in line]
    assert len(failed) == 2 and all("no answer (timed out)" in line for line in failed), failed  # PASV and EPSV
    assert "login     230" in run.stdout  # the control connection itself got through
    assert run.seconds < 10, run.seconds


def test_epsv_refused_by_the_running_server_while_the_file_allows_it(lab: Lab, tmp_path: Path) -> None:
    """proftpd runs with <Limit EPSV> DenyAll; the file checked has no such limit: FTP704 (only proftpd can
    refuse EPSV alone)."""
    running = proftpd_file(tmp_path, "<Limit EPSV>\n  DenyAll\n</Limit>\n")
    checked = proftpd_file(tmp_path, name="checked.conf")
    with proftpd_in(lab, running, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(checked))
    assert run.status == 1, run
    assert run.codes() == {"FTP704"}, run
    assert (
        "the configuration accepts EPSV, the running server answers `501 EPSV: Operation not permitted`" in run.stdout
    )


def test_tls_in_the_file_but_not_offered_by_the_running_server(lab: Lab, tmp_path: Path) -> None:
    running = vsftpd_file(tmp_path)
    checked = vsftpd_file(tmp_path, "ssl_enable=YES\n", name="checked.conf")
    with vsftpd_in(lab, running, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(checked))
    assert run.status == 1, run
    assert run.codes() == {"FTP707"}, run
    assert "AUTH TLS: 530 Please login with USER and PASS." in run.stdout


def test_tls_offered_as_the_file_says_and_data_under_tls(lab: Lab, tmp_path: Path) -> None:
    """The file's TLS is offered (no FTP707), and a probe over explicit TLS gets its listings through."""
    from tests.test_firewall_netns import self_signed

    config = vsftpd_file(tmp_path, self_signed(tmp_path))
    with vsftpd_in(lab, config, tmp_path):
        await_listening(lab)
        plain = probe(lab, "--config", str(config))
        secure = probe(lab, "--config", str(config), "--tls", "explicit")
    assert plain.status == 0 and "TLS       offered (234" in plain.stdout, plain
    assert secure.status == 0, secure
    assert "explicit TLS" in secure.stdout and secure.stdout.count("data connection ok") == 4, secure


def test_no_server_is_a_clear_error_not_a_hang(lab: Lab) -> None:
    run = probe(lab)
    assert run.status == 2, run
    assert run.stderr.startswith(f"ftpconf: error: {SERVER_IP}:21: cannot open the control connection"), run
    assert "connection refused" in run.stderr and "Traceback" not in run.stderr
    unreachable = probe(lab, host=OUTSIDE_IP)
    assert unreachable.status == 2 and "unreachable" in unreachable.stderr, unreachable
    assert unreachable.seconds < 5


def test_implicit_tls_from_the_file_and_its_absence(lab: Lab, tmp_path: Path) -> None:
    """A file with implicit_ssl=YES makes the probe speak TLS from the first byte; a server running
    without it fails that handshake, is probed again in plain text, and FTP707 says so."""
    from tests.test_firewall_netns import self_signed

    implicit = vsftpd_file(tmp_path, self_signed(tmp_path) + "implicit_ssl=YES\n")
    with vsftpd_in(lab, implicit, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(implicit))
    assert run.status == 0, run
    assert "implicit TLS" in run.stdout and run.stdout.count("data connection ok") == 4, run
    plain = vsftpd_file(tmp_path, name="plain.conf")
    with vsftpd_in(lab, plain, tmp_path):
        await_listening(lab)
        run = probe(lab, "--config", str(implicit))
    assert run.status == 1, run
    assert run.codes() == {"FTP707"}, run
    assert "the configuration turns implicit TLS on, the running server does not offer it" in run.stdout
