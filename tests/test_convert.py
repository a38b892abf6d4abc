"""ftpconf convert: identity in the same dialect, nothing dropped silently, atomic output, the CLI contract.

The daemons' verdicts on converted files are in tests/e2e/; here the converted text is read back with
the target dialect's reader, which the parity suites hold to the real binaries.
"""

from __future__ import annotations

import json
import os
import stat
from functools import cache
from pathlib import Path

import pytest

from ftpconf.convert import TARGETS, convert, equivalents
from ftpconf.convert.engine import FACETS, read_neutral, source_form
from ftpconf.diagnostics import Severity
from ftpconf.lint import LintResult, lint_path
from tests.cli import run_cli_bytes
from tests.conftest import ROOT, SHARED, shared_dir

SAMPLES = sorted((ROOT / "samples").glob("*.conf"))


def _corpus_listing() -> list[Path]:
    """The corpus files, for parametrizing at collection: none on a checkout without ../shared."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        return []
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix not in (".tsv", ".md"))


def _corpus_files() -> list[Path]:
    shared_dir("corpus")  # at run time: a skip on a bare checkout, a failure in CI
    return _corpus_listing()


def test_corpus_is_there() -> None:
    assert len(_corpus_files()) >= 100


@cache
def _lint(path: str) -> LintResult:
    return lint_path(path)


# -- same dialect: the bytes, untouched ------------------------------------------------------------


@pytest.mark.parametrize("path", _corpus_listing() + SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_form_gives_the_source_bytes(path: Path) -> None:
    result = _lint(str(path))
    conversion = convert(result, source_form(result))
    assert conversion.identical and not conversion.losses
    assert conversion.text.encode("utf-8", "surrogateescape") == path.read_bytes()


def test_cli_same_dialect_is_byte_identical_on_stdout() -> None:
    sample = ROOT / "samples" / "vsftpd-typos.conf"
    done = run_cli_bytes("convert", "--to", "vsftpd", str(sample))
    assert done.returncode == 0, done.stderr
    assert done.stdout == sample.read_bytes()


# -- across dialects: every setting carried over or reported ----------------------------------------


def _accounted(result: LintResult, target: str) -> list[str]:
    """Source settings outside the model that the conversion neither carried nor reported."""
    conversion = convert(result, target)
    if conversion.identical:
        return []  # the source itself (tested byte for byte above)
    reported = {(d.span.path, d.span.line, d.span.column) for d in conversion.losses}
    assert conversion.output_config is not None
    written = {e.name.lower() for s in conversion.output_config.servers for e in s.extras}
    if target == "proftpd":  # <IfModule mod_tls.c> is text only to a reader without mod_tls
        written |= {w.lower() for w in conversion.text.split()}
    family = "pureftpd" if target.startswith("pureftpd") else target
    one_server = family in ("vsftpd", "pureftpd")  # the others are FTP903, checked on their own
    missing = []
    for server in result.config.servers[:1] if one_server else result.config.servers:
        modelled = {(o.path, o.line, o.column) for o in server.commands.origins.values()}
        # pure-ftpd's -l methods are modelled as who logs in (system accounts, a user database): the facets
        # "local user login" and "virtual user login" compare them, and report a difference as FTP901.
        access = server.access
        modelled |= {(o.path, o.line, o.column) for o in (access.local_users.origin, access.virtual_users.origin)}
        carried = equivalents.concepts_of(server.extras, result.config.dialect)
        spelled = {s.name.lower() for s, _ in equivalents.spell({c: v for c, (v, _) in carried.items()}, family)}
        for extra in server.extras:
            where = (extra.origin.path, extra.origin.line, extra.origin.column)
            if where in reported or where in modelled or extra.origin.kind not in ("file", "argv"):
                continue
            if family in ("toml", "json") or extra.name.lower() in written:
                continue  # carried as itself: the neutral file keeps every extra; same family
            through = [c for c, (_, e) in carried.items() if e is extra]
            if through and spelled & written:
                continue  # carried through an equivalent (grammars/equivalents.toml)
            if through and all(equivalents.unsaid_in(c, carried[c][0], family) for c in through):
                continue  # the target does it unsaid (proftpd's <Anonymous ~ftp> is vsftpd's default)
            missing.append(f"{extra.origin.describe()}: {extra.name}")
    return missing


@pytest.mark.parametrize("target", TARGETS)
def test_every_corpus_file_converts_with_nothing_dropped_silently(target: str) -> None:
    silently_dropped: list[str] = []
    for path in _corpus_files():
        result = _lint(str(path))
        silently_dropped += [f"{path.name} -> {target}: {m}" for m in _accounted(result, target)]
    assert not silently_dropped, silently_dropped[:20]


@pytest.mark.parametrize("target", TARGETS)
def test_converted_corpus_starts_the_target(target: str) -> None:
    """The target's reader finds nothing the daemon would refuse, unless the source was broken already."""
    refused = []
    for path in _corpus_files():
        result = _lint(str(path))
        broken = any(d.severity is Severity.ERROR or d.code.startswith("FTP3") for d in result.diagnostics)
        conversion = convert(result, target)
        errors = [d for d in conversion.output_findings if d.severity is Severity.ERROR]
        if errors and not broken:
            refused.append(f"{path.name} -> {target}: {errors[0].code} {errors[0].message}")
    assert not refused, refused[:10]


