"""--target-version and `target-version`: which daemon version's catalogue decides, and what convert writes.

The findings checked here were measured on the binaries (data/*-versions.tsv); the tests at the end
ask Debian 13's and Debian 12's daemons whether a converted file is accepted.
"""

from __future__ import annotations

import json
from pathlib import Path

from ftpconf import catalog, versions
from tests import daemons
from tests.cli import run_cli as ftpconf

ROOT = Path(__file__).resolve().parent.parent
TLS13 = "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nssl_tlsv13=YES\n"
PROFTPD_TLS = (
    "ServerType standalone\nLoadModule mod_tls.c\n<IfModule mod_tls.c>\nTLSEngine on\nTLSRequired on\n"
    "TLSProtocol TLSv1.1 TLSv1.3\nTLSRSACertificateFile /etc/ssl/certs/ftp.pem\n</IfModule>\n"
)


def findings(*args: str, cwd: Path = ROOT) -> list[dict[str, str]]:
    result = ftpconf("lint", "--format", "json", "--fail-on", "none", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    diagnostics: list[dict[str, str]] = json.loads(result.stdout)["diagnostics"]
    return diagnostics


def test_every_daemon_has_its_debian12_version_as_default() -> None:
    assert {d: versions.default(d) for d in ("vsftpd", "proftpd", "pureftpd")} == daemons.RELEASES["debian12"]
    for release in daemons.RELEASES.values():  # a catalogue for every version we have a binary of
        assert all(version in versions.known(daemon) for daemon, version in release.items())


def test_a_version_names_its_daemon() -> None:
    assert versions.parse(["3.0.5", "1.3.8c"]) == (("vsftpd", "3.0.5"), ("proftpd", "1.3.8c"))
    with versions.targeting(versions.parse(["3.0.5"])):
        assert catalog.vsftpd().version == "3.0.5" and catalog.proftpd().version == "1.3.8"
    assert catalog.vsftpd().version == "3.0.3"


def test_unknown_version_is_a_usage_error(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(TLS13)
    for command in (("lint",), ("show",), ("convert", "--to", "proftpd")):
        result = ftpconf(*command, "--target-version", "3.0.9", str(conf))
        assert result.returncode == 2, (command, result.stdout)
        assert "unknown target version '3.0.9'" in result.stderr and "vsftpd 3.0.3 (default), 3.0.5" in result.stderr


def test_help_documents_the_default() -> None:
    text = " ".join(ftpconf("lint", "--help").stdout.split())
    assert (
        "--target-version VERSION" in text
        and "vsftpd 3.0.3 (default), 3.0.5" in text
        and "Default: Debian 12's" in text
    )


def test_option_of_a_later_version_says_which_accepts_it(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(TLS13)
    [unknown] = [d for d in findings(str(conf)) if d["code"] == "FTP101"]
    assert "`ssl_tlsv13` is unknown to vsftpd 3.0.3 (accepted from 3.0.5)" in unknown["message"]
    assert not [d for d in findings("--target-version", "3.0.5", str(conf)) if d["code"] == "FTP101"]


def test_manual_spelling_is_refused_by_every_version_and_respelt_for_3_0_5(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text("listen=YES\nssl_tlsv1_2=YES\n")
    [old] = [d for d in findings(str(conf)) if d["code"] == "FTP101"]
    [new] = [d for d in findings("--target-version", "3.0.5", str(conf)) if d["code"] == "FTP101"]
    assert "did you mean" not in old["message"]  # 3.0.3 has no TLS 1.2 switch at all
    assert "did you mean `ssl_tlsv12`?" in new["message"]


def test_project_file_sets_the_version_per_daemon(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_text(TLS13)
    (tmp_path / ".ftpconf.toml").write_text('[vsftpd]\ntarget-version = "3.0.5"\n')
    assert not [d for d in findings(str(conf), cwd=tmp_path) if d["code"] == "FTP101"]
    # the command line wins over the project file
    assert [d for d in findings("--target-version", "3.0.3", str(conf), cwd=tmp_path) if d["code"] == "FTP101"]


def test_project_file_with_an_unknown_version_names_the_key(tmp_path: Path) -> None:
    conf = tmp_path / "proftpd.conf"
    conf.write_text("ServerName x\n")
    (tmp_path / ".ftpconf.toml").write_text('[proftpd]\ntarget-version = "1.3.9"\n')
    result = ftpconf("lint", str(conf), cwd=tmp_path)
    assert result.returncode == 2
    assert "proftpd.target-version" in result.stderr and "1.3.8, 1.3.8c" in result.stderr


def test_proftpd_1_3_8c_needs_mod_xfer_loaded(tmp_path: Path) -> None:
    conf = tmp_path / "proftpd.conf"
    conf.write_text("ServerName x\nAllowOverwrite on\n")
    assert not [d for d in findings("--select", "FTP1", str(conf)) if d["severity"] == "error"]
    [refused] = [d for d in findings("--select", "FTP1", "--target-version", "1.3.8c", str(conf))]
    assert refused["code"] == "FTP130" and "unknown configuration directive 'AllowOverwrite'" in refused["message"]
    notes = " ".join(refused.get("notes", []))
    assert "LoadModule mod_xfer.c" in notes and "proftpd 1.3.8 compiles it in" in notes
    conf.write_text("ServerName x\nInclude /etc/proftpd/modules.conf\nAllowOverwrite on\n")  # Debian 13's stock set
    assert not [d for d in findings("--select", "FTP1", "--target-version", "1.3.8c", str(conf))]


def test_convert_to_vsftpd_3_0_5_writes_its_tls_switches(tmp_path: Path) -> None:
    """TLS 1.1 and 1.3 only: 3.0.5 can say so (ssl_tlsv11=YES, ssl_tlsv12=NO) and its binary accepts the file;
    3.0.3 cannot switch them (it always offers TLS 1.1-1.3), and refuses the 3.0.5 names."""
    source = tmp_path / "proftpd.conf"
    source.write_text(PROFTPD_TLS)
    result = ftpconf("convert", "--to", "vsftpd", "--target-version", "3.0.5", str(source))
    assert result.returncode == 0, result.stderr
    assert "ssl_tlsv11=YES\n" in result.stdout and "ssl_tlsv12=NO\n" in result.stdout
    assert "ssl_tlsv13" not in result.stdout  # on by default in 3.0.5
    plain = ftpconf("convert", "--to", "vsftpd", str(source)).stdout
    assert "ssl_tlsv11" not in plain and "ssl_tlsv12" not in plain
    daemons.require_daemons()
    written = result.stdout.encode() + b"ssl_enable=NO\n"  # no certificate on this host
    empty = tmp_path / "empty"  # Debian's secure_chroot_dir, which the package would have made
    empty.mkdir()
    host = (f"-osecure_chroot_dir={empty}",)
    accepted = daemons.vsftpd_verdict(written, host, release="debian13")
    assert accepted.accepted, accepted.message
    refused = daemons.vsftpd_verdict(written, host, release="debian12")
    assert "unrecognised variable in config file: ssl_tlsv11" in refused.message


def test_convert_to_proftpd_1_3_8c_loads_mod_xfer(tmp_path: Path) -> None:
    """A transfer rate is mod_xfer's TransferRate: the 1.3.8c output loads mod_xfer (unless Debian's stock
    modules.conf already did), and `proftpd -t` of 1.3.8c accepts it; without the load it refuses."""
    source = tmp_path / "vsftpd.conf"
    source.write_text("listen=YES\nanonymous_enable=YES\nanon_max_rate=51200\n")
    result = ftpconf("convert", "--to", "proftpd", "--target-version", "1.3.8c", str(source))
    assert result.returncode == 0, result.stderr
    assert "TransferRate" in result.stdout
    assert "<IfModule !mod_xfer.c>\n  LoadModule mod_xfer.c\n</IfModule>\n" in result.stdout
    assert "LoadModule" not in ftpconf("convert", "--to", "proftpd", str(source)).stdout  # 1.3.8 compiles it in
    daemons.require_daemons()
    written = result.stdout.encode()
    for release in daemons.RELEASES:
        verdict = daemons.proftpd_configtest(written, release=release)
        assert verdict.accepted, (release, verdict.message)
    unloaded = written.replace(b"<IfModule !mod_xfer.c>\n  LoadModule mod_xfer.c\n</IfModule>\n", b"")
    verdict = daemons.proftpd_configtest(unloaded, release="debian13")
    assert not verdict.accepted and "TransferRate" in verdict.message


def test_a_default_that_differs_between_versions_names_the_version(tmp_path: Path) -> None:
    """TLS 1.0 is on by vsftpd 3.0.3's default and off by 3.0.5's (measured with openssl s_client)."""
    conf = tmp_path / "vsftpd.conf"
    conf.write_text("listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nssl_enable=YES\n")
    [legacy] = [d for d in findings("--extend-select", "hardening", str(conf)) if d["code"] == "FTP503"]
    assert "by the compiled-in default ssl_tlsv1=YES of vsftpd 3.0.3 (3.0.5: NO)" in legacy["notes"]
    later = findings("--extend-select", "hardening", "--target-version", "3.0.5", str(conf))
    assert not [d for d in later if d["code"] == "FTP503"]
