"""``ftpconf firewall``: what the generated rules say, format by format, and the command's contract.

The syntax of each format is proven by its real checker in test_firewall_checkers.py and the
behaviour in namespaces by test_firewall_netns.py; here are the decisions: what is opened, where,
for which family, with or without the conntrack helper (docs/firewall.md §2 and §4).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from ftpconf.firewall.emit import FORMATS, generate
from ftpconf.firewall.emit.plan import plan_for
from ftpconf.lint import lint_path, lint_source
from ftpconf.model import Config
from ftpconf.source import SourceFile
from tests.cli import run_cli_bytes
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "firewall_emit"
CONFIGS = sorted([*(ROOT / "samples").glob("*.conf"), *FIXTURES.glob("*.conf")])


def config_of(text: str, dialect: str = "vsftpd") -> Config:
    return lint_source(SourceFile("test.conf", text.encode()), dialect).config


def rules(text: str, fmt: str, dialect: str = "vsftpd") -> list[str]:
    """The rule lines (comments and blank lines dropped) generated for a config text."""
    out = generate(config_of(text, dialect), "test.conf", fmt)
    return [line.strip() for line in out.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return run_cli_bytes("firewall", *args, stdin=stdin)


PLAIN_ACTIVE = "listen=YES\nconnect_from_port_20=YES\npasv_min_port=30000\npasv_max_port=30009\n"
PLAIN_PASSIVE_ONLY = "listen=YES\nport_enable=NO\npasv_min_port=30000\npasv_max_port=30009\n"
TLS_ACTIVE = PLAIN_ACTIVE + "ssl_enable=YES\n"


# --- what is opened ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_port_20_is_never_opened_inbound(path: Path, fmt: str) -> None:
    """Active mode connects *out* from port 20; no format may accept inbound port 20 (docs/firewall.md §2.4)."""
    result = lint_path(str(path))
    out = generate(result.config, str(path), fmt)
    lines = [line for line in out.splitlines() if not line.lstrip().startswith("#")]
    inbound_20 = re.compile(r"dport 20\b|--dport 20\b|port 20\b|\b20/tcp|\"20:20\"|\b20-")
    assert not [line for line in lines if inbound_20.search(line)]


def test_control_port_and_passive_range_in_every_format() -> None:
    nft = rules(PLAIN_ACTIVE, "nft")
    assert "meta nfproto ipv4 tcp dport 21 ct state new accept" in nft
    assert "meta nfproto ipv4 tcp dport 30000-30009 ct state new accept" in nft  # nft ranges use a dash
    assert "-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 30000:30009 -j ACCEPT" in rules(
        PLAIN_ACTIVE, "iptables"
    )
    ufw = rules(PLAIN_ACTIVE, "ufw")
    assert "ufw allow proto tcp to 0.0.0.0/0 port 21 comment 'ftpconf control: main'" in ufw
    assert "ufw allow proto tcp to 0.0.0.0/0 port 30000:30009 comment 'ftpconf passive: main'" in ufw
    firewalld = rules(PLAIN_ACTIVE, "firewalld")
    assert {"fw --service=ftpconf --add-port=21/tcp", "fw --service=ftpconf --add-port=30000-30009/tcp"} <= set(
        firewalld
    )
    assert rules(PLAIN_ACTIVE, "compose")[-2:] == ['- "21:21"', '- "30000-30009:30000-30009"']


def test_passive_range_is_opened_when_passive_is_refused_it_is_not() -> None:
    no_pasv = "listen=YES\npasv_enable=NO\npasv_min_port=30000\npasv_max_port=30009\n"
    assert not [line for line in rules(no_pasv, "nft") if "30000" in line]
    assert "tcp dport 21 ct state new accept" in " ".join(rules(no_pasv, "nft"))


def test_default_passive_range_is_opened_whole_with_a_warning() -> None:
    """vsftpd without pasv_min_port draws from 5001-65535 (docs/daemons/vsftpd.md §4): all of it must be open."""
    out = generate(config_of("listen=YES\n"), "test.conf", "nft")
    assert "meta nfproto ipv4 tcp dport 5001-65535 ct state new accept" in out
    assert "no passive port range is set" in out


# --- the conntrack helper -----------------------------------------------------------------------------


def test_helper_is_attached_for_plain_ftp_with_active_mode() -> None:
    assert 'meta nfproto ipv4 tcp dport 21 ct helper set "ftp-standard"' in rules(PLAIN_ACTIVE, "nft")
    assert "-A PREROUTING -p tcp -m tcp --dport 21 -j CT --helper ftp" in rules(PLAIN_ACTIVE, "iptables")
    assert "fw --service=ftpconf --add-helper=ftp" in rules(PLAIN_ACTIVE, "firewalld")
    ufw = generate(config_of(PLAIN_ACTIVE), "test.conf", "ufw")
    assert "#   -A PREROUTING -p tcp --dport 21 -j CT --helper ftp" in ufw  # for before.rules: ufw has no command


def test_no_helper_without_active_mode() -> None:
    for fmt in ("nft", "iptables", "firewalld", "ufw"):
        out = generate(config_of(PLAIN_PASSIVE_ONLY), "test.conf", fmt)
        assert "helper" not in out.lower(), fmt
        assert "30000" in out, fmt  # the range is what makes passive mode work


@pytest.mark.parametrize("fmt", ["nft", "iptables", "ip6tables", "firewalld", "ufw"])
def test_under_tls_no_helper_and_the_range_stays_open(fmt: str) -> None:
    lines = (
        rules(TLS_ACTIVE, fmt, "vsftpd")
        if fmt != "ip6tables"
        else rules(TLS_ACTIVE + "listen=NO\nlisten_ipv6=YES\n", fmt)
    )
    assert not [line for line in lines if "helper" in line.lower()]
    assert [line for line in lines if re.search(r"30000[-:]30009", line)]
    out = generate(config_of(TLS_ACTIVE), "test.conf", fmt)
    assert "TLS is on for main" in out


def test_non_standard_control_port_gets_its_own_firewalld_helper() -> None:
    """firewalld's stock ftp helper only covers port 21 (docs/firewall.md §1c)."""
    lines = rules(PLAIN_ACTIVE + "listen_port=2121\n", "firewalld")
    assert "fw --new-helper=ftpconf-ftp-2121 --module=nf_conntrack_ftp" in lines
    assert "fw --helper=ftpconf-ftp-2121 --add-port=2121/tcp" in lines
    assert "fw --service=ftpconf --add-helper=ftpconf-ftp-2121" in lines