@pytest.mark.parametrize("target", TARGETS)
def test_losses_point_at_real_source_lines(target: str) -> None:
    for path in _corpus_files()[::5]:
        result = _lint(str(path))
        line_count = path.read_bytes().count(b"\n") + 1 if path.is_file() else 10**6
        for loss in convert(result, target).losses:
            assert loss.code.startswith("FTP9")
            assert loss.span.path == str(path) or loss.span.path.startswith(str(path))
            assert 1 <= loss.span.line <= line_count


def test_pure_ftpd_cannot_refuse_active_mode_and_says_where() -> None:
    result = _lint(str(ROOT / "tests/fixtures/rules/FTP901/fires.to-pureftpd.vsftpd.conf"))
    losses = convert(result, "pureftpd").losses
    port_lines = {d.span.line for d in losses if "PORT accepted" in d.message or "EPRT accepted" in d.message}
    assert port_lines == {3}  # port_enable=NO


def test_inverted_vsftpd_range_is_written_as_the_range_vsftpd_really_uses() -> None:
    result = _lint(str(ROOT / "samples" / "vsftpd-swapped-range.conf"))
    text = convert(result, "proftpd").text
    assert "PassivePorts 20480 65535" in text  # not 20480 10240, which proftpd refuses


def test_proftpd_virtual_hosts_are_reported_when_the_target_holds_one_server() -> None:
    path = ROOT / "tests/fixtures/rules/FTP903/fires.to-vsftpd.proftpd.conf"
    result = lint_path(str(path), "proftpd")
    assert len(result.config.servers) == 2
    dropped = [d for d in convert(result, "vsftpd").losses if d.code == "FTP903"]
    assert [d.span.line for d in dropped] == [3]
    assert not [d for d in convert(result, "toml").losses if d.code == "FTP903"]


# -- the neutral format ------------------------------------------------------------------------------


def _facets(result: LintResult) -> dict[str, object]:
    server = result.config.servers[0]
    return {f.label: f.value(server) for f in FACETS if f.applies(server)}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", ["toml", "json"])
def test_neutral_export_reads_back_to_the_same_behaviour(path: Path, kind: str) -> None:
    result = _lint(str(path))
    exported = convert(result, kind)
    assert not [d for d in exported.losses if d.code == "FTP901"]
    again = read_neutral(f"x.{kind}", exported.text.encode())
    assert _facets(again) == _facets(result)
    back = convert(again, source_form(result))
    assert not [d for d in back.losses if d.code == "FTP901"], back.losses


def test_neutral_keeps_extras_for_their_own_dialect() -> None:
    result = _lint(str(ROOT / "samples" / "proftpd-seed-deny-port.conf"))
    toml = read_neutral("x.toml", convert(result, "toml").text.encode())
    back = convert(toml, "proftpd")
    assert "ServerName Files" in back.text and "User ftpadmin" in back.text
    assert not [d for d in back.losses if d.code == "FTP902"]


def test_secrets_stay_out_of_the_export() -> None:
    path = ROOT / "tests/fixtures/rules/FTP904/fires.to-toml.proftpd.conf"
    result = lint_path(str(path), "proftpd")
    for kind in ("toml", "json"):
        conversion = convert(result, kind)
        assert "s3cret-Passw0rd" not in conversion.text
        assert [d.span.line for d in conversion.losses if d.code == "FTP904"] == [3]


def test_invalid_neutral_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "site.toml"
    bad.write_text('[[server]]\n[server.listen]\nport = "twenty-one"\n')
    done = run_cli_bytes("convert", "--to", "vsftpd", str(bad))
    assert done.returncode == 2
    assert f"{bad}:3:".encode() in done.stderr and b"Traceback" not in done.stderr


# -- the CLI: output, report, exit codes -------------------------------------------------------------


