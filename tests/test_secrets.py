"""Secrets (SQL and LDAP passwords, RADIUS and SNMP shared secrets, password hashes) never reach any output.

Every command that reads a configuration is run in every output format it offers (enumerated from the
click options, so a new format or command is covered without touching this file) on configurations
whose secret-bearing lines also carry findings, and the secret strings must not appear in stdout or
stderr.  The converted file itself is the exception: converting proftpd to proftpd must keep the
password, or the server would not work.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ftpconf import catalog
from ftpconf.cli import main
from ftpconf.diagnostics import Diagnostic, Edit, Fix, Severity
from ftpconf.lint import ReadOptions, lint_path, lint_source
from ftpconf.redact import find_secrets, redact_result
from ftpconf.source import SourceFile, Span

# Commands that read a configuration, and those that do not (a new command must be put in one of them).
READS_CONFIG = {"lint": "paths", "show": "paths", "convert": "source", "firewall": "config", "probe": "--config"}
# probe judges a saved observation (one with findings) against the file instead of connecting anywhere
OBSERVED = Path(__file__).resolve().parent / "fixtures" / "rules" / "FTP705" / "fires" / "observed.json"
NO_CONFIG = {"rules", "explain"}

PROFTPD_SECRETS = ("S3cretPw!", "ldap secret pw", "Named#Pw", "RadSecret", "$1$abc$hashhashhash", "CommunityStr")
PROFTPD = """\
ServerName "secrets"
SQLConnectInfo ftpdb@localhost ftpuser S3cretPw! extra1 extra2 extra3 extra4 extra5
LDAPBindDN "cn=admin,dc=example,dc=org" "ldap secret pw" junk
SQLNamedConnectInfo conn mysql db@host user  Named#Pw
RadiusAuthServer 10.0.0.1:1812 RadSecret 5 junk
UserPassword bob $1$abc$hashhashhash junk
SNMPCommunity CommunityStr
SQLConnectInfo other@host user2 \\
  %{env:FTPCONF_TEST_DB_PW}
