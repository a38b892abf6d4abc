"""The Ansible collection (ansible/, issue 19 part 2) as an admin uses it: built with ansible-galaxy, installed
offline from the tarball, and run by ansible-playbook against an inventory of four hosts that all map to this
machine (local connection), each with its own FTP configuration: a sound vsftpd, a proftpd the daemon refuses,
a pure-ftpd with warnings, and a vsftpd refused on a line that holds a password.  One playbook run records
what every task gave each host; the tests below judge those records.  Also the
``template: validate: "ftpconf lint --fail-on error %s"`` use documented in ansible/README.md (issue 18 §7)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ftpconf.convert import TARGETS
from ftpconf.lint import lint_source
from ftpconf.source import SourceFile
from tests.conftest import IN_CI, ROOT

# One playbook run serves every test here: keep them on one xdist worker.
pytestmark = pytest.mark.xdist_group("ansible")

SECRET = "S3cretPassw0rd"
CONFIGS = {
    # host: (file name, text, convert target)
    "good-vsftpd": ("vsftpd.conf", (ROOT / "samples" / "vsftpd-clean.conf").read_text(), "proftpd"),
    "broken-proftpd": (
        "proftpd.conf",
        'ServerName "files"\nServerType standalone\nPort 2121\nUser nobody\nGroup nogroup\n'
        f"PassivePorts 40000 40009\nSQLConectInfo ftpdb@localhost ftpuser {SECRET}\nTimeoutIdel 600\n",
        "vsftpd",
    ),
    "pure-ftpd": ("pure-ftpd.conf", (ROOT / "samples" / "pure-ftpd.conf").read_text(), "vsftpd"),
    # vsftpd refuses the line, and its own message repeats it: "500 OOPS: missing value in config file for:
    # ftp_password S3cretPassw0rd" (checked on vsftpd 3.0.3); ftpconf's FTP101 quotes it, masked in reports.
    "typo-vsftpd": (
        "vsftpd.conf",
        "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\npasv_min_port=50000\npasv_max_port=50009\n"
        f"ftp_password {SECRET}\n",
        "pureftpd",
    ),
}
PREVIOUS = "# the configuration deployed before\n"

PLAYBOOK = """\
- hosts: ftp
  gather_facts: false
  tasks:
    - name: Lint at the default threshold (error)
      ftpconf.ftpconf.lint:
        path: "{{ ftp_config }}"
      register: lint_default
      ignore_errors: true

    - name: Lint, failing on warnings
      ftpconf.ftpconf.lint:
        path: "{{ ftp_config }}"
        fail_on: warning
      register: lint_warning
      ignore_errors: true

    - name: Lint in check mode, failing on nothing
      ftpconf.ftpconf.lint:
        path: "{{ ftp_config }}"
        dialect: auto
        fail_on: never
      check_mode: true
      register: lint_never

    - name: A file the host does not have
      ftpconf.ftpconf.lint:
        path: "{{ ftp_config }}.missing"
        fail_on: never
      register: lint_missing
      ignore_errors: true

    - name: Deploy through ftpconf lint as the validator
      ansible.builtin.template:
        src: "{{ ftp_config }}"
        dest: "{{ deploy_dir }}/{{ inventory_hostname }}.conf"
        validate: "ftpconf lint --fail-on error %s"
      register: deployed
      ignore_errors: true

    - name: Record what each host got
      ansible.builtin.copy:
        dest: "{{ record_dir }}/{{ inventory_hostname }}.json"
        content: "{{ record | to_nice_json }}"
      vars:
        text: "{{ lookup('ansible.builtin.file', ftp_config) }}"
        record:
          default: "{{ lint_default }}"
          warning: "{{ lint_warning }}"
          never: "{{ lint_never }}"
          missing: "{{ lint_missing }}"
          deployed: "{{ deployed }}"
          ports: "{{ text | ftpconf.ftpconf.firewall_ports }}"
          converted: "{{ text | ftpconf.ftpconf.convert(convert_to) }}"
