"""The dialect table: one row per daemon, the only place code outside ftpconf/dialects/ learns about one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from ftpconf.dialects import registry
from ftpconf.dialects.base import DialectCode, InvocationError
from ftpconf.lint import UnsupportedDialect, lint_invocation
from ftpconf.model import DialectName
from tests.conftest import ROOT


def test_the_table_and_the_model_name_the_same_dialects() -> None:
    assert get_args(DialectName) == registry.NAMES


@pytest.mark.parametrize("dialect", registry.DIALECTS, ids=lambda d: d.name)
def test_every_row_has_its_code(dialect: registry.Dialect) -> None:
    assert isinstance(dialect.code, DialectCode)
    assert dialect.code.name == dialect.name == dialect.forms[0]
    assert registry.get(dialect.name) is dialect
    assert all(registry.get(alias) is dialect for alias in dialect.aliases)


def test_each_dialect_hands_out_its_own_catalogue() -> None:
    from ftpconf import catalog

    assert registry.get("vsftpd").code.catalogue() is catalog.vsftpd()
    assert registry.get("proftpd").code.catalogue() is catalog.proftpd()
    assert registry.get("pure-ftpd").code.catalogue() is catalog.pureftpd()


def test_an_unknown_dialect_names_the_known_ones() -> None:
    with pytest.raises(registry.UnknownDialect, match="vsftpd, proftpd, pureftpd"):
        registry.get("wu-ftpd")


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("/etc/vsftpd.conf", "", "vsftpd"),
        ("/etc/proftpd/conf.d/tls.conf", "", "proftpd"),
        ("/etc/pure-ftpd/pure-ftpd.conf", "", "pureftpd"),
        ("ftp.conf", "listen=YES\nanonymous_enable=NO\n", "vsftpd"),
        ("ftp.conf", "<Global>\n  Umask 022\n</Global>\nPort 21\n", "proftpd"),
        ("ftp.conf", "ChrootEveryone yes\nNoAnonymous yes\n", "pureftpd"),
        ("start.sh", "exec /usr/sbin/pure-ftpd -p 30000:30009\n", "pureftpd"),
        ("ftp.conf", "# nothing here\n", None),
    ],
)
def test_detect_by_name_then_content(path: str, text: str, expected: str | None) -> None:
    found = registry.detect(path, text)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("vsftpd -olisten_port=2121 /etc/vsftpd.conf", "vsftpd"),
        ("/usr/sbin/vsftpd /etc/vsftpd/vsftpd.conf", "vsftpd"),
        ("exec /usr/sbin/proftpd -n -c /etc/proftpd/proftpd.conf", "proftpd"),
        ('["/usr/sbin/pure-ftpd", "-p", "30000:30009"]', "pureftpd"),
        ("pure-ftpd-wrapper", "pureftpd"),
        ("-olisten_port=2121 /etc/vsftpd.conf", None),
        ("sudo -u ftp /usr/sbin/proftpd -t", "proftpd"),  # the program after sudo's own options
        ("env TZ=UTC /usr/sbin/vsftpd", "vsftpd"),
        ("echo vsftpd", None),  # an argument names no program
        ("/usr/bin/logger started proftpd", None),
        ("ExecStart=/usr/sbin/pure-ftpd -A", "pureftpd"),  # as quoted from a carrier
    ],
)
def test_a_command_line_names_its_daemon(command: str, expected: str | None) -> None:
    found = registry.for_command(command)
    assert (found.name if found else None) == expected


def test_a_command_line_without_a_program_needs_dialect() -> None:
    with pytest.raises(UnsupportedDialect, match="--dialect"):
        lint_invocation("-olisten_port=2121")


def test_cmdline_works_for_every_daemon(tmp_path: Path) -> None:
    vsftpd = tmp_path / "vsftpd.conf"
    vsftpd.write_text("listen=YES\npasv_min_port=30000\npasv_max_port=30009\n")
    proftpd = tmp_path / "proftpd.conf"
    proftpd.write_text("<IfDefine PUBLIC>\nPassivePorts 30000 30009\n</IfDefine>\n")
    ranges = {
        "vsftpd": lint_invocation(f"vsftpd {vsftpd} -opasv_max_port=30019"),  # left to right
        "proftpd": lint_invocation(f"proftpd -n -c {proftpd} -D PUBLIC"),
        "pureftpd": lint_invocation("/usr/sbin/pure-ftpd -p 30000:30029 -E"),
    }
    assert {name: str(r.config.servers[0].passive.effective_range) for name, r in ranges.items()} == {
        "vsftpd": "30000-30019",
        "proftpd": "30000-30009",
        "pureftpd": "30000-30029",
    }
    assert {name: r.dialect for name, r in ranges.items()} == {n: n for n in ranges}


def test_proftpd_command_line_options(tmp_path: Path) -> None:
    conf = tmp_path / "proftpd.conf"
    conf.write_text("SocketBindTight on\nPort 2121\n")
    result = lint_invocation(f"proftpd --nodaemon -4 -S 192.0.2.7 --config={conf}")
    listen = result.config.servers[0].listen
    assert (listen.address.effective, listen.ipv6) == ("192.0.2.7", False)
    assert listen.address.origin.describe() == "<command line>:1 (-S 192.0.2.7)"
    # Without SocketBindTight the server listens on every address whatever -S says.
    conf.write_text("Port 2121\n")
    assert lint_invocation(f"proftpd -S 192.0.2.7 -c {conf}").config.servers[0].listen.address.effective is None


def test_the_dialect_in_use_is_the_only_one_imported() -> None:
    """A cold vsftpd lint imports neither the proftpd nor the pure-ftpd code, catalogue or checks (cold start)."""
    sample = ROOT / "samples" / "vsftpd-clean.conf"
    script = (
        "import sys\n"
        "from ftpconf.lint import lint_path\n"
        f"lint_path({str(sample)!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith('ftpconf.')))\n"
    )
    loaded = ast.literal_eval(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True).stdout)
    assert "ftpconf.dialects.vsftpd.reader" in loaded
    assert "ftpconf.rules.ports" in loaded
    others = {m for m in loaded if "proftpd" in m or "pureftpd" in m}
    assert not others, others


def test_every_dialects_rules_are_in_the_rule_registry() -> None:
    """`rules`, `explain` and the docs import each dialect's own checks, which a lint imports only for its files."""
    from ftpconf.registry import RULE_MODULES

    for dialect in registry.DIALECTS:
        assert set(dialect.rule_modules) <= set(RULE_MODULES), dialect.name


