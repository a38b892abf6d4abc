"""``ftpconf lint CONFIG --firewall FILE|DIR``: the FTP4xx cross-check, through the command line.

Which scenario must give which finding follows docs/firewall.md §2.4 (the live matrix: the
range is needed unless the helper is attached and TLS is off; active mode needs only egress).
The last tests feed every firewall fixture to the real tool that checks it, so the fixtures the
readers are tested on are files those tools accept.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli import run_cli as ftpconf
from tests.conftest import FIXTURES

FW = FIXTURES / "firewall"
PLAIN = "listen=YES\nanonymous_enable=YES\nlocal_enable=NO\npasv_min_port=30000\npasv_max_port=30009\n"
TLS = PLAIN + ("ssl_enable=YES\nallow_anon_ssl=YES\nrsa_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem\n"
               "rsa_private_key_file=/etc/ssl/private/ssl-cert-snakeoil.key\n")
RULES = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT {out} [0:0]\n" \
        "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n{rules}\nCOMMIT\n"
HELPER = "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport {port} -j CT --helper ftp\nCOMMIT\n"


def findings(config: str, firewall: str, tmp_path: Path, *extra: str) -> list[dict[str, object]]:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(config)
    rules = tmp_path / "rules.v4"
    rules.write_text(firewall)
    proc = ftpconf("lint", "--format", "json", "--select", "FTP4", "--firewall", str(rules), *extra, str(conf))
    assert proc.returncode in (0, 1), proc.stderr
    found: list[dict[str, object]] = json.loads(proc.stdout)["diagnostics"]
    return found


def codes(found: list[dict[str, object]]) -> list[object]:
    return sorted(d["code"] for d in found)  # type: ignore[type-var]


# The live matrix of docs/firewall.md §2.4, row by row, for passive mode.
@pytest.mark.parametrize(
    ("config", "rules", "helper", "expected"),
    [
        (PLAIN, "-A INPUT -p tcp --dport 21 -j ACCEPT", False, ["FTP402"]),  # (i) 21 only, no helper
        (TLS, "-A INPUT -p tcp --dport 21 -j ACCEPT", False, ["FTP402"]),
        (PLAIN, "-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT", False, []),  # (ii)
        (TLS, "-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT", False, []),
        (PLAIN, "-A INPUT -p tcp --dport 21 -j ACCEPT", True, []),  # (iii) the helper stands in for the range
        (TLS, "-A INPUT -p tcp --dport 21 -j ACCEPT", True, ["FTP406"]),  # ... except under TLS
        (TLS, "-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT", True, []),  # (iii) + FTPS line
    ],
)
def test_live_matrix_passive(config: str, rules: str, helper: bool, expected: list[str], tmp_path: Path) -> None:
    text = RULES.format(out="ACCEPT", rules=rules) + (HELPER.format(port=21) if helper else "")
    assert codes(findings(config, text, tmp_path)) == expected


def test_helper_with_tls_is_ftp406_at_the_passive_range(tmp_path: Path) -> None:
    """(iii) + FTPS: 21 and the helper, no range: passive fails once TLS hides the replies."""
    text = RULES.format(out="ACCEPT", rules="-A INPUT -p tcp --dport 21 -j ACCEPT") + HELPER.format(port=21)
    [finding] = findings(TLS, text, tmp_path)
    assert finding["code"] == "FTP406" and finding["line"] == 4  # pasv_min_port=30000
    assert codes(findings(PLAIN, text, tmp_path)) == []  # the same rules without TLS: the helper suffices


def test_helper_on_21_while_the_server_listens_on_2121(tmp_path: Path) -> None:
    text = RULES.format(out="ACCEPT", rules="-A INPUT -p tcp --dport 2121 -j ACCEPT") + HELPER.format(port=21)
    [finding] = findings(PLAIN + "listen_port=2121\n", text, tmp_path)
    assert finding["code"] == "FTP407"
    assert str(finding["path"]).endswith("rules.v4") and finding["line"] == 10  # the -j CT --helper ftp line


def test_control_port_closed_points_at_the_ftp_config_with_the_drop_in_a_note(tmp_path: Path) -> None:
    rules = RULES.format(out="ACCEPT", rules="-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT")
    [finding] = findings(PLAIN + "listen_port=2121\n", rules, tmp_path)
    assert finding["code"] == "FTP401" and str(finding["path"]).endswith("vsftpd.conf") and finding["line"] == 6
    assert any("rules.v4:2" in note for note in finding["notes"])  # type: ignore[attr-defined]


def test_active_mode_egress(tmp_path: Path) -> None:
    """OUTPUT policy DROP: active mode fails without an egress rule; the helper rescues plain FTP only."""
    inbound = "-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT\n" \
              "-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
    dropped = RULES.format(out="DROP", rules=inbound)
    assert codes(findings(PLAIN, dropped, tmp_path)) == ["FTP405"]
    assert codes(findings(PLAIN, dropped + HELPER.format(port=21), tmp_path)) == []
    assert codes(findings(TLS, dropped + HELPER.format(port=21), tmp_path)) == ["FTP405"]
    allowed = RULES.format(out="DROP", rules=inbound + "\n-A OUTPUT -p tcp --sport 20 -j ACCEPT")
    assert codes(findings(PLAIN + "connect_from_port_20=YES\n", allowed, tmp_path)) == []
    assert codes(findings(PLAIN + "port_enable=NO\n", dropped, tmp_path)) == []  # no active mode, no egress need


def test_range_opened_much_wider_points_at_the_rule(tmp_path: Path) -> None:
    text = RULES.format(out="ACCEPT", rules="-A INPUT -p tcp --dport 21 -j ACCEPT\n"
                                            "-A INPUT -p tcp -m tcp --dport 1024:65535 -j ACCEPT")
    [finding] = findings(PLAIN, text, tmp_path)
    assert finding["code"] == "FTP404" and str(finding["path"]).endswith("rules.v4") and finding["line"] == 7
    assert finding["column"] == 24  # at --dport


def test_seed_post_000_customer_opens_only_21_and_20() -> None:
    """<Limit PASV> leaves EPSV, so passive still needs 11100-11111, which the customer's firewall drops."""
    rules = "samples/firewall/seed000-customer-21-20.rules"
    proc = ftpconf("lint", "--no-color", "--select", "FTP4", "--firewall", rules, "samples/proftpd-seed-deny-port.conf")
    assert proc.returncode == 1
    assert "proftpd-seed-deny-port.conf:8:1: FTP402 warning: passive ports 11100-11111" in proc.stdout
    assert "8 | PassivePorts 11100 11111" in proc.stdout