"""
ENV_SECRET = "EnvPw-4711"
# Loads the modules so the directives are applied (extras and provenance hold the values) and not merely unknown.
SECRET_MODULES = "mod_sql,mod_sql_mysql,mod_ldap,mod_radius,mod_snmp"

PUREFTPD_SECRETS = ("My5qlPw", "LdapBindSecret")
# pure-ftpd-mysql's own file linted as pure-ftpd.conf by mistake: "property not found" on the password line.
PUREFTPD = "MYSQLPassword My5qlPw\nLDAPBindPW = LdapBindSecret\n"

# Masked by shape (ftpconf/secret_shapes.py): misspelt secret directives, and settings whose names say so.
MISSPELT_SECRETS = ("p4ssw0rd-1", "$1$xyz$misspelthash", "RadMisspelt", "NamedMisspelt")
MISSPELT = """\
ServerName "misspelt"
SQLConectInfo db@host user p4ssw0rd-1
UserPasword bob $1$xyz$misspelthash
RadiusAuthServr 10.0.0.1:1812 RadMisspelt 5
SQLNamedConectInfo conn mysql db@host user NamedMisspelt
"""
TELLING_SECRETS = ("Tok3nValue", "Pw4Ftp-9", "K3yMaterial")
TELLING = "listen=YES\napi_token=Tok3nValue\nftp_password=Pw4Ftp-9\nsigning_key=K3yMaterial\n"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    text: str
    secrets: tuple[str, ...]
    extra: tuple[str, ...] = ()


CASES = (
    Case("proftpd-debian-modules", "proftpd.conf", PROFTPD, PROFTPD_SECRETS),
    Case(
        "proftpd-modules-loaded", "proftpd.conf", PROFTPD, (*PROFTPD_SECRETS, ENV_SECRET), ("--modules", SECRET_MODULES)
    ),
    Case("pureftpd-flavour-file", "pure-ftpd.conf", PUREFTPD, PUREFTPD_SECRETS),
    Case("proftpd-misspelt", "proftpd.conf", MISSPELT, MISSPELT_SECRETS),
    Case("proftpd-read-as-vsftpd", "vsftpd.conf", PROFTPD, PROFTPD_SECRETS),
    Case("pureftpd-read-as-vsftpd", "vsftpd.conf", PUREFTPD, PUREFTPD_SECRETS),
    Case("misspelt-read-as-pureftpd", "pure-ftpd.conf", MISSPELT, MISSPELT_SECRETS),
    Case("telling-names-vsftpd", "vsftpd.conf", TELLING, TELLING_SECRETS),
)


def _choices(command: click.Command, option: str) -> tuple[str, ...]:
    for param in command.params:
        if option in param.opts and isinstance(param.type, click.Choice):
            return tuple(str(c) for c in param.type.choices)
    return ()


def _invocations(path: Path, case: Case) -> Iterator[tuple[list[str], bool]]:
    """(arguments, whether stdout is a configuration file that may hold the secret)."""
    for name, command in main.commands.items():
        if name in NO_CONFIG:
            continue
        assert name in READS_CONFIG, f"classify the new command {name!r} in {__file__}"
        formats = _choices(command, "--format") or ("",)
        targets = _choices(command, "--to") or ("",)
        accepts_modules = any(p.name == "modules" for p in command.params)
        for output_format, target in itertools.product(formats, targets):
            args = [name, *(["--format", output_format] if output_format else [])]
            args += ["--to", target] if target else []
            args += list(case.extra) if accepts_modules else []
            source_dialect = {"proftpd": "proftpd", "vsftpd": "vsftpd"}.get(case.file.split(".")[0], "pureftpd")
            if READS_CONFIG[name] == "--config":
                yield [*args, "--observed", str(OBSERVED), "--config", str(path)], False
            else:
                yield [*args, str(path)], target == source_dialect


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_output_format_shows_a_secret(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.file
    path.write_text(case.text)
    runner = CliRunner()
    seen = 0
    leaks: list[str] = []
    for args, stdout_is_config in _invocations(path, case):
        result = runner.invoke(main, args, env={"FTPCONF_TEST_DB_PW": ENV_SECRET, "NO_COLOR": "1"})
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        assert result.exit_code in (0, 1), (args, result.stderr)  # it ran, rather than stopping at a usage error
        streams = {"stderr": result.stderr} | ({} if stdout_is_config else {"stdout": result.stdout})
        for stream, text in streams.items():
            shown = [s for s in case.secrets if s in text or json.dumps(s)[1:-1] in text]
            if shown:
                leaks.append(f"ftpconf {' '.join(args[:-1])}: {stream} shows {shown}")
        seen += 1
    assert not leaks, "\n".join(leaks)
    assert seen >= 8  # lint x 4 formats, show, convert, firewall at least


@pytest.mark.parametrize("case", CASES[:2], ids=lambda c: c.name)
def test_the_secret_lines_have_findings(case: Case, tmp_path: Path) -> None:
    """The masking is exercised: findings sit on the secret-bearing lines, so their code frames show them."""
    path = tmp_path / case.file
    path.write_text(case.text)
    modules = tuple(SECRET_MODULES.split(",")) if case.extra else None
    result = lint_path(str(path), options=ReadOptions(modules=modules, environ={"FTPCONF_TEST_DB_PW": ENV_SECRET}))
    lines = {d.span.line for d in result.diagnostics}
    assert {2, 3, 4}.issubset(lines) if not case.extra else {3, 5, 6}.issubset(lines)


def test_pureftpd_password_line_has_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "pure-ftpd.conf"
    path.write_text(PUREFTPD)
    assert any(d.span.line == 1 for d in lint_path(str(path)).diagnostics)


def test_masking_keeps_columns_and_the_real_text() -> None:
    source = SourceFile("/etc/proftpd/proftpd.conf", PROFTPD.encode())
    result = lint_source(source, "proftpd", ReadOptions(environ={"FTPCONF_TEST_DB_PW": ENV_SECRET}))
    shown = redact_result(result)
    real, masked = result.texts[source.path].split("\n"), shown.texts[source.path].split("\n")
    assert [len(line) for line in real] == [len(line) for line in masked]  # carets still line up
    assert masked[1] == "SQLConnectInfo ftpdb@localhost ftpuser ********* extra1 extra2 extra3 extra4 extra5"
    assert masked[2] == 'LDAPBindDN "cn=admin,dc=example,dc=org" **************** junk'
    assert result.texts[source.path] == PROFTPD  # the result used for fixing and writing is untouched


def test_messages_notes_fixes_and_model_are_masked() -> None:
    source = SourceFile("/etc/proftpd/proftpd.conf", PROFTPD.encode())
    options = ReadOptions(modules=tuple(SECRET_MODULES.split(",")), environ={"FTPCONF_TEST_DB_PW": ENV_SECRET})
    result = lint_source(source, "proftpd", options)
    assert "S3cretPw!" in result.config.model_dump_json()  # the model keeps the value for conversion
    leaky = Diagnostic(
        "FTP130",
        Severity.ERROR,
        "fatal: SQLConnectInfo: bad password S3cretPw!",
        Span(source.path, 2, 1),
        notes=(f"from the environment: {ENV_SECRET}",),
        fix=Fix("write `ldap secret pw` unquoted", (Edit(source.path, 0, 1, "S3cretPw!"),)),
    )
    shown = redact_result(result.replace(diagnostics=[leaky]))
    dumped = shown.config.model_dump_json() + repr(shown.diagnostics)
    for secret in (*PROFTPD_SECRETS, ENV_SECRET):
        assert secret not in dumped
    assert shown.diagnostics[0].message == "fatal: SQLConnectInfo: bad password *********"
    assert shown.diagnostics[0].fix is not None and shown.diagnostics[0].fix.edits == ()  # a masked edit would be wrong


def test_vsftpd_has_no_secret_options_and_nothing_is_masked() -> None:
    # vsftpd's key and certificate options name files; the key material is never in vsftpd.conf.
    text = "rsa_private_key_file=/etc/ssl/private/vsftpd.pem\nftpd_banner=hunter2\n"
    assert find_secrets("vsftpd", "vsftpd.conf", text) == []
    result = lint_source(SourceFile("vsftpd.conf", text.encode()), "vsftpd")
    assert redact_result(result) is result


def test_catalogue_marks_the_secret_arguments() -> None:
    """Positions as the daemon's documentation gives them (syntax_doc of data/proftpd-directives.tsv)."""
    marked = {d.name: d.secret_args for d in catalog.proftpd().directives.values() if d.secret}
    for name, positions in marked.items():
        syntax = catalog.proftpd().directives[name.lower()].syntax.split()[1:]
        for position in positions:
            word = syntax[position - 1].strip("[]").lower()
            assert any(k in word for k in ("password", "secret", "community", "username")), (name, word)
    assert {"SQLConnectInfo", "SQLNamedConnectInfo", "LDAPBindDN", "RadiusAuthServer", "UserPassword"} <= set(marked)
    assert {"MYSQLPassword", "PGSQLPassword", "LDAPBindPW"} == set(catalog.pureftpd().secret_keys)


# A line with a safe fix, put where the diff's context shows the secret lines.
FIXABLE_FIRST = {
    "proftpd.conf": "PasivePorts 30000 30100\n",
    "pure-ftpd.conf": "ChrootEveryone yes # jail\n",
    "vsftpd.conf": "listen_port=2121x\n",
}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_diff_masks_the_secrets_in_its_context(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.file
    path.write_text(FIXABLE_FIRST[case.file] + case.text)
    args = ["lint", "--diff", *(case.extra or ()), str(path)]
    result = CliRunner().invoke(main, args, env={"FTPCONF_TEST_DB_PW": ENV_SECRET, "NO_COLOR": "1"})
    assert result.exit_code == 1, result.stderr
    assert result.stdout.startswith(f"--- {path}\n")  # a diff was printed
    hunk = result.stdout.splitlines()
    assert any(line.startswith("-") and not line.startswith("---") for line in hunk)  # the fix is in it
    shown = [s for s in case.secrets if s in result.stdout or s in result.stderr]
    assert not shown
    assert "*" * len(case.secrets[0]) in result.stdout  # the secret's line is there, masked
    assert "shown masked" in result.stderr
    assert path.read_text() == FIXABLE_FIRST[case.file] + case.text  # --diff writes nothing
