"""pure-ftpd read as the daemon (and Debian's builds) read it: an error does not drop the other lines, a
`Switch no` line is where a default is declared, the build decides which keys exist, and a user database
means virtual users, not system accounts."""

from __future__ import annotations

from pathlib import Path

from ftpconf.convert import convert
from ftpconf.dialects.pureftpd.reader import ReadResult, read, read_cmdline
from ftpconf.lint import lint_path, lint_source
from ftpconf.source import ReadOptions, SourceFile

PATH = "/etc/pure-ftpd/pure-ftpd.conf"


def conf(text: str, build: str | None = None) -> ReadResult:
    return read(SourceFile(PATH, text.encode()), ReadOptions(pureftpd_build=build))


def codes(text: str, build: str | None = None) -> list[tuple[str, int]]:
    found = lint_source(SourceFile(PATH, text.encode()), "pureftpd", ReadOptions(pureftpd_build=build)).diagnostics
    return [(d.code, d.span.line) for d in found]


def test_an_unknown_key_is_an_error_and_the_other_lines_still_count() -> None:
    result = conf("NoAnonymous yes\nUseFtpUsers no\nChrootEveryone yes\n")
    access = result.config.servers[0].access
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("FTP171", 2)]
    assert (access.anonymous.effective, access.chroot_local_users.effective) == (False, True)


def test_every_refused_line_is_reported_not_only_the_first() -> None:
    found = [(c, line) for c, line in codes("FooBar yes\nNoAnonymous yes\nMaxIdleTime 5x\n") if c.startswith("FTP17")]
    assert found == [("FTP171", 1), ("FTP170", 3)]


def test_no_default_finding_contradicts_what_a_broken_file_sets() -> None:
    found = codes("NoAnonymous yes\nChrootEveryone yes\nAllowOverwrite on\nTLS 2\nPassivePortRange 30000 30199\n")
    assert {c for c, _ in found} == {"FTP171", "FTP502"}


def test_an_empty_boolean_after_equals_is_accepted_as_no() -> None:
    result = conf("NoAnonymous=\nChrootEveryone :\n")
    assert result.diagnostics == []
    access = result.config.servers[0].access
    assert access.anonymous.effective and not access.chroot_local_users.effective
    assert (access.anonymous.declared, access.anonymous.origin.line) == ("no", 1)


def test_a_switch_set_to_no_is_the_line_a_finding_points_at() -> None:
    found = codes("NoAnonymous no\nChrootEveryone no\nAnonymousCantUpload no\nPassivePortRange 30000 30199\n")
    assert ("FTP601", 1) not in found  # said explicitly: not "on because nothing turned it off"
    assert ("FTP640", 2) in found and ("FTP602", 3) in found


def test_a_default_finding_stays_on_line_1_only_when_nothing_sets_it() -> None:
    assert ("FTP601", 1) in codes("MaxIdleTime 5\n")


def test_a_build_key_decides_the_build_when_none_is_given() -> None:
    result = conf("NoAnonymous yes\nMySQLConfigFile /etc/pure-ftpd/db/mysql.conf\n")
    assert result.diagnostics == []
    assert result.build.current.program == "pure-ftpd-mysql" and result.build.detected_at is not None
    assert result.build.detected_at.line == 2


def test_a_second_build_key_is_refused_as_the_first_build_would() -> None:
    result = conf("MySQLConfigFile /a\nLDAPConfigFile /b\n")
    [finding] = result.diagnostics
    assert (finding.code, finding.span.line) == ("FTP171", 2)
    assert "pure-ftpd-ldap" in finding.notes[0] and "pure-ftpd-mysql" in finding.notes[0]


def test_a_given_build_refuses_another_builds_key() -> None:
    [finding] = conf("MySQLConfigFile /a\n", build="vanilla").diagnostics
    assert finding.code == "FTP171" and "--pureftpd-build" in finding.notes[0]
    assert conf("PGSQLConfigFile /a\n", build="postgresql").diagnostics == []


def test_the_program_name_gives_the_build_of_a_command_line() -> None:
    assert not read_cmdline("/usr/sbin/pure-ftpd-ldap -l ldap:/etc/x.conf").has_error
    assert read_cmdline("/usr/sbin/pure-ftpd-ldap -l mysql:/etc/x.conf").has_error
    assert read_cmdline("pure-ftpd -l pgsql:/etc/x.conf", build="vanilla").has_error


