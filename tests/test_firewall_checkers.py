"""Every generated format through the real tool that checks it (docs/firewall.md §3.1).

* nft: ``nft -c -f`` in a throwaway network namespace (checks against the kernel, loads nothing);
* iptables / ip6tables: a real ``iptables-restore`` / ``ip6tables-restore`` load in a throwaway
  namespace (``--test`` on the nf_tables backend only parses);
* firewalld: the generated script run with ``firewall-offline-cmd --system-config`` on a copy of
  /etc/firewalld, then ``--check-config``, then the service files it wrote are read back;
* ufw: the generated script run with ``ufw --dry-run`` on a copy of ufw's files, each command's
  would-be rules read back; the helper block for before.rules loaded with iptables-restore;
* compose: ``docker-compose config`` on a base file plus the generated override.

Each checker also gets one broken variant, to show it is live and would have said no.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli import run_cli_bytes
from tests.conftest import ROOT
from tests.netns import isolated, require_firewall_tools, run

FIXTURES = ROOT / "tests" / "fixtures" / "firewall_emit"
CONFIGS = sorted([*(ROOT / "samples").glob("*.conf"), *FIXTURES.glob("*.conf")], key=lambda p: (p.parent.name, p.name))
IDS = [f"{p.parent.name}/{p.name}" for p in CONFIGS]


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_firewall_tools()


def generate(config: Path, fmt: str, tmp: Path) -> Path:
    """``ftpconf firewall --format FMT CONFIG``, run in this process: the checkers below are what each test
    is about, and a fresh interpreter per rule set cost ~0.4 s of the ~1 s each test takes."""
    result = run_cli_bytes("firewall", "--format", fmt, str(config))
    assert result.returncode == 0, result.stderr
    out = tmp / f"rules.{fmt}"
    out.write_bytes(result.stdout)
    return out


# --- nft ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_nft_check_accepts(config: Path, tmp_path: Path) -> None:
    rules = generate(config, "nft", tmp_path)
    result = isolated(["nft", "-c", "-f", str(rules)])
    assert result.returncode == 0, result.stderr


def test_nft_check_is_live(tmp_path: Path) -> None:
    rules = generate(FIXTURES / "vsftpd-plain-active.conf", "nft", tmp_path)
    broken = tmp_path / "broken.nft"
    broken.write_text(rules.read_text().replace('type "ftp"', 'type "ftpz"'))
    result = isolated(["nft", "-c", "-f", str(broken)])
    assert result.returncode != 0 and "No such file or directory" in result.stderr, result


# --- iptables -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["iptables", "ip6tables"])
@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_iptables_restore_loads(config: Path, fmt: str, tmp_path: Path) -> None:
    rules = generate(config, fmt, tmp_path)
    result = isolated([f"{fmt}-restore"], stdin=rules.read_bytes())
    assert result.returncode == 0, result.stderr


def test_iptables_restore_is_live(tmp_path: Path) -> None:
    rules = generate(FIXTURES / "vsftpd-plain-active.conf", "iptables", tmp_path)
    broken = rules.read_text().replace("--helper ftp", "--helper ftpz")
    result = isolated(["iptables-restore"], stdin=broken.encode())
    assert result.returncode != 0 and "PREROUTING" in result.stderr, result


# --- firewalld ------------------------------------------------------------------------------------


def firewalld_copy(tmp: Path) -> Path:
    copy = tmp / "firewalld"
    shutil.copytree("/etc/firewalld", copy)
    return copy


def run_firewalld_script(script: Path, copy: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIREWALL_CMD": f"firewall-offline-cmd --system-config {copy}"}
    proc = subprocess.run(["unshare", "--net", "--", "sh", str(script)], capture_output=True, env=env, timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


# proftpd-vhosts.conf (35 commands, ~0.4 s each) is checked by the read-back test below.
FIREWALLD_CONFIGS = [p for p in CONFIGS if p.name != "proftpd-vhosts.conf"]


@pytest.mark.parametrize("config", FIREWALLD_CONFIGS, ids=[f"{p.parent.name}/{p.name}" for p in FIREWALLD_CONFIGS])
def test_firewall_offline_cmd_accepts(config: Path, tmp_path: Path) -> None:
    script = generate(config, "firewalld", tmp_path)
    copy = firewalld_copy(tmp_path)
    result = run_firewalld_script(script, copy)
    assert result.returncode == 0, result.stdout + result.stderr
    check = isolated(["firewall-offline-cmd", "--system-config", str(copy), "--check-config"])
    assert check.returncode == 0, check.stdout + check.stderr
    zone = ET.parse(copy / "zones" / "public.xml").getroot()
    added = {s.get("name") for s in zone.iter("service")} - {"ssh", "dhcpv6-client"}
    assert added and all(name and name.startswith("ftpconf") for name in added)
    assert {p.stem for p in (copy / "services").glob("*.xml")} == added


def test_firewalld_services_hold_what_the_config_needs(tmp_path: Path) -> None:
    """Read back what firewall-offline-cmd wrote for the three proftpd servers."""
    script = generate(FIXTURES / "proftpd-vhosts.conf", "firewalld", tmp_path)
    copy = firewalld_copy(tmp_path)
    assert run_firewalld_script(script, copy).returncode == 0
    check = isolated(["firewall-offline-cmd", "--system-config", str(copy), "--check-config"])
    assert check.returncode == 0, check.stdout + check.stderr
    services = {}
    for path in (copy / "services").glob("*.xml"):
        root = ET.parse(path).getroot()
        ports = sorted(p.get("port") or "" for p in root.iter("port"))
        destination = root.find("destination")
        where = tuple(sorted(destination.attrib.items())) if destination is not None else ()
        helpers = sorted(h.get("name") or "" for h in root.iter("helper"))
        services[where] = (ports, helpers)
    assert services == {
        (): (["2121", "40000-40009"], ["ftpconf-ftp-2121"]),
        (("ipv4", "192.0.2.10"),): (["21", "50000-50019"], ["ftp"]),
        (("ipv6", "2001:db8::10"),): (["60000-60099", "990"], ["ftpconf-ftp-990"]),
        (("ipv4", "192.0.2.11"),): (["60000-60099", "990"], ["ftpconf-ftp-990"]),
    }
    helper = ET.parse(copy / "helpers" / "ftpconf-ftp-2121.xml").getroot()
    assert helper.get("module") == "nf_conntrack_ftp"
    assert [(p.get("port"), p.get("protocol")) for p in helper.iter("port")] == [("2121", "tcp")]


def test_firewall_offline_cmd_is_live(tmp_path: Path) -> None:
    script = generate(FIXTURES / "vsftpd-plain-active.conf", "firewalld", tmp_path)
    script.write_text(script.read_text().replace("30000-30009/tcp", "30000:30009/tcp"))
    result = run_firewalld_script(script, firewalld_copy(tmp_path))
    assert result.returncode != 0 and "INVALID_PORT" in result.stdout + result.stderr, result


# --- ufw ------------------------------------------------------------------------------------------


def ufw_copy(tmp: Path) -> Path:
    root = tmp / "ufw"
    shutil.copytree("/etc/ufw", root / "etc/ufw")
    shutil.copytree("/lib/ufw", root / "lib/ufw")
    (root / "etc/default").mkdir(parents=True)
    shutil.copy("/etc/default/ufw", root / "etc/default/ufw")
    return root


def ufw_dry_run(script: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    """The script with ``ufw`` meaning ``ufw --rootdir=COPY --datadir=COPY --dry-run``."""
    root = ufw_copy(tmp)
    wrapper = tmp / "bin" / "ufw"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec /usr/sbin/ufw --rootdir={root} --datadir={root} --dry-run "$@"\n')
    wrapper.chmod(0o755)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    env = {**os.environ, "PATH": f"{wrapper.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    proc = subprocess.run(["unshare", "--net", "--", "sh", str(script)], capture_output=True, env=env, timeout=300)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before, "--dry-run changed files"
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_ufw_dry_run_accepts(config: Path, tmp_path: Path) -> None:
    script = generate(config, "ufw", tmp_path)
    result = ufw_dry_run(script, tmp_path)
    assert result.returncode == 0 and "ERROR" not in result.stdout + result.stderr, result
    commands = [line for line in script.read_text().splitlines() if line.startswith("ufw ")]
    # ufw prints one tuple per rule and family; every command must have produced at least one.
    assert result.stdout.count("### tuple ### allow tcp ") >= len(commands) > 0


def test_ufw_rules_are_what_the_config_needs(tmp_path: Path) -> None:
    script = generate(FIXTURES / "vsftpd-plain-active.conf", "ufw", tmp_path)
    result = ufw_dry_run(script, tmp_path)
    tuples = sorted(set(re.findall(r"### tuple ### (allow tcp \S+ \S+ any \S+ in)", result.stdout)))
    # vsftpd listens on 192.0.2.21 only: IPv4 rules for that destination, none for IPv6.
    assert tuples == [
        "allow tcp 21 192.0.2.21 any 0.0.0.0/0 in",
        "allow tcp 30000:30009 192.0.2.21 any 0.0.0.0/0 in",
    ]


def test_ufw_dry_run_is_live(tmp_path: Path) -> None:
    script = generate(FIXTURES / "vsftpd-plain-active.conf", "ufw", tmp_path)
    script.write_text(script.read_text().replace("port 30000:30009", "port 30000-30009"))
    result = ufw_dry_run(script, tmp_path)
    assert result.returncode != 0 and "ERROR: Bad port" in result.stdout + result.stderr, result


def test_ufw_helper_block_loads(tmp_path: Path) -> None:
    """The raw-table block the ufw script tells the user to append to before.rules."""
    script = generate(FIXTURES / "vsftpd-plain-active.conf", "ufw", tmp_path).read_text()
    rest = script.partition("append to /etc/ufw/before.rules")[2]
    block = [line.removeprefix("#   ") for line in rest.splitlines() if line.startswith("#   ")]
    block = block[: block.index("COMMIT") + 1]
    assert block[0] == "*raw" and any("-j CT --helper ftp" in line for line in block)
    result = isolated(["iptables-restore"], stdin=("\n".join(block) + "\n").encode())
    assert result.returncode == 0, result.stderr


# --- compose --------------------------------------------------------------------------------------


def compose_config(override: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    base = tmp / "compose.yaml"
    base.write_text("services:\n  ftp:\n    image: example/ftp\n")
    return run(["docker-compose", "-f", str(base), "-f", str(override), "config"], timeout=120)


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_docker_compose_config_accepts(config: Path, tmp_path: Path) -> None:
    override = generate(config, "compose", tmp_path)
    result = compose_config(override, tmp_path)
    assert result.returncode == 0, result.stderr
    pairs = re.findall(r"- published: (\d+)\n\s+target: (\d+)", result.stdout)
    assert pairs and all(published == target for published, target in pairs), result.stdout
    # Every port the override names survives compose's own reading (no YAML 1.1 base-60 surprise).
    published = {int(p) for p, _ in pairs}
    for low, high in re.findall(r'- "(\d+)(?:-(\d+))?:', override.read_text()):
        assert set(range(int(low), int(high or low) + 1)) <= published


def test_docker_compose_config_is_live(tmp_path: Path) -> None:
    override = generate(FIXTURES / "vsftpd-plain-active.conf", "compose", tmp_path)
    override.write_text(override.read_text().replace('"30000-30009:30000-30009"', '"30000-30009:30000-30005"'))
    result = compose_config(override, tmp_path)
    assert result.returncode != 0, result