def _dialect_name_comparisons(path: Path) -> list[str]:
    """``x == "proftpd"``, ``x in ("vsftpd", ...)`` and the like in one module."""
    spellings = set(registry.spellings())
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for operand in (node.left, *node.comparators):
            names = [operand] if isinstance(operand, ast.Constant) else getattr(operand, "elts", [])
            if any(isinstance(n, ast.Constant) and n.value in spellings for n in names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_dialect_name_is_compared_outside_the_dialects() -> None:
    package = ROOT / "ftpconf"
    outside = [p for p in package.rglob("*.py") if package / "dialects" not in p.parents]
    assert [hit for path in outside for hit in _dialect_name_comparisons(path)] == []


@pytest.mark.parametrize(
    ("arguments", "refused"),
    [
        ("-t -c {conf}", False),
        ("-tc {conf}", False),
        ("-t -c{conf}", False),
        ("-t --config={conf}", False),
        ("-t --define X -c {conf}", False),
        ("-t -c {conf} --def X", False),
        ("-t -c {conf} -S 127.0.0.1 -4 -6 -N -q -n -X", False),
        ("-t -c {conf} --ipv4 --nodaemon -p 1 -d 5", False),
        ("-t -c {conf} extra", True),
        ("-t -c {conf} -- extra", True),
        ("-t -c {conf} -", True),
        ("-t -c {conf} -Z", True),
        ("-t -c {conf} --nosuch", True),
        ("-t -c {conf} --conf={conf}", True),  # ambiguous: --config or --configtest
        ("-t -c {conf} -d", True),
        ("-t -c {conf} -D", True),
        ("-t -c {conf} --serveraddr", True),
        ("-t -c proftpd.conf", True),  # -c requires an absolute path
    ],
)
def test_proftpd_command_lines_as_the_binary_parses_them(tmp_path: Path, arguments: str, refused: bool) -> None:
    """Each command line is refused by ftpconf exactly when Debian's proftpd refuses it."""
    from tests import daemons

    conf = tmp_path / "proftpd.conf"
    modules = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES
    conf.write_text(f"ModulePath {modules}\nServerType standalone\nPort 2121\nUser nobody\nGroup nogroup\n")
    argv = arguments.format(conf=conf).split()
    binary = subprocess.run([daemons._binary(daemons.PROFTPD), *argv], capture_output=True, timeout=15, cwd=tmp_path)
    assert (binary.returncode != 0) == refused, binary.stderr.decode(errors="replace")
    from ftpconf.dialects.proftpd.invocation import parse

    if refused:
        with pytest.raises(InvocationError):
            parse(["proftpd", *argv])
    else:
        parse(["proftpd", *argv])


@pytest.mark.parametrize("command", ['vsftpd "', 'proftpd -c "/etc/proftpd.conf'])
def test_an_unbalanced_quote_is_unusable_input_not_a_traceback(command: str) -> None:
    with pytest.raises(UnsupportedDialect, match="cannot split the command line"):
        lint_invocation(command)


def test_runners_before_the_proftpd_program_are_skipped(tmp_path: Path) -> None:
    conf = tmp_path / "proftpd.conf"
    conf.write_text("Port 2121\n")
    for runner in ("exec", "gosu ftp", "env -u X TZ=UTC", "tini --", "sudo -u ftp"):
        result = lint_invocation(f"{runner} /usr/sbin/proftpd -n -c {conf}")
        assert result.config.servers[0].listen.port.effective == 2121, runner
