"""proftpd reader: lossless round trip, include trees, and the model (values from docs/daemons/proftpd.md)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftpconf.diagnostics import Severity
from ftpconf.dialects.proftpd import reader
from ftpconf.dialects.proftpd.grammar import parse
from ftpconf.lint import ReadOptions, lint_source
from ftpconf.model import Server
from ftpconf.source import SourceFile, encode
from tests.conftest import SHARED, shared_dir

STATIC = ReadOptions(modules=())


def _read(text: str, path: str = "/etc/proftpd/proftpd.conf", options: ReadOptions = STATIC) -> reader.ReadResult:
    return reader.read(SourceFile(path, text.encode()), options)


def _main(text: str) -> Server:
    return _read(text).config.servers[0]


def _codes(text: str, path: str = "t.proftpd.conf", options: ReadOptions = STATIC) -> list[str]:
    return [d.code for d in lint_source(SourceFile(path, text.encode()), "proftpd", options).diagnostics]


# -- lossless ---------------------------------------------------------------------------------------


CORPUS = sorted((SHARED / "corpus" / "proftpd").glob("*"))


def test_corpus_is_there() -> None:
    assert len(sorted(shared_dir("corpus", "proftpd").glob("*"))) >= 50


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_round_trips_and_lints(path: Path) -> None:
    raw = path.read_bytes()
    result = reader.read(SourceFile(str(path), raw), ReadOptions())
    assert encode(result.texts[str(path)]) == raw
    lint_source(SourceFile(str(path), raw), "proftpd")  # must not raise


_pieces = st.sampled_from([*list('<>/ab#"\\ \t\r\n'), "Limit", "IfModule", "\ufeff", "é", "%{env:X}"])


@given(st.lists(_pieces, max_size=80).map("".join))
@settings(max_examples=300, deadline=None)
def test_parse_render_is_identity(text: str) -> None:
    assert parse("x.conf", text).text() == text


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    result = lint_source(SourceFile("fuzz.proftpd.conf", raw), "proftpd")
    assert all(d.span.line >= 1 for d in result.diagnostics)


def test_include_tree_round_trips_file_by_file(tmp_path: Path) -> None:
    conf_d = tmp_path / "conf.d"
    conf_d.mkdir()
    files = {
        tmp_path / "proftpd.conf": f"ServerName x\r\nInclude {conf_d}/\nInclude {tmp_path}/g/*.conf\n",
        conf_d / "a.conf": "<Global>\n  Umask 022 \\\n 022\n",
        conf_d / "b.conf": "</Global>\n# trailing comment without newline",
        tmp_path / "g" / "one.conf": "PassivePorts 30000 30099 # range\n",
    }
    for path, text in files.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    main = tmp_path / "proftpd.conf"
    result = reader.read(SourceFile(str(main), main.read_bytes()), STATIC)
    assert result.texts == {str(p): t for p, t in files.items()}
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert result.config.servers[0].passive.effective_range.low == 30000  # read through the glob


# -- Include ----------------------------------------------------------------------------------------


def test_include_loop_ends_at_once_naming_the_cycle(tmp_path: Path) -> None:
    a, b = tmp_path / "a.conf", tmp_path / "b.conf"
    a.write_text(f"Include {b}\n")
    b.write_text(f"ServerName x\nInclude {a}\n")
    started = time.monotonic()
    result = reader.read(SourceFile(str(a), a.read_bytes()), STATIC)
    assert time.monotonic() - started < 2
    loops = [d for d in result.diagnostics if d.code == "FTP142"]
    assert len(loops) == 1
    assert loops[0].severity is Severity.ERROR
    assert f"{a} -> {b} -> {a}" in loops[0].message
    assert loops[0].span.path == str(b)


def test_error_in_included_file_drops_the_rest_of_the_parent(tmp_path: Path) -> None:
    # docs/daemons/proftpd.md §4: `-t` passes, and the lines after the Include are never applied.
    inc = tmp_path / "inc.conf"
    inc.write_text("Bogus\nPassivePorts 30000 30010\n")
    result = _read(f"Include {inc}\nMasqueradeAddress 192.0.2.7\n", str(tmp_path / "main.conf"))
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [d.code for d in result.diagnostics] == ["FTP141", "FTP141"]
    server = result.config.servers[0]
    assert server.passive.effective_range.low == 30000  # the rest of the included file still counts
    assert server.passive.advertised_address.effective is None  # the parent's next line does not


def test_missing_and_relative_includes(tmp_path: Path) -> None:
    # A target this machine lacks is a fact of this machine (FTP080, info), not of the file.
    assert set(_codes(f"Include {tmp_path}/missing.conf\n")) - set(_codes("")) == {"FTP080"}
    # A wildcard before the last component fails on every machine (verified: proftpd 1.3.8 includes nothing).
    assert set(_codes(f"Include {tmp_path}/*/x.conf\n")) - set(_codes("")) == {"FTP140"}
    assert "FTP139" in _codes("Include conf.d/x.conf\n")


def test_directory_include_reads_backups_unless_told(tmp_path: Path) -> None:
    (tmp_path / "a.conf").write_text("Umask 022\n")
    (tmp_path / "a.conf~").write_text("Umask 077\n")
    assert "FTP143" in _codes(f"Include {tmp_path}/\n")
    assert "FTP143" not in _codes(f"IncludeOptions IgnoreTempFiles\nInclude {tmp_path}/\n")


# -- conditionals, modules, environment -------------------------------------------------------------


def test_default_module_set_follows_the_files() -> None:
    # proftpd starts with its compiled-in modules; everything else comes from LoadModule lines it reaches
    assert "FTP130" in _codes("BanEngine on\n", options=ReadOptions())  # nothing loads mod_ban
    assert "FTP130" not in _codes("LoadModule mod_ban.c\nBanEngine on\n", options=ReadOptions())
    assert "FTP130" not in _codes("BanEngine on\n", options=ReadOptions(modules=("mod_ban.c",)))  # explicit set
    # Debian's modules.conf, included but absent on this machine: its stock LoadModule lines stand in
    stock = "Include /etc/proftpd/modules.conf\n"
    if not os.path.exists("/etc/proftpd/modules.conf"):
        assert "FTP130" not in _codes(stock + "BanEngine on\n", options=ReadOptions())
        assert "FTP130" in _codes(stock + "TLSEngine on\n", options=ReadOptions())  # stock: no mod_tls
        assert "FTP130" in _codes(stock + "BanEngine on\n", options=ReadOptions(modules=()))  # explicit set wins


def test_load_module_of_a_module_package() -> None:
    # mod_tls.so is in proftpd-mod-crypto: assumed installed (a warning names it) unless the packages are listed
    assert "FTP147" in _codes("LoadModule mod_tls.c\n", options=ReadOptions())
    core_only = _codes("LoadModule mod_tls.c\nTLSEngine on\n", options=ReadOptions(packages=()))
    assert "FTP138" in core_only and "FTP147" not in core_only  # measured: X61
    found = _codes("LoadModule mod_tls.c\nTLSEngine on\n", options=ReadOptions(packages=("proftpd-mod-crypto",)))
    assert not {"FTP130", "FTP138", "FTP147"} & set(found)


def test_third_party_module_packages_debian_ships() -> None:
    """proftpd-mod-vroot, -case, -proxy ... (Debian 12): their modules and directives, measured with the
    package's .so loaded into proftpd 1.3.8 (`proftpd -t`)."""
    found = _codes("LoadModule mod_vroot.c\nVRootEngine on\nVRootServerRoot /srv\n", options=ReadOptions())
    assert "FTP147" in found and not {"FTP130", "FTP138"} & set(found)
    assert "FTP130" in _codes("VRootEngine on\n", options=ReadOptions())  # not loaded: unknown, as proftpd says
    directory = "LoadModule mod_vroot.c\n<Directory /srv>\nVRootEngine on\n</Directory>\n"
    in_directory = _codes(directory, options=ReadOptions())
    assert "FTP130" not in in_directory and in_directory  # server-level only (measured): a context finding
    assert "FTP138" in _codes("LoadModule mod_sftp_ldap.c\n", options=ReadOptions())  # needs mod_sftp first


