"""Firewall readers on realistic files (tests/fixtures/firewall): what each one says is open, and where.

Expected values come from the files themselves and docs/firewall.md §1 (how iptables, nft,
firewalld, ufw and compose treat each construct), not from a previous run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ftpconf.firewall.policy import CLIENT_PORTS, Family, FirewallError, Ruleset, scan
from ftpconf.firewall.readers.common import ReadResult
from ftpconf.firewall.readers.detect import detect, read_paths
from ftpconf.source import SourceFile, read_source
from tests.conftest import FIXTURES

FW = FIXTURES / "firewall"


def status(rulesets: list[Ruleset], port: int, family: Family = "ipv4", state: str = "new", hook: str = "in") -> str:
    return scan(rulesets, hook, family, state, (port, port), CLIENT_PORTS)[0].outcome.status  # type: ignore[arg-type]


def read(*names: str) -> ReadResult:
    return read_paths([str(FW / n) for n in names])


def line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text().split("\n"), 1) if needle in text)


# --- detection ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("rhel6-sysconfig-iptables", "iptables"),
        ("seed000-sysconfig-iptables", "iptables"),
        ("debian-rules.v4", "iptables"),
        ("hand-written.rules", "iptables"),
        ("rules.v6", "iptables"),
        ("nftables/nftables.conf", "nftables"),
        ("nftables/ftp-helper.nft", "nftables"),
        ("nft-list-ruleset.txt", "nftables"),
        ("nft-commands.nft", "nftables"),
        ("nft-ruleset.json", "nft-json"),
        ("firewalld/zones/public.xml", "firewalld"),
        ("firewalld/services/ftp-passive.xml", "firewalld"),
        ("firewalld/firewalld.conf", "firewalld-conf"),
        ("ufw/user.rules", "ufw"),
        ("ufw/ufw.conf", "ufw-defaults"),
        ("ufw-status.txt", "ufw"),
        ("compose/short-unquoted.yml", "compose"),
        ("compose/long-syntax.yml", "compose"),
    ],
)
def test_detect(name: str, kind: str) -> None:
    assert detect(read_source(FW / name)) == kind


def test_unrecognised_file_is_an_error_naming_it(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("just some text\n")
    with pytest.raises(FirewallError, match=r"notes\.txt: not a firewall file"):
        read_paths([str(other)])


# --- iptables -----------------------------------------------------------------------------------------


def test_rhel_chain_seed_post_001() -> None:
    """INPUT jumps to RH-Firewall-1-INPUT, which opens 21 and 60000:60006 and rejects the rest."""
    path = FW / "rhel6-sysconfig-iptables"
    rulesets = read("rhel6-sysconfig-iptables").rulesets
    for port in (21, 22, 60000, 60003, 60006):
        assert status(rulesets, port) == "open"
    for port in (20, 23, 59999, 60007, 5353):  # 5353 is udp only
        assert status(rulesets, port) == "closed"
    decided = scan(rulesets, "in", "ipv4", "new", (60007, 60007), CLIENT_PORTS)[0].outcome.deciders[0]
    assert decided.line == line_of(path, "-j REJECT")
    assert rulesets[0].families == {"ipv4"}


def test_seed_post_000_lines_inserted_after_ssh() -> None:
    rulesets = read("seed000-sysconfig-iptables").rulesets
    assert [status(rulesets, p) for p in (21, 11100, 11111, 11112, 20)] == ["open", "open", "open", "closed", "closed"]


def test_iptables_save_counters_multiport_restrictions_and_raw_helper() -> None:
    path = FW / "debian-rules.v4"
    result = read("debian-rules.v4")
    rulesets = result.rulesets
    assert status(rulesets, 21) == "open"
    assert status(rulesets, 30002) == "partial"  # -s 203.0.113.0/24
    assert status(rulesets, 30005) == "open"  # multiport 30005:30009,8080
    assert status(rulesets, 8080) == "open"
    assert status(rulesets, 23) == "closed"  # ! --dport 23 -s 10.0.0.0/8: everything but 23, for 10/8
    assert status(rulesets, 24) == "partial"
    assert status(rulesets, 30002, state="related") == "open"  # --ctstate RELATED,ESTABLISHED
    [helper] = rulesets[0].helpers
    assert helper.dports is not None and 21 in helper.dports and helper.span.line == line_of(path, "--helper ftp")
    segment = scan(rulesets, "in", "ipv4", "new", (30002, 30002), CLIENT_PORTS)[0]
    assert segment.outcome.partial[0][1] == "source 203.0.113.0/24"
    assert segment.outcome.partial[0][0].line == line_of(path, "30000:30004")


def test_hand_written_names_inserted_rules_and_user_chain() -> None:
    rulesets = read("hand-written.rules").rulesets
    assert status(rulesets, 20) == "open"  # --dports ftp-data,ftp in the FTP chain
    assert status(rulesets, 21) == "open"
    assert status(rulesets, 22) == "open"  # --dport ssh
    assert status(rulesets, 40049) == "open"
    assert status(rulesets, 40050) == "closed"  # RETURN, then INPUT's policy DROP (-P INPUT DROP)
    assert status(rulesets, 50000, hook="out") == "closed"  # -P OUTPUT DROP
    assert status(rulesets, 53, hook="out") == "closed"  # only udp 53 is allowed out


def test_established_only_rule_does_not_accept_the_syn() -> None:
    """Seed post 004: --dport 30000:30999 -m state --state ESTABLISHED."""
    rulesets = read("seed004-script.rules").rulesets
    assert status(rulesets, 30000) == "closed"
    assert status(rulesets, 30000, state="established") == "open"


def test_ip6tables_file_covers_ipv6_only() -> None:
    rulesets = read("rules.v6").rulesets
    assert rulesets[0].families == {"ipv6"}
    assert status(rulesets, 21, family="ipv6") == "open"
    assert status(rulesets, 30000, family="ipv6") == "closed"
    assert status(rulesets, 30000, family="ipv4") == "open"  # not this file's business


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("*filter\n-A INPUT -p tcp --dport 30000-30009 -j ACCEPT\nCOMMIT\n", "ranges are written with ':'"),
        ("*filter\n-A INPUT -p tcp --dport ftpx -j ACCEPT\nCOMMIT\n", "invalid port or service name 'ftpx'"),
        ("*filter\n-A INPUT --dport 21 -j ACCEPT\nCOMMIT\n", "needs -p tcp"),
        ("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\n", "COMMIT expected"),
        ("*filter\n-A INPUT -j NOSUCHCHAIN\nCOMMIT\n", "chain 'NOSUCHCHAIN' does not exist"),
        ("-A INPUT -j ACCEPT\n", "outside a table"),
    ],
)
def test_iptables_restore_would_refuse(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.v4"
    path.write_text(text)
    with pytest.raises(FirewallError, match=message) as caught:
        read_paths([str(path)])
    assert str(path) in str(caught.value)


# --- nftables -----------------------------------------------------------------------------------------


def test_nftables_conf_defines_sets_vmaps_include_and_helper() -> None:
    main = FW / "nftables" / "nftables.conf"
    result = read("nftables/nftables.conf")
    rulesets = result.rulesets
    for family in ("ipv4", "ipv6"):
        assert status(rulesets, 21, family) == "open"  # vmap $FTP_CONTROL : accept
        assert status(rulesets, 30000, family) == "open"  # th dport @ftp_pasv, elements = { $FTP_PASV }
        assert status(rulesets, 30009, family) == "open"
        assert status(rulesets, 30010, family) == "closed"
        assert status(rulesets, 30010, family, state="related") == "open"
    assert status(rulesets, 22, "ipv4") == "partial"  # jump admin: ip saddr $ADMIN_NET accept
    assert status(rulesets, 22, "ipv6") == "closed"  # an ip saddr match never matches IPv6: admin's drop
    [helper] = rulesets[0].helpers
    assert helper.span.path.endswith("ftp-helper.nft") and helper.dports is not None and 21 in helper.dports
    assert str(main) in result.texts and any(p.endswith("ftp-helper.nft") for p in result.texts)
    policy = scan(rulesets, "in", "ipv4", "new", (40000, 40000), CLIENT_PORTS)[0].outcome.deciders[0]
    assert policy.line == line_of(main, "policy drop") and policy.path == str(main)


def test_nft_listing_with_comma_states_and_output_policy() -> None:
    rulesets = read("nft-list-ruleset.txt").rulesets
    assert status(rulesets, 30005) == "open"
    assert status(rulesets, 30006) == "partial"
    assert status(rulesets, 30006, "ipv6") == "closed"
    assert status(rulesets, 30006, state="related") == "open"  # ct state established,related accept
    assert status(rulesets, 50000, hook="out") == "closed"
    assert status(rulesets, 443, hook="out") == "open"


def test_nft_command_style_with_port_names_and_insert() -> None:
    rulesets = read("nft-commands.nft").rulesets
    assert status(rulesets, 20) == "open" and status(rulesets, 21) == "open"
    assert status(rulesets, 50100) == "open" and status(rulesets, 50101) == "closed"
    assert status(rulesets, 21, "ipv6") == "open"  # table ip: IPv6 is not filtered at all


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("table inet f {\n chain i {\n  tcp dport 30000:30009 accept\n }\n}\n", "ranges are written with '-'"),
        ("table inet f {\n chain i {\n  tcp dport $PASV accept\n }\n}\n", r"undefined variable \$PASV"),
        ('include "missing.nft"\n', "no such file"),
        ("table inet f {\n chain i {\n  tcp dport 21 accept\n }\n", "never closed"),
        ("table inet f {\n chain i {\n  tcp dport @nope accept\n }\n}\n", "set @nope does not exist"),
    ],
)
def test_nft_refuses(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.nft"
    path.write_text(text)
    with pytest.raises(FirewallError, match=message):
        read_paths([str(path)])


def test_include_loop_is_an_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a.nft").write_text('include "b.nft"\n')
    (tmp_path / "b.nft").write_text('include "a.nft"\n')
    with pytest.raises(FirewallError, match="include loop"):
        read_paths([str(tmp_path / "a.nft")])


def test_nft_json_sets_vmap_and_helper_object() -> None:
    result = read("nft-ruleset.json")
    rulesets = result.rulesets
    assert status(rulesets, 2121) == "open"  # vmap
    assert status(rulesets, 21) == "closed"
    assert status(rulesets, 30009) == "open"  # @ftp_pasv
    assert status(rulesets, 8050) == "open"  # anonymous set with a range
    assert status(rulesets, 30010, "ipv6") == "closed"
    [helper] = rulesets[0].helpers
    assert helper.dports is not None and list(helper.dports.intervals) == [(2121, 2121)]
    assert helper.span.line == 1 and helper.span.column > 1  # one line: the object's column tells which


def test_nft_json_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.json"
    path.write_text('{"nftables": [ {"table": } ]}\n')
    with pytest.raises(FirewallError, match="not valid JSON"):
        read_paths([str(path)])


# --- firewalld ----------------------------------------------------------------------------------------


def test_firewalld_directory_zones_custom_service_and_rich_rule() -> None:
    public = FW / "firewalld" / "zones" / "public.xml"
    rulesets = read("firewalld").rulesets
    assert status(rulesets, 21) == "open"  # public: service ftp; internal: port 21
    assert status(rulesets, 30049) == "open"  # ftp-passive service (public), 30000-30099 (internal)
    assert status(rulesets, 30050) == "partial"  # public: rich rule from 203.0.113.0/24 only
    assert status(rulesets, 30100) == "closed"
    assert status(rulesets, 9090) == "partial"  # cockpit in internal only
    [helper] = rulesets[0].helpers
    assert helper.span.path == str(public) and helper.span.line == line_of(public, '"ftp"')
    assert helper.dports is not None and list(helper.dports.intervals) == [(21, 21)]


def test_firewalld_unknown_service_is_a_note(tmp_path: Path) -> None:
    zone = tmp_path / "public.xml"
    zone.write_text('<zone>\n  <service name="vsftpd-data"/>\n</zone>\n')
    result = read_paths([str(zone)])
    assert [n.code for n in result.notes] == ["FTP440"] and result.notes[0].span.line == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<zone>\n  <port port="30000:30009" protocol="tcp"/>\n</zone>\n', "ranges are written with '-'"),
        ('<zone>\n  <port port="21" protocol="tcp">\n</zone>\n', "not well-formed XML"),
    ],
)
def test_firewalld_refuses(tmp_path: Path, text: str, message: str) -> None:
    zone = tmp_path / "public.xml"
    zone.write_text(text)
    with pytest.raises(FirewallError, match=message) as caught:
        read_paths([str(zone)])
    assert caught.value.line == 2 or caught.value.line == 3


# --- ufw ----------------------------------------------------------------------------------------------


def test_ufw_directory_reads_tuples_for_both_families() -> None:
    user = FW / "ufw" / "user.rules"
    rulesets = read("ufw").rulesets
    for family in ("ipv4", "ipv6"):
        assert status(rulesets, 21, family) == "open"
        assert status(rulesets, 30009, family) == "open"
        assert status(rulesets, 30010, family) == "partial"  # from 203.0.113.0/24 (v4), 2001:db8::/32 (v6)
        assert status(rulesets, 30020, family) == "closed"  # ufw's default incoming policy: deny
        assert status(rulesets, 990, family) == "partial"  # in_eth0
        assert status(rulesets, 30020, family, state="related") == "open"  # before.rules
    segment = scan(rulesets, "in", "ipv4", "new", (30010, 30010), CLIENT_PORTS)[0]
    assert segment.outcome.partial[0][0].line == line_of(user, "allow tcp 30010:30019")


def test_ufw_status_plain_and_verbose() -> None:
    plain = read("ufw-status.txt")
    assert status(plain.rulesets, 20) == "open"  # 20,21/tcp
    assert status(plain.rulesets, 30009) == "open"
    assert status(plain.rulesets, 21, "ipv6") == "open"
    assert status(plain.rulesets, 30000, "ipv6") == "closed"
    assert [n.code for n in plain.notes] == ["FTP440"]  # the WWW Full application profile
    verbose = read("ufw-status-verbose.txt").rulesets
    assert status(verbose, 40099) == "open" and status(verbose, 40100) == "closed"
    assert status(verbose, 50000, hook="out") == "closed"  # Default: ... deny (outgoing)


def test_ufw_inactive_filters_nothing(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    path.write_text("Status: inactive\n")
    assert read_paths([str(path)]).rulesets == []


# --- docker compose -------------------------------------------------------------------------------------


def test_compose_unquoted_21_21_is_not_base_60() -> None:
    [service] = read("compose/short-unquoted.yml").compose
    assert [(p.container, p.host) for p in service.ports] == [
        ((20, 20), (20, 20)),
        ((21, 21), (21, 21)),
        ((21100, 21110), (21100, 21110)),
    ]


def test_compose_quoted_ip_long_syntax_and_defaults() -> None:
    services = {s.name: s for s in read("compose/short-quoted-partial.yml", "compose/long-syntax.yml").compose}
    assert services["db"].ports[0].host_ip == "127.0.0.1" and not services["db"].looks_like_ftp
    long = services["ftpd"].ports
    assert long[0].host == (21, 21)  # "${FTP_PORT:-21}" with FTP_PORT unset
    assert long[1].container == (30000, 30009) and long[1].host == (30000, 30009)
    assert long[2].host == (990, 990) and long[3].host_ip == "127.0.0.1" and long[3].host == (2121, 2121)
    assert long[1].span.line == line_of(FW / "compose" / "long-syntax.yml", "30000-30009:")


def test_compose_shifted_and_host_network() -> None:
    services = {s.name: s for s in read("compose/shifted.yaml", "compose/host-network.yml").compose}
    assert services["pure-ftpd"].ports[1].host_port(30004) == 31004
    assert services["vsftpd"].host_network and services["vsftpd"].ports == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [('"30000-30005:30000-30009"', "different sizes"), ('"ftp:21"', "invalid port specification")],
)
def test_compose_refuses(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "compose.yml"
    path.write_text(f"services:\n  ftp:\n    ports:\n      - {entry}\n")
    with pytest.raises(FirewallError, match=message) as caught:
        read_paths([str(path)])
    assert caught.value.line == 4


def test_bytes_that_are_not_utf8_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "rules.v4"
    path.write_bytes(b"# \xff\xfe caf\xe9\n*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 21 -j ACCEPT\nCOMMIT\n")
    assert status(read_paths([str(path)]).rulesets, 21) == "open"
    assert detect(SourceFile("x", b"\x00\x01\x02")) is None


def test_a_directory_is_read_whole_however_many_files(tmp_path: Path) -> None:
    # The file that opens the passive range sorts last, after 600 that do not concern FTP.
    for n in range(600):
        (tmp_path / f"{n:04d}.rules").write_text("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n")
    opening = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 30000:30099 -j ACCEPT\nCOMMIT\n"
    (tmp_path / "zzzz.rules").write_text(opening)
    assert len(read_paths([str(tmp_path)]).rulesets) == 601