def test_samples_rules_v4_misses_the_last_port() -> None:
    proc = ftpconf("lint", "--no-color", "--select", "FTP4", "--firewall", "samples/firewall/rules.v4",
                   "samples/vsftpd-active-passive-60000.conf")
    assert "FTP402 warning: passive port 60006 of the range 60000-60006 not open inbound (IPv4)" in proc.stdout
    assert "note: dropped by samples/firewall/rules.v4:5" in proc.stdout  # :INPUT DROP


def test_seed_post_001_rules_leave_nothing_to_report() -> None:
    proc = ftpconf("lint", "--select", "FTP4", "--firewall", str(FW / "rhel6-sysconfig-iptables"),
                   "samples/vsftpd-active-passive-60000.conf")
    assert proc.returncode == 0 and "no findings" in proc.stdout


def test_rhel_stock_file_with_implicit_protocol_matches_is_read(tmp_path: Path) -> None:
    """`-p icmp --icmp-type any` (no -m icmp) is what iptables-restore accepts; the FTP lines are then judged."""
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN)
    stock = FW / "rhel-stock-sysconfig-iptables"
    proc = ftpconf("lint", "--format", "json", "--select", "FTP4", "--firewall", str(stock), str(conf))
    assert proc.returncode == 0 and json.loads(proc.stdout)["diagnostics"] == [], proc.stderr
    narrowed = tmp_path / "iptables"
    narrowed.write_text(stock.read_text().replace("--dport 30000:30009", "--dport 30000:30005"))
    proc = ftpconf("lint", "--format", "json", "--select", "FTP4", "--firewall", str(narrowed), str(conf))
    [finding] = json.loads(proc.stdout)["diagnostics"]
    assert finding["code"] == "FTP402" and "30006-30009" in finding["message"]