def test_defines_and_environment() -> None:
    text = "<IfDefine PUBLIC>\nMasqueradeAddress %{env:PUBLIC_IP}\n</IfDefine>\n"
    options = ReadOptions(modules=(), defines=("PUBLIC",), environ={"PUBLIC_IP": "203.0.113.5"})
    server = _read(text, options=options).config.servers[0]
    assert server.passive.advertised_address.effective == "203.0.113.5"
    assert _main(text).passive.advertised_address.effective is None


# -- the model --------------------------------------------------------------------------------------


def _accepted(text: str) -> set[str]:
    return set(_main(text).commands.accepted)


@pytest.mark.parametrize(
    ("body", "accepted"),
    [  # docs/daemons/proftpd.md §7, "EPRT/EPSV bypass"
        ("", {"PORT", "EPRT", "PASV", "EPSV"}),
        ("<Limit PORT>\nDenyAll\n</Limit>\n", {"EPRT", "PASV", "EPSV"}),
        ("<Global>\n<Limit PORT>\nDenyAll\n</Limit>\n</Global>\n", {"EPRT", "PASV", "EPSV"}),
        ("<Anonymous /srv/ftp>\n<Limit PASV>\nDenyAll\n</Limit>\n</Anonymous>\n", {"PORT", "EPRT", "EPSV"}),
        ("<Limit PORT EPRT>\nDenyAll\n</Limit>\n", {"PASV", "EPSV"}),
        ("<Limit PASV EPSV>\nDenyAll\n</Limit>\n", {"PORT", "EPRT"}),
        ("<Limit pasv>\nDenyAll\n</Limit>\n", {"PORT", "EPRT", "EPSV"}),  # names are case-insensitive
        ("<Anonymous /srv/ftp>\n<Limit ALL>\nDenyAll\n</Limit>\n</Anonymous>\n", {"PORT", "EPRT", "PASV", "EPSV"}),
    ],
)
def test_limit_resolution(body: str, accepted: set[str]) -> None:
    assert _accepted(body) == accepted