"""


@dataclass(frozen=True)
class Run:
    records: dict[str, dict[str, Any]]
    output: str  # everything ansible-playbook printed
    hosts_dir: Path
    deploy_dir: Path
    tmp: Path
    env: dict[str, str]  # what the playbook ran with: this checkout's ftpconf, the installed collection


def _require(condition: bool, why: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"{why}: CI installs the dev extras (pyproject.toml), which include it")
        pytest.skip(why)


def _has_ansible_core() -> bool:
    try:  # ansible.release: the collection's own ansible/ folder is a namespace package without it
        return importlib.util.find_spec("ansible.release") is not None
    except ImportError:
        return False


def _ansible(tool: str, *args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``ansible-<tool>`` with this interpreter, which is the one that can import ftpconf."""
    done = subprocess.run(
        [sys.executable, "-m", f"ansible.cli.{tool}", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"ansible-{tool} {' '.join(args)} exited {done.returncode}:\n{output}"
    return done


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    _require(_has_ansible_core(), "ansible-core is not installed")
    bin_dir = Path(sys.executable).parent
    _require((bin_dir / "ftpconf").exists(), f"the ftpconf command is not installed in {bin_dir}")
    tmp = tmp_path_factory.mktemp("ansible")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        "PATH": os.pathsep.join((str(bin_dir), os.environ.get("PATH", ""))),  # validate: runs `ftpconf lint`
        "ANSIBLE_CONFIG": str(tmp / "ansible.cfg"),  # nothing from the user's own configuration
        "ANSIBLE_HOME": str(tmp / "home"),
        "ANSIBLE_LOCAL_TEMP": str(tmp / "home" / "tmp"),
        "ANSIBLE_REMOTE_TMP": str(tmp / "home" / "remote"),
        "ANSIBLE_COLLECTIONS_PATH": str(tmp / "collections"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
    }
    (tmp / "ansible.cfg").write_text("[defaults]\nretry_files_enabled = False\n")
    build = ("collection", "build", str(ROOT / "ansible"), "--output-path", str(tmp / "dist"))
    _ansible("galaxy", *build, cwd=tmp, env=env)
    (tarball,) = (tmp / "dist").glob("ftpconf-ftpconf-*.tar.gz")
    _ansible(
        "galaxy", "collection", "install", "--offline", "-p", str(tmp / "collections"), str(tarball), cwd=tmp, env=env
    )

    hosts_dir, deploy_dir, record_dir = tmp / "hosts", tmp / "deployed", tmp / "records"
    for folder in (hosts_dir, deploy_dir, record_dir):
        folder.mkdir()
    lines = ["[ftp]"]
    for host, (name, text, target) in CONFIGS.items():
        (hosts_dir / host).mkdir()
        (hosts_dir / host / name).write_text(text)
        (deploy_dir / f"{host}.conf").write_text(PREVIOUS)
        lines.append(f"{host} ftp_config={hosts_dir / host / name} convert_to={target}")
    lines += [
        "[ftp:vars]",
        "ansible_connection=local",
        "ansible_python_interpreter={{ ansible_playbook_python }}",
        f"deploy_dir={deploy_dir}",
        f"record_dir={record_dir}",
    ]
    (tmp / "inventory.ini").write_text("\n".join(lines) + "\n")
    (tmp / "site.yml").write_text(PLAYBOOK)
    played = _ansible("playbook", "-i", "inventory.ini", "site.yml", cwd=tmp, env=env)
    records = {host: json.loads((record_dir / f"{host}.json").read_text()) for host in CONFIGS}
    return Run(records, played.stdout + played.stderr, hosts_dir, deploy_dir, tmp, env)


def _codes(result: dict[str, Any]) -> list[str]:
    return sorted(d["code"] for d in result["diagnostics"])


def test_lint_reports_each_hosts_findings(run: Run) -> None:
    never = {host: record["never"] for host, record in run.records.items()}
    assert _codes(never["good-vsftpd"]) == []
    # proftpd -t refuses both misspelt directives; the default rule set, as `ftpconf lint` runs it (TLS advice,
    # FTP501/502, is in the opt-in hardening group)
    assert _codes(never["broken-proftpd"]) == ["FTP130", "FTP130"]
    assert never["broken-proftpd"]["counts"] == {"error": 2, "warning": 0, "info": 0}
    assert _codes(never["pure-ftpd"]) == ["FTP260", "FTP302"]
    assert _codes(never["typo-vsftpd"]) == ["FTP101"]
    assert {h: r["dialect"] for h, r in never.items()} == {
        "good-vsftpd": "vsftpd",
        "broken-proftpd": "proftpd",
        "pure-ftpd": "pureftpd",
        "typo-vsftpd": "vsftpd",
    }
    typo = next(d for d in never["broken-proftpd"]["diagnostics"] if "TimeoutIdel" in d["message"])
    path = str(run.hosts_dir / "broken-proftpd" / "proftpd.conf")
    assert (typo["severity"], typo["path"], typo["line"], typo["column"]) == ("error", path, 8, 1)


def test_the_task_fails_by_threshold(run: Run) -> None:
    failed = {
        threshold: sorted(host for host, record in run.records.items() if record[threshold].get("failed"))
        for threshold in ("default", "warning", "never")
    }
    assert failed == {
        "default": ["broken-proftpd", "typo-vsftpd"],
        "warning": ["broken-proftpd", "pure-ftpd", "typo-vsftpd"],
        "never": [],
    }
    message = run.records["broken-proftpd"]["default"]["msg"]
    assert "2 finding(s) at or above error" in message and "TimeoutIdel" in message
    assert "FTP501" not in message  # a warning is below the default threshold
    # the findings come back with the failure too, for a rescue block or a report
    assert _codes(run.records["pure-ftpd"]["warning"]) == _codes(run.records["pure-ftpd"]["never"])


def test_check_mode_lints_the_same_and_changes_nothing(run: Run) -> None:
    for record in run.records.values():
        assert record["never"]["changed"] is False
        assert record["never"]["diagnostics"] == record["warning"]["diagnostics"]


def test_an_unreadable_file_fails_even_with_fail_on_never(run: Run) -> None:
    for host, record in run.records.items():
        missing = record["missing"]
        assert missing["failed"] is True, host
        assert str(run.hosts_dir / host) in missing["msg"] and ".missing" in missing["msg"]


def test_secrets_stay_masked(run: Run) -> None:
    (typo,) = (d for d in run.records["typo-vsftpd"]["never"]["diagnostics"] if d["code"] == "FTP101")
    assert typo["message"].startswith(f"unknown option `ftp_password {'*' * len(SECRET)}`")
    assert SECRET not in run.output  # task results, failure messages, convert warnings
    assert SECRET not in json.dumps(run.records)


def test_firewall_ports_filter(run: Run) -> None:
    assert {host: record["ports"] for host, record in run.records.items()} == {
        "good-vsftpd": ["21/tcp", "30000-30049/tcp"],  # pasv_min_port / pasv_max_port; listen_port default 21
        "broken-proftpd": ["2121/tcp", "40000-40009/tcp"],  # Port, PassivePorts
        "pure-ftpd": ["21/tcp", "30000-30009/tcp"],  # PassivePortRange
        "typo-vsftpd": ["21/tcp", "50000-50009/tcp"],
    }


def test_convert_filter(run: Run) -> None:
    expected = {  # host: (target, control port, passive range, advertised address) the output must keep
        "good-vsftpd": ("proftpd", 21, (30000, 30049), "203.0.113.10"),
        "broken-proftpd": ("vsftpd", 2121, (40000, 40009), None),
        "pure-ftpd": ("vsftpd", 21, (30000, 30009), "192.168.1.10"),
        "typo-vsftpd": ("pureftpd", 21, (50000, 50009), None),
    }
    for host, (target, port, (low, high), address) in expected.items():
        text = run.records[host]["converted"]
        assert f"Written by ftpconf convert --to {target}" in text
        (server, *_) = lint_source(SourceFile("converted", text.encode()), target).config.servers
        assert server.listen.port.effective == port, host
        assert (server.passive.effective_range.low, server.passive.effective_range.high) == (low, high), host
        assert server.passive.advertised_address.effective == address, host
    # what could not be carried over is said, with the source line
    assert "not carried over: FTP902 line 1: proftpd `ServerName` has no vsftpd equivalent" in run.output


REFUSED = {  # hosts whose template the validator must refuse, and the finding it prints
    "broken-proftpd": "FTP130 error: fatal: unknown configuration directive 'TimeoutIdel'",
    "typo-vsftpd": "FTP101 error: unknown option `ftp_password",
}


REFUSED = {  # hosts whose template the validator must refuse, and the finding it prints
    "broken-proftpd": "FTP130 error: fatal: unknown configuration directive 'TimeoutIdel'",
    "typo-vsftpd": "FTP101 error: unknown option `ftp_password",
}


def test_template_validated_by_ftpconf_lint(run: Run) -> None:
    for host, (name, text, _) in CONFIGS.items():
        deployed = (run.deploy_dir / f"{host}.conf").read_text()
        result = run.records[host]["deployed"]
        if host in REFUSED:  # the daemon would refuse it: the task fails, the old file stays
            assert result["failed"] is True
            assert "failed to validate" in result["msg"]
            assert REFUSED[host] in result["stdout"]
            assert deployed == PREVIOUS
        else:  # warnings do not stop a deployment at --fail-on error
            assert result.get("failed") is not True, host
            assert deployed.rstrip("\n") == text.rstrip("\n"), name


def test_the_installed_plugins_are_documented(run: Run) -> None:
    """ansible-doc reads the docs from the installed tarball: the action's options as it validates them."""
    found = {}
    for kind, name in (("module", "lint"), ("filter", "convert"), ("filter", "firewall_ports")):
        shown = _ansible("doc", "-j", "-t", kind, f"ftpconf.ftpconf.{name}", cwd=run.tmp, env=run.env).stdout
        (doc,) = json.loads(shown).values()
        found[name] = doc["doc"]["options"]
    assert found["lint"]["fail_on"]["choices"] == ["error", "warning", "info", "never"]
    assert found["lint"]["fail_on"]["default"] == "error" and found["lint"]["path"]["required"] is True
    assert found["convert"]["to"]["choices"] == list(TARGETS)
    assert set(found["firewall_ports"]) == {"_input", "dialect"}
