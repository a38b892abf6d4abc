"""Secrets found by the shape of their line, whatever dialect the file is read as."""

from __future__ import annotations

import pytest

from ftpconf.secret_shapes import in_text, is_secret_name


def _values(text: str) -> list[str]:
    return [secret.value for secret in in_text("f", text)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("SQLConectInfo db@host user p4ss", ["p4ss"]),  # misspelt: SQLConnectInfo's third argument
        ("sqlconnectinfo db@host user p4ss", ["p4ss"]),  # proftpd names are case-insensitive
        ("RadiusAuthServr 10.0.0.1:1812 shared 5", ["shared"]),
        ("UserPasword bob $1$salt$hash", ["$1$salt$hash"]),
        ('SQLConnectInfo db user "two words"', ["two words"]),  # quotes are not part of the secret
        ("MYSQLPasword = hunter2", ["hunter2"]),  # a misspelt pure-ftpd-mysql key
        ("api_token=abc123", ["abc123"]),
        ("ftp_password: s3cret", ["s3cret"]),
        ("SigningKey K3y", ["K3y"]),
        ("LDAPBindPW pw1", ["pw1"]),
    ],
)
def test_secret_values_are_found(line: str, expected: list[str]) -> None:
    assert _values(line + "\n") == expected


@pytest.mark.parametrize(
    "line",
    [
        "SQLPasswordEngine on",  # a known directive that holds no secret: masking would hide every "on"
        "TLSRSACertificateKeyFile /etc/ssl/private/ftp.key",
        "rsa_private_key_file=/etc/ssl/private/vsftpd.pem",
        "SFTPHostKey /etc/ssh/ssh_host_rsa_key",  # a path to the key, not the key
        "anonymous_enable=YES",
        "# password=commented",
        "ServerName keyhole",
    ],
)
def test_lines_without_a_secret_are_left_alone(line: str) -> None:
    assert _values(line + "\n") == []


def test_the_range_points_at_the_value_in_the_file() -> None:
    text = "listen=YES\napi_token=abc123\r\n"
    [secret] = in_text("f", text)
    assert text[secret.start : secret.end] == "abc123"


def test_names() -> None:
    assert is_secret_name("SQLConnectInfo") and is_secret_name("sqlconectinfo") and is_secret_name("db_passwd")
    assert not is_secret_name("PassivePorts") and not is_secret_name("pasv_enable") and not is_secret_name("Port")


def test_a_blank_secret_masks_nothing() -> None:
    """An unset %{env:} expands to nothing: masking its blank value would star every run of spaces."""
    from ftpconf.redact import Redactor

    assert Redactor(["  ", "", "s3cret"]).text("SQLUserInfo  users  s3cret") == "SQLUserInfo  users  ******"