@pytest.mark.parametrize(
    ("rules", "allowed"),
    [  # docs/daemons/proftpd.md §7, how a <Limit PASV> block decides
        ("AllowAll\nDenyAll", True),
        ("DenyAll\nAllowAll", True),
        ("Order allow,deny\nAllow from all\nDeny from 127.0.0.1", True),
        ("Order deny,allow\nDeny from all\nAllow from 127.0.0.1", False),
        ("Allow from 10.0.0.1", True),
    ],
)
def test_limit_order_quirks(rules: str, allowed: bool) -> None:
    assert ("PASV" in _accepted(f"<Limit PASV>\n{rules}\n</Limit>\n")) is allowed


def test_limit_port_alone_warns_naming_eprt_and_port_eprt_does_not() -> None:
    warned = lint_source(SourceFile("t.proftpd.conf", b"<Limit PORT>\n  DenyAll\n</Limit>\n"), "proftpd")
    ftp209 = [d for d in warned.diagnostics if d.code == "FTP209"]
    assert len(ftp209) == 1 and "EPRT" in ftp209[0].message and ftp209[0].span.line == 2
    assert "FTP209" not in _codes("<Limit PORT EPRT>\n  DenyAll\n</Limit>\n")


def test_servers_global_and_virtual_hosts() -> None:
    text = (
        "Port 2121\nSocketBindTight on\nDefaultAddress 192.0.2.1\nUseIPv6 off\n"
        "<Global>\nPassivePorts 30000 30099\nMasqueradeAddress 203.0.113.10\nAllowForeignAddress on\n</Global>\n"
        "<VirtualHost 192.0.2.2>\nPort 2200\nPassivePorts 40000 40009\nMaxClients 5\n</VirtualHost>\n"
    )
    main, vhost = _read(text).config.servers
    assert (main.listen.address.effective, main.listen.port.effective, main.listen.ipv6) == ("192.0.2.1", 2121, False)
    assert str(main.passive.effective_range) == "30000-30099"
    assert main.passive.range_fallback == "any-port"
    assert main.passive.advertised_address.effective == "203.0.113.10"
    assert main.passive.resolve_hostname.effective
    assert main.active.allow_foreign_address.effective and main.passive.allow_foreign_address.effective
    assert (vhost.listen.address.effective, vhost.listen.port.effective) == ("192.0.2.2", 2200)
    assert str(vhost.passive.effective_range) == "40000-40009"  # its own beats <Global>
    assert vhost.passive.advertised_address.effective == "203.0.113.10"  # inherited from <Global>
    assert vhost.limits.max_clients.effective == 5 and main.limits.max_clients.effective is None
    assert vhost.passive.range_low.origin.line == 12


def test_anonymous_write_and_tls() -> None:
    writable = _main("<Anonymous ~ftp>\nUser ftp\n</Anonymous>\n")
    assert writable.access.anonymous.effective and writable.access.anonymous_upload.effective
    read_only = _main("<Anonymous ~ftp>\n<Directory *>\n<Limit WRITE>\nDenyAll\n</Limit>\n</Directory>\n</Anonymous>\n")
    assert read_only.access.anonymous.effective and not read_only.access.anonymous_upload.effective
    tls = (
        _read("LoadModule mod_tls.c\nTLSEngine on\nTLSRequired on\nTLSProtocol TLSv1.2\nTLSOptions UseImplicitSSL\n")
        .config.servers[0]
        .tls
    )
    assert (tls.mode.effective.value, tls.required_for_login.effective, tls.required_for_data.effective) == (
        "implicit",
        True,
        True,
    )
    assert tls.protocols.effective == ("TLSv1.2",)
    assert _main("").tls.mode.effective.value == "off"


def test_max_instances_caps_clients_in_standalone_mode() -> None:
    # given once, MaxInstances 30 is 30 (a standalone daemon runs at most 30 sessions), not unlimited
    assert _main("MaxInstances 30\n").limits.max_clients.effective == 30
    assert _main("MaxClients 10\nMaxInstances 30\n").limits.max_clients.effective == 10
    assert _main("ServerType inetd\nMaxInstances 30\n").limits.max_clients.effective is None  # inetd: no cap
    assert _main("MaxInstances 30\nMaxInstances 5\n").limits.max_clients.effective == 5  # the handler sets a global