def test_a_user_database_alone_means_virtual_users_not_system_accounts() -> None:
    for text in ("PureDB /etc/pure-ftpd/pureftpd.pdb\n", "MySQLConfigFile /etc/x.conf\n", "ExtAuth /run/auth.sock\n"):
        access = conf("NoAnonymous yes\n" + text).config.servers[0].access
        assert (access.local_users.effective, access.virtual_users.effective) == (False, True), text
        assert access.virtual_users.origin.line == 2


def test_unix_or_pam_beside_a_database_keeps_system_accounts() -> None:
    access = read_cmdline("pure-ftpd -l puredb:/p.pdb -l pam").config.servers[0].access
    assert access.local_users.effective and access.virtual_users.effective
    default = read_cmdline("pure-ftpd -E").config.servers[0].access
    assert default.local_users.effective and not default.virtual_users.effective


def test_virtual_users_only_are_not_told_system_users_are_not_chrooted() -> None:
    found = {c for c, _ in codes("NoAnonymous yes\nPureDB /etc/pure-ftpd/pureftpd.pdb\n")}
    assert "FTP640" not in found and "FTP501" in found


def test_the_tls_finding_names_virtual_users() -> None:
    found = lint_source(SourceFile(PATH, b"NoAnonymous yes\nPureDB /p.pdb\n"), "pureftpd").diagnostics
    [tls] = [d for d in found if d.code == "FTP501"]
    assert "virtual users (PureDB)" in tls.message and tls.span.line == 2


def test_converting_virtual_users_reports_what_the_target_cannot_do(tmp_path: Path) -> None:
    path = tmp_path / "pure-ftpd.conf"
    path.write_text("NoAnonymous yes\nChrootEveryone yes\nPureDB /etc/pure-ftpd/pureftpd.pdb\n")
    conversion = convert(lint_path(str(path), "pureftpd"), "vsftpd")
    losses = [(d.code, d.span.line, d.message.split(":")[0]) for d in conversion.losses]
    assert ("FTP901", 3, "virtual user login (a user database") in losses
    assert ("FTP901", 3, "local user login") in losses
    assert "local_enable=YES" in conversion.files[""]  # vsftpd needs it for any named login, through PAM
    assert any("pam_userdb" in n.message for n in conversion.notes)
    same = convert(lint_path(str(path), "pureftpd"), "pureftpd-flags")
    assert "--anonymousonly" not in same.files[""] and "-l puredb:" in same.files[""] and not same.losses


def test_a_debian_conf_dir_file_holding_no_is_a_declaration(tmp_path: Path) -> None:
    from ftpconf.dialects.pureftpd.confdir import read_conf_dir

    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "ChrootEveryone").write_text("no\n")
    chroot = read_conf_dir(tmp_path / "conf").config.servers[0].access.chroot_local_users
    assert (chroot.effective, chroot.declared, chroot.origin.line) == (False, "no", 1)


def test_a_no_for_one_login_method_after_another_does_what_it_says() -> None:
    """`PAMAuthentication no` after `PureDB` leaves -l pam out (simpleconf emits nothing for a no): no FTP181.
    Only the same key's earlier yes is what a no cannot take back."""
    found = codes("PureDB /etc/pure-ftpd/pureftpd.pdb\nPAMAuthentication no\nUnixAuthentication no\n")
    assert not [line for c, line in found if c == "FTP181"]
    assert ("FTP181", 3) in codes("PureDB /x.pdb\nPAMAuthentication yes\nPAMAuthentication no\n")


def test_a_file_of_flags_one_per_line_is_read_as_flags_at_their_lines() -> None:
    """CRUX's /etc/pure-ftpd.conf: `--flag` lines its rc script passes to pure-ftpd (`$(sed '/^#/d' $CONF)`)."""
    text = "# flags\n\n--chrooteveryone\n--maxclientsnumber 50\n  --passiveportrange=30000:30009\n--tls=7\n"
    found = lint_source(SourceFile(PATH, text.encode()), "pureftpd", ReadOptions()).diagnostics
    assert not [d for d in found if d.code == "FTP171"]  # no `unknown key --chrooteveryone`
    bad = [d for d in found if d.code == "FTP178"]  # --tls=7: an illegal value, at its own line and column
    assert [(d.span.line, d.span.column) for d in bad] == [(6, 1)]
    assert ("FTP640", 1) not in codes(text) and ("FTP601", 1) not in codes(text + "--anonymousonly\n")


def test_anonymous_only_is_a_choice_not_the_default() -> None:
    assert "FTP601" not in {c for c, _ in codes("AnonymousOnly yes\nChrootEveryone yes\n")}