# --- where: addresses, families, several servers --------------------------------------------------------


def test_listen_address_restricts_the_destination() -> None:
    text = PLAIN_ACTIVE + "listen_address=192.0.2.21\n"
    assert "ip daddr 192.0.2.21 tcp dport 21 ct state new accept" in rules(text, "nft")
    assert "-A INPUT -d 192.0.2.21/32 -p tcp -m conntrack --ctstate NEW -m tcp --dport 21 -j ACCEPT" in rules(
        text, "iptables"
    )
    assert "fw --service=ftpconf --set-destination=ipv4:192.0.2.21" in rules(text, "firewalld")
    assert any(line.startswith("ufw allow proto tcp to 192.0.2.21 port 21 ") for line in rules(text, "ufw"))
    assert '- "21:21"' in rules(text, "compose")  # the container's address is not the host's: no host_ip


def test_families_follow_the_listen_settings() -> None:
    v6_only = "listen_ipv6=YES\nlisten_address6=2001:db8::21\npasv_min_port=40000\npasv_max_port=40009\n"
    assert "ip6 daddr 2001:db8::21 tcp dport 40000-40009 ct state new accept" in rules(v6_only, "nft")
    assert not [line for line in rules(v6_only, "iptables") if "dport" in line]
    assert "-A INPUT -d 2001:db8::21/128 -p tcp -m conntrack --ctstate NEW -m tcp --dport 21 -j ACCEPT" in rules(
        v6_only, "ip6tables"
    )
    assert "-A INPUT -p ipv6-icmp -j ACCEPT" in rules(v6_only, "ip6tables")  # neighbour discovery
    dual = "listen_ipv6=YES\npasv_min_port=40000\npasv_max_port=40009\n"  # listen_address6 unset: :: serves both
    assert "tcp dport 21 ct state new accept" in rules(dual, "nft")
    assert any(line.startswith("ufw allow proto tcp to any port 21 ") for line in rules(dual, "ufw"))


def test_every_proftpd_virtual_host_gets_its_rules() -> None:
    path = FIXTURES / "proftpd-vhosts.conf"
    config = lint_path(str(path)).config
    nft = [line.strip() for line in generate(config, str(path), "nft").splitlines()]
    for expected in (
        "tcp dport 2121 ct state new accept",
        "tcp dport 40000-40009 ct state new accept",
        "ip daddr 192.0.2.10 tcp dport 21 ct state new accept",
        "ip daddr 192.0.2.10 tcp dport 50000-50019 ct state new accept",
        # <VirtualHost 2001:db8::10 192.0.2.11> serves both addresses
        "ip6 daddr 2001:db8::10 tcp dport 990 ct state new accept",
        "ip daddr 192.0.2.11 tcp dport 990 ct state new accept",
        "ip daddr 192.0.2.11 tcp dport 60000-60099 ct state new accept",
    ):
        assert expected in nft
    v6 = generate(config, str(path), "ip6tables")
    v6_rules = [line for line in v6.splitlines() if line.startswith("-A")]
    assert "-A INPUT -d 2001:db8::10/128 -p tcp -m conntrack --ctstate NEW -m tcp --dport 990 -j ACCEPT" in v6_rules
    assert not [line for line in v6_rules if "192.0.2." in line]


def test_servers_sharing_a_port_share_one_rule() -> None:
    text = "".join(
        f"<VirtualHost 192.0.2.10>\nPort {port}\nPassivePorts 30000 30009\n</VirtualHost>\n" for port in (21, 2121)
    )
    plan = plan_for(config_of(text, "proftpd"), "x")
    shared = [o for o in plan.openings if o.purpose == "passive" and o.address is not None]
    assert [(str(o.ports), len(o.reasons)) for o in shared] == [("30000-30009", 2)]  # one rule, both lines named
    controls = [o for o in plan.openings if o.purpose == "control" and o.address is not None]
    assert sorted(o.ports.low for o in controls) == [21, 2121]