@pytest.mark.parametrize("option", ["-p icmp --icmp-type 8 -j ACCEPT", "-p udp --dport 53 -j ACCEPT",
                                    "-p tcp --tcp-flags ALL NONE -j DROP", "-p sctp --dport 9 -j ACCEPT",
                                    "-p 50 -j ACCEPT", "-p esp --espspi 1 -j ACCEPT"])
def test_options_of_the_implicit_protocol_match_are_accepted(option: str, tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN)
    rules = tmp_path / "rules.v4"
    rules.write_text(f"*filter\n:INPUT DROP [0:0]\n-A INPUT {option}\n"
                     "-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT\nCOMMIT\n")
    proc = ftpconf("lint", "--format", "json", "--select", "FTP4", "--firewall", str(rules), str(conf))
    assert proc.returncode == 0 and json.loads(proc.stdout)["diagnostics"] == [], proc.stderr


def test_seed_post_004_established_only(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN.replace("30009", "30999"))
    proc = ftpconf("lint", "--no-color", "--select", "FTP4", "--firewall", str(FW / "seed004-script.rules"), str(conf))
    assert "FTP402" in proc.stdout and "seed004-script.rules:10 accepts these ports only for ESTABLISHED" in proc.stdout


@pytest.mark.parametrize(
    ("firewall", "expected"),
    [
        ("nftables/nftables.conf", []),
        ("nft-list-ruleset.txt", ["FTP403", "FTP405"]),  # 30006-30009 only from 203.0.113.0/24; output drop
        ("nft-ruleset.json", ["FTP401"]),  # opens 2121, not 21
        ("firewalld", []),  # ftp service, ftp-passive custom service 30000-30049
        ("ufw", []),
        ("ufw-status.txt", ["FTP440"]),  # the WWW Full profile
        ("compose/shifted.yaml", ["FTP408"]),
        ("compose/short-quoted-partial.yml", ["FTP402"]),
        ("compose/wide.yml", ["FTP404"]),
        ("compose/host-network.yml", []),
    ],
)
def test_each_format_through_the_cli(firewall: str, expected: list[str], tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN)
    proc = ftpconf("lint", "--format", "json", "--select", "FTP4", "--firewall", str(FW / firewall), str(conf))
    assert proc.returncode in (0, 1), proc.stderr
    assert sorted({d["code"] for d in json.loads(proc.stdout)["diagnostics"]}) == expected


def test_text_report_shows_the_firewall_line(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN)
    proc = ftpconf("lint", "--no-color", "--firewall", str(FW / "compose" / "shifted.yaml"), str(conf))
    assert '6 |       - "31000-31009:30000-30009"' in proc.stdout


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("rules.v4", "*filter\n-A INPUT -p tcp --dport 30000-30009 -j ACCEPT\nCOMMIT\n", "rules.v4:2: invalid port"),
        ("public.xml", "<zone>\n<port port='21'\n", "public.xml:2: not well-formed XML"),
        ("compose.yml", "services:\n  ftp:\n    ports: [\n", "compose.yml:4: not valid YAML"),
    ],
)
def test_bad_firewall_file_exits_2_with_file_and_line(name: str, text: str, message: str, tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN)
    bad = tmp_path / name
    bad.write_text(text)
    proc = ftpconf("lint", "--firewall", str(bad), str(conf))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert message in proc.stderr


def test_missing_firewall_file_and_empty_directory(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN)
    proc = ftpconf("lint", "--firewall", str(tmp_path / "nope.rules"), str(conf))
    assert proc.returncode == 2 and "nope.rules: no such file" in proc.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = ftpconf("lint", "--firewall", str(empty), str(conf))
    assert proc.returncode == 2 and "no firewall file" in proc.stderr


def test_firewall_repeatable_v4_and_v6(tmp_path: Path) -> None:
    """rules.v4 opens the range, rules.v6 does not: only IPv6 is reported (the server listens on both)."""
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(PLAIN.replace("listen=YES", "listen=NO\nlisten_ipv6=YES"))
    v4 = tmp_path / "rules.v4"
    v4.write_text(RULES.format(out="ACCEPT", rules="-A INPUT -p tcp -m multiport --dports 21,30000:30009 -j ACCEPT"))
    proc = ftpconf("lint", "--format", "json", "--select", "FTP4", "--firewall", str(v4), "--firewall",
                   str(FW / "rules.v6"), str(conf))
    [finding] = json.loads(proc.stdout)["diagnostics"]
    assert finding["code"] == "FTP402" and "(IPv6)" in finding["message"]


