"""End to end: the real vsftpd in one network namespace behind the rules ``ftpconf firewall``
generated from its own config, a client in another (docs/firewall.md §2.4).

A passive transfer must succeed behind the generated rules and fail once the passive-range rule
is taken out (the control connection still works then: the range rule is what mattered).  Covered
for nft, iptables and ufw over IPv4 (ufw: the generated commands applied to a copy of ufw's files,
then ufw enabled inside the namespace), and nft and ip6tables over IPv6 (EPSV).  Also: active mode
works with no inbound port-20 rule, and under explicit FTPS the helper alone does not carry a
passive transfer while the generated rules do.

firewalld has no end-to-end test: its rules exist only inside a running firewalld, which needs a
D-Bus system bus; its generated commands go through firewall-offline-cmd in
tests/test_firewall_checkers.py instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.daemons import require_daemons
from tests.netns import SERVER_IP, SERVER_IP6, Lab, ftp_client, lab, remove_lines, require_firewall_tools, vsftpd_in

RANGE = (30000, 30003)
PAYLOAD = "ftpconf netns payload\n"


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_firewall_tools()
    require_daemons()


def ftpconf_firewall(config: Path, fmt: str) -> str:
    proc = run_cli("firewall", "--format", fmt, str(config))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def vsftpd_config(tmp: Path, *, active: bool, tls: str = "", ipv6: bool = False) -> Path:
    anon = tmp / "anon"
    anon.mkdir()
    os.chmod(anon, 0o755)
    (anon / "hello.txt").write_text(PAYLOAD)
    config = tmp / "vsftpd.conf"
    listen = (
        f"listen=NO\nlisten_ipv6=YES\nlisten_address6={SERVER_IP6}\n"
        if ipv6
        else f"listen=YES\nlisten_address={SERVER_IP}\n"
    )
    config.write_text(
        listen + "listen_port=21\n"
        "anonymous_enable=YES\n"
        "local_enable=NO\n"
        f"anon_root={anon}\n"
        "pasv_enable=YES\n"
        f"pasv_min_port={RANGE[0]}\n"
        f"pasv_max_port={RANGE[1]}\n"
        f"port_enable={'YES' if active else 'NO'}\n"
        "connect_from_port_20=YES\n" + tls
    )
    return config


# --- loading the generated rules into the server namespace ----------------------------------------


def load_nft(lab_: Lab, rules: str, tmp: Path) -> None:
    result = lab_.server_run(["nft", "-f", "-"], stdin=rules.encode())
    assert result.returncode == 0, result.stderr


def load_iptables(lab_: Lab, rules: str, tmp: Path) -> None:
    result = lab_.server_run(["iptables-restore"], stdin=rules.encode())
    assert result.returncode == 0, result.stderr


def load_ip6tables(lab_: Lab, rules: str, tmp: Path) -> None:
    result = lab_.server_run(["ip6tables-restore"], stdin=rules.encode())
    assert result.returncode == 0, result.stderr


def load_ufw(lab_: Lab, rules: str, tmp: Path) -> None:
    """Run the generated script with ``ufw`` bound to a fresh copy of ufw's files, then enable ufw
    in the namespace only.  IPT_SYSCTL points at an empty file: enabling writes no sysctl."""
    root = tmp / f"ufw-{len(list(tmp.glob('ufw-*')))}"
    shutil.copytree("/etc/ufw", root / "etc/ufw")
    shutil.copytree("/lib/ufw", root / "lib/ufw")
    (root / "etc/default").mkdir(parents=True)
    (root / "empty-sysctl.conf").write_text("")
    defaults = Path("/etc/default/ufw").read_text()
    lines = [
        f'IPT_SYSCTL="{root}/empty-sysctl.conf"' if line.startswith("IPT_SYSCTL=") else line
        for line in defaults.splitlines()
    ]
    (root / "etc/default/ufw").write_text("\n".join(lines) + "\n")
    wrapper = root / "bin" / "ufw"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec /usr/sbin/ufw --rootdir={root} --datadir={root} "$@"\n')
    wrapper.chmod(0o755)
    script = root / "rules.sh"
    script.write_text(rules)
    env_path = f"{wrapper.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    result = lab_.server_run(["env", f"PATH={env_path}", "sh", str(script)])
    assert result.returncode == 0, result.stdout + result.stderr
    result = lab_.server_run([str(wrapper), "--force", "enable"])
    assert result.returncode == 0, result.stdout + result.stderr


Loader = Callable[[Lab, str, Path], None]
NFT_RANGE, XT_RANGE = f"tcp dport {RANGE[0]}-{RANGE[1]}", f"--dport {RANGE[0]}:{RANGE[1]}"
# (format, IPv6?) -> (loader, text of the passive-range rule)
CASES: dict[tuple[str, bool], tuple[Loader, str]] = {
    ("nft", False): (load_nft, NFT_RANGE),
    ("iptables", False): (load_iptables, XT_RANGE),
    ("ufw", False): (load_ufw, f"port {RANGE[0]}:{RANGE[1]}"),
    ("nft", True): (load_nft, NFT_RANGE),
    ("ip6tables", True): (load_ip6tables, XT_RANGE),
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Lab, Path]]:
    with lab() as lab_:
        yield lab_, tmp_path


@pytest.mark.parametrize(("fmt", "ipv6"), list(CASES), ids=[f"{f}-ipv{6 if v6 else 4}" for f, v6 in CASES])
def test_passive_transfer_needs_the_generated_range_rule(fmt: str, ipv6: bool, server: tuple[Lab, Path]) -> None:
    lab_, tmp = server
    load, range_rule = CASES[fmt, ipv6]
    config = vsftpd_config(tmp, active=False, ipv6=ipv6)
    rules = ftpconf_firewall(config, fmt)
    with vsftpd_in(lab_.server, config, tmp):
        load(lab_, rules, tmp)
        ok = ftp_client(lab_, "--wait", "5", ipv6=ipv6)
        assert ok.get("data") == PAYLOAD, ok
    with lab() as bare:  # a fresh server namespace: nothing of the first load survives
        without = remove_lines(rules, range_rule)
        with vsftpd_in(bare.server, config, tmp):
            load(bare, without, tmp)
            blocked = ftp_client(bare, "--wait", "5", "--timeout", "2", ipv6=ipv6)
    assert blocked["login"] is True, blocked  # the control port is still open ...
    assert "data" not in blocked and str(blocked["error"]).startswith("timeout"), blocked  # ... the data port not


def test_active_mode_works_without_any_inbound_port_20_rule(server: tuple[Lab, Path]) -> None:
    lab_, tmp = server
    config = vsftpd_config(tmp, active=True)
    rules = ftpconf_firewall(config, "nft")
    assert not [line for line in rules.splitlines() if "dport 20 " in line and not line.lstrip().startswith("#")]
    with vsftpd_in(lab_.server, config, tmp):
        load_nft(lab_, rules, tmp)
        active = ftp_client(lab_, "--wait", "5", "--mode", "port")
        passive = ftp_client(lab_, "--mode", "pasv")
    assert active.get("data") == PAYLOAD, active
    assert passive.get("data") == PAYLOAD, passive


def self_signed(tmp: Path) -> str:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    proc = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=ftpconf-lab",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    # require_ssl_reuse=NO: ftplib does not resume the control channel's TLS session on data connections.
    return (
        f"ssl_enable=YES\nallow_anon_ssl=YES\nrsa_cert_file={cert}\nrsa_private_key_file={key}\n"
        "require_ssl_reuse=NO\nssl_ciphers=HIGH\n"
    )


def test_under_tls_the_helper_alone_is_not_enough(tmp_path: Path) -> None:
    """Plain FTP with active mode gets the helper; without the range rule its passive transfers still
    pass (the helper reads the 227 reply).  The same helper-only rules stop explicit FTPS, whose
    reply is encrypted, while the rules generated for the TLS config (range open, no helper) pass it."""
    plain_dir, tls_dir = tmp_path / "plain", tmp_path / "tls"
    plain_dir.mkdir()
    tls_dir.mkdir()
    plain = vsftpd_config(plain_dir, active=True)
    tls = vsftpd_config(tls_dir, active=True, tls=self_signed(tls_dir))
    helper_only = remove_lines(ftpconf_firewall(plain, "nft"), f"tcp dport {RANGE[0]}-{RANGE[1]}")
    assert 'ct helper set "ftp-standard"' in helper_only
    tls_rules = ftpconf_firewall(tls, "nft")
    assert "ct helper" not in tls_rules and f"tcp dport {RANGE[0]}-{RANGE[1]}" in tls_rules

    with lab() as lab_, vsftpd_in(lab_.server, plain, plain_dir):
        load_nft(lab_, helper_only, plain_dir)
        through_helper = ftp_client(lab_, "--wait", "5", "--timeout", "2")
    assert through_helper.get("data") == PAYLOAD, through_helper

    with lab() as lab_, vsftpd_in(lab_.server, tls, tls_dir):
        load_nft(lab_, helper_only, tls_dir)
        blocked = ftp_client(lab_, "--wait", "5", "--timeout", "2", "--tls")
        load_nft(lab_, tls_rules, tls_dir)  # replaces the ftpconf table
        generated = ftp_client(lab_, "--timeout", "2", "--tls")
    assert blocked["login"] is True and str(blocked.get("error", "")).startswith("timeout"), blocked
    assert generated.get("data") == PAYLOAD, generated