def test_hostname_listen_address_is_not_a_restriction() -> None:
    plan = plan_for(config_of("Port 21\n<VirtualHost ftp.example.com>\nPort 2121\n</VirtualHost>\n", "proftpd"), "x")
    assert all(o.address is None for o in plan.openings)
    assert any("'ftp.example.com', which is not an IP address" in note for note in plan.notes)


# --- active mode egress, compose, determinism ----------------------------------------------------------


def test_egress_rule_is_only_a_comment() -> None:
    out = generate(config_of(PLAIN_ACTIVE), "test.conf", "nft")
    assert "#   meta nfproto ipv4 tcp sport 20 ct state new accept    # main" in out
    assert "policy accept;" in out.split("chain output")[1]
    ephemeral = generate(config_of(PLAIN_ACTIVE.replace("=YES\npasv", "=NO\npasv", 1)), "test.conf", "nft")
    assert "ct state related accept    # main, through the helper" in ephemeral


def test_compose_publishes_one_to_one_quoted_and_merged() -> None:
    path = FIXTURES / "proftpd-vhosts.conf"
    out = generate(lint_path(str(path)).config, str(path), "compose", service="ftp server")
    assert "PASV/EPSV replies carry the container's own port numbers" in out
    assert '  "ftp server":\n    ports:\n' in out
    entries = re.findall(r'^      - "([^"]+)"$', out, re.MULTILINE)
    assert entries == [
        "21:21",
        "990:990",
        "2121:2121",
        "40000-40009:40000-40009",
        "50000-50019:50000-50019",
        "60000-60099:60000-60099",
    ]
    overlapping = "PassivePorts 30000 30009\n<VirtualHost 192.0.2.10>\nPassivePorts 30005 30019\n</VirtualHost>\n"
    assert rules(overlapping, "compose", "proftpd")[-1] == '- "30000-30019:30000-30019"'


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_output_is_deterministic_and_names_its_source(fmt: str) -> None:
    path = FIXTURES / "proftpd-vhosts.conf"
    first = generate(lint_path(str(path)).config, str(path), fmt)
    second = generate(lint_path(str(path)).config, str(path), fmt)
    assert first == second
    assert f"ftpconf firewall --format {fmt}: generated from {path} (proftpd)" in first.replace("\n#   ", " ")


# --- the command ------------------------------------------------------------------------------------


def test_cli_prints_to_stdout() -> None:
    result = cli("--format", "iptables", "tests/fixtures/firewall_emit/vsftpd-plain-active.conf")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == generate(
        lint_path("tests/fixtures/firewall_emit/vsftpd-plain-active.conf").config,
        "tests/fixtures/firewall_emit/vsftpd-plain-active.conf",
        "iptables",
    )


def test_cli_output_file_is_written_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "ftp.nft"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    result = cli("--format", "nft", "--output", str(target), "samples/vsftpd-clean.conf")
    assert result.returncode == 0 and result.stdout == b"", result.stderr
    assert target.read_bytes() == cli("--format", "nft", "samples/vsftpd-clean.conf").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["ftp.nft"]  # no temp file left behind


def test_cli_output_into_a_missing_directory_is_a_clean_error(tmp_path: Path) -> None:
    result = cli("--output", str(tmp_path / "no" / "such" / "dir" / "x.nft"), "samples/vsftpd-clean.conf")
    assert result.returncode == 2
    assert b"cannot write" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/vsftpd.conf"], b"/nonexistent/vsftpd.conf: no such file"),
        (["--format", "pf", "samples/vsftpd-clean.conf"], b"'pf' is not one of"),
        (["--dialect", "wu-ftpd", "samples/vsftpd-clean.conf"], b"'wu-ftpd' is not one of"),
        (["tests"], b"tests"),
    ],
)
def test_cli_bad_input_exits_2_without_traceback(args: list[str], message: bytes) -> None:
    result = cli(*args)
    assert result.returncode == 2, result
    assert message in result.stderr and b"Traceback" not in result.stderr
    assert result.stdout == b""


def test_cli_reads_stdin_and_undetectable_input_is_a_usage_error() -> None:
    ok = cli("--dialect", "vsftpd", "--format", "ufw", "-", stdin=PLAIN_ACTIVE.encode())
    assert ok.returncode == 0 and b"generated from <stdin> (vsftpd)" in ok.stdout
    unknown = cli("-", stdin=b"hello\n")
    assert unknown.returncode == 2 and b"use --dialect" in unknown.stderr


def test_cli_warns_when_the_daemon_would_refuse_the_config(tmp_path: Path) -> None:
    path = tmp_path / "vsftpd.conf"
    path.write_text(PLAIN_ACTIVE + "pasv_enalbe=YES\n")  # unknown option: vsftpd refuses to start
    result = cli(str(path))
    assert result.returncode == 0
    assert b"the daemon would refuse this config" in result.stderr
    assert b"tcp dport 30000-30009" in result.stdout