# --- the fixtures are files the real tools accept ------------------------------------------------------


@pytest.fixture
def tools() -> None:
    from tests.netns import require_firewall_tools

    require_firewall_tools()


IPTABLES_FIXTURES = [
    "rhel6-sysconfig-iptables",
    "rhel-stock-sysconfig-iptables",
    "seed000-sysconfig-iptables",
    "debian-rules.v4",
    "hand-written.rules",
    "seed004-script.rules",
    "wide-open.rules",
    "ufw/user.rules",
    "../../../samples/firewall/rules.v4",
    "../../../samples/firewall/seed000-customer-21-20.rules",
]


@pytest.mark.parametrize("name", IPTABLES_FIXTURES)
def test_iptables_restore_loads_fixture(name: str, tools: None) -> None:
    from tests.netns import isolated

    result = isolated(["iptables-restore"], stdin=(FW / name).read_bytes())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["rules.v6", "ufw/user6.rules"])
def test_ip6tables_restore_loads_fixture(name: str, tools: None) -> None:
    from tests.netns import isolated

    result = isolated(["ip6tables-restore"], stdin=(FW / name).read_bytes())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["nftables/nftables.conf", "nft-list-ruleset.txt", "nft-commands.nft"])
def test_nft_checks_fixture(name: str, tools: None) -> None:
    from tests.netns import isolated

    path = FW / name
    result = isolated(["nft", "-I", str(path.parent), "-c", "-f", str(path)])
    assert result.returncode == 0, result.stderr


def test_nft_checks_json_fixture(tools: None) -> None:
    from tests.netns import isolated

    result = isolated(["nft", "-j", "-c", "-f", str(FW / "nft-ruleset.json")])
    assert result.returncode == 0, result.stderr


def test_nft_rejects_a_colon_range_as_the_reader_does(tools: None, tmp_path: Path) -> None:
    from tests.netns import isolated

    bad = tmp_path / "bad.nft"
    bad.write_text((FW / "nft-list-ruleset.txt").read_text().replace("30006-30009", "30006:30009"))
    assert isolated(["nft", "-c", "-f", str(bad)]).returncode != 0


@pytest.mark.parametrize("name", ["firewalld", "firewalld-helper-only"])
def test_firewall_offline_cmd_checks_fixture(name: str, tools: None, tmp_path: Path) -> None:
    from tests.netns import run

    copy = tmp_path / name
    shutil.copytree(FW / name, copy)
    result = run(["firewall-offline-cmd", "--system-config", str(copy), "--check-config"])
    assert result.returncode == 0, result.stderr


def test_stock_firewalld_services_match_the_installed_ones(tools: None) -> None:
    from ftpconf.firewall.readers.firewalld import STOCK_SERVICES, _ports_of, parse_xml
    from ftpconf.source import read_source

    for name, (ports, helpers) in STOCK_SERVICES.items():
        root = parse_xml(read_source(f"/usr/lib/firewalld/services/{name}.xml"))
        assert [p for e in root.all("port") if (p := _ports_of(e)) is not None] == list(ports), name
        assert [e.attrs["name"] for e in root.all("helper")] == list(helpers), name


@pytest.mark.parametrize("name", sorted(p.name for p in (FW / "compose").iterdir()))
def test_docker_compose_config_accepts_fixture(name: str, tools: None) -> None:
    from tests.netns import run

    result = run(["docker-compose", "-f", str(FW / "compose" / name), "config"])
    assert result.returncode == 0, result.stderr


def test_compose_v1_misreads_unquoted_21_21_and_ftpconf_does_not(tools: None) -> None:
    """The YAML 1.1 trap of docs/firewall.md §1e, on the real compose v1."""
    from ftpconf.firewall.readers.detect import read_paths
    from tests.netns import run

    path = FW / "compose" / "short-unquoted.yml"
    assert "target: 1281" in run(["docker-compose", "-f", str(path), "config"]).stdout
    [service] = read_paths([str(path)]).compose
    assert service.ports[1].container == (21, 21)
