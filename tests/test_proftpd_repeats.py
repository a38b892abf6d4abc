"""A directive repeated in one context: which occurrence proftpd applies (held to the binary), and FTP151.

proftpd looks most directives up with the first match, so the first wins; a few are applied while
parsing, so the last wins (ftpconf/dialects/proftpd/precedence.py).  The model must take the one
the daemon takes, and FTP151 must point at the one it ignores.
"""

from __future__ import annotations

import ftplib
import socket
from contextlib import suppress

from ftpconf.lint import ReadOptions, lint_source
from ftpconf.model import Server
from ftpconf.source import SourceFile
from tests import daemons
from tests.e2e.scenarios import BIND_ADDRESS


def _read(text: str) -> tuple[Server, dict[int, str]]:
    result = lint_source(SourceFile("proftpd.conf", text.encode()), "proftpd", ReadOptions(modules=()))
    repeated = {d.span.line: d.message for d in result.diagnostics if d.code == "FTP151"}
    return result.config.servers[0], repeated


def test_first_passive_ports_and_masquerade_address_win_on_the_binary() -> None:
    text = (
        "PassivePorts 33000 33009\n"
        "MasqueradeAddress 192.0.2.1\n"
        "PassivePorts 33100 33109\n"  # what an image's entrypoint appends: dead
        "MasqueradeAddress 192.0.2.2\n"
    )
    probe = daemons.probe_proftpd(text.encode(), samples=6)
    assert probe.port_range is not None and 33000 <= probe.port_range[0] <= probe.port_range[1] <= 33009
    assert probe.pasv_host == "192.0.2.1"

    server, repeated = _read(text)
    assert (server.passive.range_low.effective, server.passive.range_high.effective) == (33000, 33009)
    assert server.passive.range_low.origin.line == 1
    assert server.passive.advertised_address.effective == "192.0.2.1"
    assert sorted(repeated) == [3, 4]
    assert "uses the first `PassivePorts`" in repeated[3] and "(line 1)" in repeated[3]


def test_first_port_and_last_default_address_win_on_the_binary() -> None:
    used, ignored = daemons.free_port(), daemons.free_port()
    text = (
        f"Port {used}\n"
        f"Port {ignored}\n"
        "DefaultAddress 127.0.0.3\n"  # replaced by the next line while proftpd parses
        f"DefaultAddress {BIND_ADDRESS}\n"
        "SocketBindTight on\n"
    )
    with daemons.running_proftpd(text.encode(), listen=(BIND_ADDRESS, used)) as (host, port):
        assert (host, port) == (BIND_ADDRESS, used)  # it greeted there
        for elsewhere in ((BIND_ADDRESS, ignored), ("127.0.0.3", used)):
            with suppress(OSError), socket.create_connection(elsewhere, timeout=0.5):
                raise AssertionError(f"proftpd also listens on {elsewhere}")

    server, repeated = _read(text)
    assert server.listen.port.effective == used
    assert server.listen.address.effective == BIND_ADDRESS
    assert sorted(repeated) == [2, 3]
    assert "uses the last `DefaultAddress`" in repeated[3]


def test_other_contexts_and_accumulating_directives_are_not_repeats() -> None:
    text = (
        "PassivePorts 30000 30009\n"
        "TLSEngine on\n"
        "TLSOptions NoSessionReuseRequired\n"
        "TLSOptions EnableDiags\n"
        "DefaultRoot ~ wheel\n"
        "DefaultRoot ~\n"
        "<Global>\n  PassivePorts 40000 40009\n</Global>\n"
        "<VirtualHost 192.0.2.20>\n  PassivePorts 50000 50009\n</VirtualHost>\n"
    )
    result = lint_source(SourceFile("proftpd.conf", text.encode()), "proftpd", ReadOptions(modules=("mod_tls",)))
    assert [d for d in result.diagnostics if d.code == "FTP151"] == []
    main, vhost = result.config.servers
    assert main.passive.range_low.effective == 30000  # the server's own line before <Global>'s
    assert vhost.passive.range_low.effective == 50000
    assert main.tls.session_reuse_required.effective is False  # mod_tls ORs every TLSOptions line


def test_same_value_repeated_is_called_redundant() -> None:
    _, repeated = _read("ServerType standalone\nMaxClients 10\nMaxClients 10\n")
    assert list(repeated) == [3]
    assert "with the same value: this line is redundant" in repeated[3]


def test_fix_deletes_the_ignored_line_safely_only_when_it_repeats_the_value() -> None:
    text = "ServerType standalone\nMaxClients 10\nMaxClients 10\nMaxClients 20\nPassivePorts 30000 \\\n 30009\n"
    text += "PassivePorts 40000 \\\n 40009\n"
    result = lint_source(SourceFile("proftpd.conf", text.encode()), "proftpd", ReadOptions(modules=()))
    fixes = {d.span.line: d.fix for d in result.diagnostics if d.code == "FTP151"}
    assert sorted(fixes) == [3, 4, 8]  # a continued directive is reported at its last line, as proftpd does
    same, other, continued = fixes[3], fixes[4], fixes[8]
    assert same is not None and same.safe and other is not None and not other.safe
    assert continued is None  # a directive continued over two lines is left to the user
    (edit,) = same.edits
    assert text[edit.start : edit.end] == "MaxClients 10\n"


def _second_login(text: str) -> str:
    """The reply to a second anonymous login while a first session stays logged in."""
    with daemons.running_proftpd(text.encode()) as (host, port), ftplib.FTP(timeout=5) as first:
        first.connect(host, port)
        first.login()
        with ftplib.FTP(timeout=5) as second:
            second.connect(host, port)
            try:
                return second.login()
            except ftplib.Error as refused:
                return str(refused)


def test_first_max_clients_wins_on_the_binary() -> None:
    # Checked both ways round, so neither "always refused" nor "always let in" can pass.
    assert _second_login("MaxClients 1\nMaxClients 5\n").startswith("530")
    assert _second_login("MaxClients 5\nMaxClients 1\n").startswith("230")
    for text, limit in (("MaxClients 1\nMaxClients 5\n", 1), ("MaxClients 5\nMaxClients 1\n", 5)):
        server, repeated = _read(text)
        assert server.limits.max_clients.effective == limit
        assert list(repeated) == [2]