def test_output_is_written_atomically_keeping_mode(tmp_path: Path) -> None:
    target = tmp_path / "proftpd.conf"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    done = run_cli_bytes("convert", "--to", "proftpd", str(ROOT / "samples/vsftpd-range-30000.conf"), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert target.read_text().startswith("# Written by ftpconf")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proftpd.conf"]


def test_unwritable_output_is_a_clean_error(tmp_path: Path) -> None:
    source = str(ROOT / "samples/vsftpd-clean.conf")
    done = run_cli_bytes("convert", "--to", "proftpd", source, "-o", str(tmp_path / "no/x"))
    assert done.returncode == 2
    assert b"cannot write" in done.stderr and b"Traceback" not in done.stderr


def test_report_goes_to_stderr_and_strict_fails_on_loss() -> None:
    source = str(ROOT / "tests/fixtures/rules/FTP901/fires.to-pureftpd.vsftpd.conf")
    relaxed = run_cli_bytes("convert", "--to", "pureftpd", source)
    assert relaxed.returncode == 0
    assert b"FTP901 warning" in relaxed.stderr and b"warning" not in relaxed.stdout
    assert run_cli_bytes("convert", "--to", "pureftpd", "--strict", source).returncode == 1
    clean = str(ROOT / "tests/fixtures/rules/FTP901/ok.to-pureftpd.vsftpd.conf")
    assert run_cli_bytes("convert", "--to", "pureftpd", "--strict", clean).returncode == 0


OVERRIDDEN = [
    ("vsftpd", "listen=YES\npasv_min_port=30000\npasv_max_port=30100\npasv_min_port=30010\n", 2, "proftpd"),
    ("proftpd", "ServerType standalone\nPassivePorts 30000 30100\nPassivePorts 40000 40100\n", 3, "vsftpd"),
    (
        "pure-ftpd",
        "Bind 127.0.0.1,2121\nPassivePortRange 30000 30100\nPassivePortRange 40000 40100\n",
        2,
        "pureftpd-flags",
    ),
]


@pytest.mark.parametrize(("name", "text", "dead", "target"), OVERRIDDEN, ids=[o[0] for o in OVERRIDDEN])
def test_an_overridden_line_is_named_not_dropped(name: str, text: str, dead: int, target: str, tmp_path: Path) -> None:
    # The model keeps the line the daemon applies; the one it ignores is reported (FTP906), and
    # --strict does not fail on it: the behaviour is carried.
    source = tmp_path / f"{name}.conf"
    source.write_text(text)
    conversion = convert(lint_path(str(source)), target)
    assert [(d.code, d.span.line) for d in conversion.ineffective] == [("FTP906", dead)]
    assert not any(d.span.line == dead for d in conversion.losses)
    done = run_cli_bytes("convert", "--to", target, "--strict", str(source))
    assert b"FTP906 info" in done.stderr and b"1 line without effect left out" in done.stderr
    assert done.returncode == (1 if conversion.losses else 0)
    if target == "pureftpd-flags":  # nothing else is lost there: --strict passes
        assert not conversion.losses and done.returncode == 0


def test_json_report_carries_files_and_findings() -> None:
    source = str(ROOT / "tests/fixtures/rules/FTP901/fires.to-pureftpd.vsftpd.conf")
    done = run_cli_bytes("convert", "--to", "pureftpd-flags", "--format", "json", source)
    document = json.loads(done.stdout)
    assert document["target"] == "pureftpd-flags"
    assert document["files"][""].startswith("/usr/sbin/pure-ftpd")
    assert {"FTP901"} <= {d["code"] for d in document["diagnostics"]}


def test_debian_conf_dir_is_written_as_files_and_links(tmp_path: Path) -> None:
    out = tmp_path / "pure-ftpd"
    source = str(ROOT / "samples/vsftpd-range-30000.conf")
    done = run_cli_bytes("convert", "--to", "pureftpd-debian", source, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "conf" / "PassivePortRange").read_text().split() == ["30000", "30999"]
    again = lint_path(str(out / "conf"))
    assert str(again.config.servers[0].passive.effective_range) == "30000-30999"


def test_stdin_source_and_missing_file() -> None:
    done = run_cli_bytes("convert", "--to", "toml", "--from", "vsftpd", "-", stdin=b"listen=YES\npasv_enable=NO\n")
    assert done.returncode == 0, done.stderr
    assert b"enabled = false" in done.stdout
    missing = run_cli_bytes("convert", "--to", "toml", "/nonexistent/vsftpd.conf")
    assert missing.returncode == 2 and b"no such file" in missing.stderr
