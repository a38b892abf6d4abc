"""Model -> pure-ftpd.conf / flag line / Debian conf dir -> read back: the same data-connection model,
and the real pure-ftpd accepts what was written."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from ftpconf.dialects.pureftpd.confdir import read_conf_dir
from ftpconf.dialects.pureftpd.reader import ReadResult, read, read_cmdline
from ftpconf.dialects.pureftpd.writer import conf_dir, conf_file, flag_line
from ftpconf.model import Server, TlsMode
from ftpconf.source import SourceFile
from tests.daemons import pureftpd_verdict, require_daemons

SOURCES = {
    "public passive server": ["-p", "30000:30099", "-P", "203.0.113.5", "-E", "-A", "-c", "20", "-C", "4", "-4"],
    "nat mode, anonymous": ["-N", "-M", "-S", "127.0.0.1,2121", "-l", "puredb:/etc/pure-ftpd/pureftpd.pdb"],
    "tls required": ["-Y", "2", "-E", "-6", "-p", "40000:40009", "-U", "133:022", "-L", "2000:5"],
}


def _data_model(server: Server) -> tuple[object, ...]:
    p, listen = server.passive, server.listen
    return (
        p.enabled.effective,
        p.effective_range,
        p.advertised_address.effective,
        server.commands.accepted,
        listen.address.effective,
        listen.port.effective,
        listen.ipv4,
        listen.ipv6,
        server.limits.max_clients.effective,
        server.limits.max_per_ip.effective,
        server.tls.mode.effective,
        server.tls.required_for_login.effective,
        server.access.anonymous.effective,
        server.access.chroot_local_users.effective,
    )


def _no_errors(result: ReadResult) -> None:
    assert not [d for d in result.diagnostics if d.severity.value == "error"]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_three_writers_round_trip(name: str, tmp_path: Path) -> None:
    source = read_cmdline(SOURCES[name])
    _no_errors(source)
    server = source.config.servers[0]
    expected = _data_model(server)

    conf = conf_file(server)
    from_conf = read(SourceFile(str(tmp_path / "pure-ftpd.conf"), conf.encode()))
    _no_errors(from_conf)
    assert _data_model(from_conf.config.servers[0]) == expected, conf

    line = flag_line(server)
    from_flags = read_cmdline(line)
    _no_errors(from_flags)
    assert _data_model(from_flags.config.servers[0]) == expected, line

    written = conf_dir(server)
    (tmp_path / "etc" / "conf").mkdir(parents=True)
    (tmp_path / "etc" / "auth").mkdir()
    for file, text in written.files.items():
        (tmp_path / "etc" / "conf" / file).write_text(text)
    for link, target in written.auth_links.items():
        os.symlink(f"../conf/{target}", tmp_path / "etc" / "auth" / link)
    from_dir = read_conf_dir(tmp_path / "etc")
    _no_errors(from_dir)
    assert _data_model(from_dir.config.servers[0]) == expected, written


def _certificate(tmp_path: Path) -> Path:
    """TLS needs a certificate on the host (the model does not carry one): a throw-away self-signed one."""
    pem = tmp_path / "pure-ftpd.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(pem),
            "-out",
            str(pem),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return pem


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_real_pureftpd_accepts_what_was_written(name: str, tmp_path: Path) -> None:
    require_daemons()
    server = read_cmdline(SOURCES[name]).config.servers[0]
    tls = server.tls.mode.effective is not TlsMode.OFF
    cert = _certificate(tmp_path) if tls else None
    conf = conf_file(server) + (f"CertFile {cert}\n" if cert else "")
    conf_verdict = pureftpd_verdict(config=conf.encode())
    assert conf_verdict.accepted, conf_verdict.message
    cert_flags = ["-2", str(cert)] if cert else []
    flags_verdict = pureftpd_verdict(args=shlex.split(flag_line(server))[1:] + cert_flags)
    assert flags_verdict.accepted, flags_verdict.message
    written = conf_dir(server)
    (tmp_path / "conf").mkdir()
    for file, text in written.files.items():
        (tmp_path / "conf" / file).write_text(text)
    wrapper_argv = [w for f in read_conf_dir(tmp_path / "conf").flags for w in _argv(f.option.short, f.value)]
    dir_verdict = pureftpd_verdict(args=wrapper_argv + cert_flags)
    assert dir_verdict.accepted, dir_verdict.message


def _argv(short: str, value: str | None) -> list[str]:
    return [f"-{short}"] if value is None else [f"-{short}", value]


def test_flag_line_mentions_every_setting() -> None:
    server = read_cmdline(SOURCES["public passive server"]).config.servers[0]
    assert shlex.split(flag_line(server))[1:] == [
        "-4",
        "-p",
        "30000:30099",
        "-P",
        "203.0.113.5",
        "-E",
        "-A",
        "-c",
        "20",
        "-C",
        "4",
    ]
