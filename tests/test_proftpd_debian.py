"""Debian's stock proftpd configuration (from the proftpd-core package) lints without an error, and the
real binary agrees; the writer's output is accepted by `proftpd -t`, reads back to the same
data-connection model and behaves that way on a live daemon."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftpconf.diagnostics import Severity
from ftpconf.dialects.proftpd import reader, writer
from ftpconf.lint import ReadOptions, lint_source
from ftpconf.model import Server
from ftpconf.source import SourceFile, read_source
from tests import daemons

TEMPLATES = "proftpd-core/usr/share/proftpd/templates"


def _stock_tree(tmp_path: Path) -> Path:
    """/etc/proftpd as Debian's postinst writes it (from the templates), moved under tmp_path.

    The postinst also creates the system user `proftpd` and /var/log/proftpd; here `User nobody` and
    directories under tmp_path stand in, because `proftpd -t` checks that the user exists and opens
    ControlsLog (`fatal: User: Unknown user 'proftpd'`): host facts ftpconf does not model.
    """
    root = daemons.require_daemons()
    etc = tmp_path / "etc" / "proftpd"
    (etc / "conf.d").mkdir(parents=True)
    (tmp_path / "var" / "log" / "proftpd").mkdir(parents=True)
    (tmp_path / "var" / "run" / "proftpd").mkdir(parents=True)
    modules = root / daemons.PROFTPD_MODULES
    for template in sorted((root / TEMPLATES).glob("*.conf")):
        text = template.read_text().replace("/etc/proftpd", str(etc)).replace("/usr/lib/proftpd", str(modules))
        text = text.replace("\nUser proftpd\n", "\nUser nobody\n")
        for system_dir in ("/var/log/proftpd", "/var/run/proftpd"):
            text = text.replace(system_dir, str(tmp_path / system_dir.strip("/")))
        (etc / template.name).write_text(text)
    return etc / "proftpd.conf"


def test_stock_configuration_has_no_error_and_proftpd_accepts_it(tmp_path: Path) -> None:
    main = _stock_tree(tmp_path)
    verdict = daemons.proftpd_configtest(main.read_bytes())
    assert verdict.accepted, verdict.message
    # The tree loads its own modules (modules.conf), so start from the compiled-in set.
    result = lint_source(read_source(main), "proftpd", ReadOptions(modules=()))
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert str(main.parent / "modules.conf") in result.texts
    for path, text in result.texts.items():
        assert Path(path).read_text() == text


@pytest.mark.parametrize("name", ["proftpd.conf", "modules.conf", "tls.conf", "sql.conf", "virtuals.conf"])
def test_stock_files_alone_lint_without_error(name: str) -> None:
    path = daemons.require_daemons() / TEMPLATES / name
    result = lint_source(read_source(path), "proftpd")
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR], name


def test_debian_conf_d_directory_has_no_error() -> None:
    conf_d = daemons.require_daemons() / "proftpd-core/etc/proftpd/conf.d"
    for path in sorted(p for p in conf_d.iterdir() if p.is_file()):
        result = lint_source(read_source(path), "proftpd")
        assert not [d for d in result.diagnostics if d.severity is Severity.ERROR], path


SEED = b"""\
PassivePorts 30000 30099
MasqueradeAddress 203.0.113.10
MaxClients 20
<Global>
  <Limit PORT>
    DenyAll
  </Limit>
</Global>
<Limit EPRT>
  DenyAll
</Limit>
<Anonymous ~ftp>
  User ftp
  <Limit WRITE>
    DenyAll
  </Limit>
</Anonymous>
"""


def _data_model(server: Server) -> tuple[object, ...]:
    passive = server.passive
    return (
        server.commands.accepted,
        str(passive.effective_range),
        passive.advertised_address.effective,
        passive.allow_foreign_address.effective,
        server.access.anonymous.effective,
        server.access.anonymous_upload.effective,
        server.limits.max_clients.effective,
    )


def test_writer_output_is_accepted_reads_back_and_behaves(tmp_path: Path) -> None:
    daemons.require_daemons()
    source = reader.read(SourceFile("seed.conf", SEED), ReadOptions(modules=()))
    text = writer.write(source.config)[0].encode()
    assert b"<Limit PORT EPRT>" in text
    verdict = daemons.proftpd_configtest(text)
    assert verdict.accepted, verdict.message
    again = reader.read(SourceFile("written.conf", text), ReadOptions(modules=()))
    assert not [d for d in again.diagnostics if d.severity is Severity.ERROR]
    assert _data_model(again.config.servers[0]) == _data_model(source.config.servers[0])
    probe = daemons.probe_proftpd(text, samples=5)
    assert probe.code("PORT") == 501 and probe.code("EPRT") == 501  # refused, as the model says
    assert probe.code("PASV") == 227 and probe.code("EPSV") == 229
    assert probe.pasv_host == "203.0.113.10"
    assert probe.port_range is not None and 30000 <= probe.port_range[0] <= probe.port_range[1] <= 30099


def test_writer_refuses_passive_through_both_commands() -> None:
    source = reader.read(SourceFile("p.conf", b"<Limit PASV EPSV>\nDenyAll\n</Limit>\n"), ReadOptions(modules=()))
    text = writer.write(source.config)[0]
    assert "<Limit PASV EPSV>" in text
    again = reader.read(SourceFile("w.conf", text.encode()), ReadOptions(modules=()))
    assert again.config.servers[0].commands.accepted == {"PORT", "EPRT"}
