"""The model's data-connection claims hold on the running daemon: which of PASV/EPSV/PORT/EPRT are
accepted, the passive ports handed out, and the advertised address."""

from __future__ import annotations

import socket
import time

import pytest

from ftpconf.dialects.vsftpd.reader import read, read_invocation
from ftpconf.model import DATA_COMMANDS, Server
from ftpconf.source import SourceFile
from tests import daemons

CONFIGS = [
    b"",
    b"pasv_enable=NO\n",
    b"port_enable=NO\n",
    b"pasv_enable=NO\nport_enable=NO\n",
    b"cmds_denied=PORT,PASV\n",
    b"cmds_denied=epsv\n",  # case matters: denies nothing
    b"cmds_denied=PORT, PASV\n",  # " PASV" is not PASV
    b"cmds_allowed=USER,PASS,PASV,LIST,QUIT\n",
    b"pasv_min_port=40000\npasv_max_port=30000\n",
    b"pasv_min_port=30005\npasv_max_port=30005\n",
    b"pasv_max_port=6000\n",
    b"pasv_min_port=30000\npasv_max_port=30009\npasv_address=192.0.2.7\n",
]


def _model(config: bytes) -> Server:
    # The probe forces listen on loopback after the file; that changes nothing about data connections.
    return read_invocation([SourceFile("vsftpd.conf", config), "listen=YES", "listen_ipv6=NO"]).config.servers[0]


@pytest.mark.parametrize("config", CONFIGS, ids=[c.decode().strip().replace("\n", " ") or "defaults" for c in CONFIGS])
def test_model_matches_running_vsftpd(config: bytes) -> None:
    daemons.require_daemons()
    probe = daemons.probe_vsftpd(config, samples=30)
    server = _model(config)
    accepted_by_daemon = {c for c in DATA_COMMANDS if (probe.code(c) or 500) < 400}
    assert set(server.commands.accepted) == accepted_by_daemon, dict(probe.replies)
    if probe.pasv_ports:
        rng = server.passive.effective_range
        assert all(rng.low <= port <= rng.high for port in probe.pasv_ports), (rng, probe.pasv_ports)
        expected_host = server.passive.advertised_address.effective or "127.0.0.1"
        assert probe.pasv_host == expected_host


@pytest.mark.parametrize("release", sorted(daemons.RELEASES))
def test_number_before_a_comment_is_read_as_written(release: str) -> None:
    """`max_clients=1 #EDIT HERE` is 1, not 0 (no limit): a second client is turned away, so FTP110 stays
    quiet on it (a comment after the digits is harmless, unlike after a yes/no or a string)."""
    daemons.require_daemons()
    config = b"max_clients=1 #EDIT HERE\n"
    result = read(SourceFile("vsftpd.conf", config))
    assert result.settings.value("max_clients") == 1
    assert not [d for d in result.diagnostics if d.code == "FTP110"]
    with daemons.running_vsftpd(config, release=release) as (host, port):
        deadline = time.monotonic() + daemons.TIMEOUT
        while True:  # the start-up check's own connection counts until vsftpd has reaped its session
            first = socket.create_connection((host, port), 5)
            greeting = first.makefile("rb").readline()
            if greeting.startswith(b"220") or time.monotonic() > deadline:
                break
            first.close()
            time.sleep(0.1)
        with first, socket.create_connection((host, port), 5) as second:
            turned_away = second.makefile("rb").readline()
    assert greeting.startswith(b"220") and turned_away.startswith(b"421"), (greeting, turned_away)
