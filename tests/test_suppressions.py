"""Inline suppressions: where each daemon tolerates them, what they cover, and the findings about them."""

from __future__ import annotations

from pathlib import Path

from ftpconf.lint import lint_path
from tests import daemons

INVERTED_VSFTPD = "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\npasv_min_port=20480\npasv_max_port=10240\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _found(path: Path) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in lint_path(str(path)).diagnostics]


def test_vsftpd_column_one_comment_silences_the_next_setting(tmp_path: Path) -> None:
    text = INVERTED_VSFTPD.replace("pasv_max_port", "# ftpconf: disable=FTP201\npasv_max_port")
    found = _found(_write(tmp_path, "vsftpd.conf", text))
    assert all(code != "FTP201" for code, _ in found)
    assert all(code not in ("FTP001", "FTP002") for code, _ in found)


def test_vsftpd_indented_comment_is_a_setting_not_a_suppression(tmp_path: Path) -> None:
    # vsftpd reads "  # ..." as an option line and refuses to start: we must not honour it.
    text = INVERTED_VSFTPD.replace("pasv_max_port", "  # ftpconf: disable=FTP201\npasv_max_port")
    codes = {code for code, _ in _found(_write(tmp_path, "vsftpd.conf", text))}
    assert {"FTP201", "FTP105"} <= codes


def test_suppression_applies_only_to_the_next_setting(tmp_path: Path) -> None:
    # FTP201 is reported at pasv_max_port (line 8 here); a suppression above pasv_min_port misses it.
    text = INVERTED_VSFTPD.replace("pasv_min_port", "# ftpconf: disable=FTP201\n\n#another comment\npasv_min_port")
    found = _found(_write(tmp_path, "vsftpd.conf", text))
    assert ("FTP201", 8) in found
    assert ("FTP001", 4) in found


def test_stacked_suppressions_and_blank_lines_reach_the_same_setting(tmp_path: Path) -> None:
    text = INVERTED_VSFTPD.replace(
        "pasv_max_port", "# ftpconf: disable=FTP201\n\n# ftpconf: disable=FTP2  reason: legacy\npasv_max_port"
    )
    codes = {code for code, _ in _found(_write(tmp_path, "vsftpd.conf", text))}
    assert "FTP201" not in codes and "FTP001" not in codes


def test_disable_file_covers_every_line_and_all_matches_anything(tmp_path: Path) -> None:
    path = _write(tmp_path, "vsftpd.conf", "# ftpconf: disable-file=FTP201, FTP5\n" + INVERTED_VSFTPD)
    codes = {code for code, _ in _found(path)}
    assert not codes & {"FTP201", "FTP501", "FTP001"}
    path = _write(tmp_path, "vsftpd.conf", INVERTED_VSFTPD + "# ftpconf: disable-file=all\n")
    assert _found(path) == []


def test_unused_and_invalid_suppressions_are_reported(tmp_path: Path) -> None:
    text = (
        "# ftpconf: disable=FTP202\nlisten=YES\n"  # nothing of that code on line 2
        "# ftpconf: disable=FTP2O1\n"  # letter O
        "# ftpconf: disable FTP201\n"  # no "="
        "# ftpconf: disable=FTP999\n"  # no such rule
        "# ftpconf: disable=FTP201\n"  # at the end: no setting follows
    )
    found = _found(_write(tmp_path, "vsftpd.conf", text))
    assert ("FTP001", 1) in found and ("FTP001", 6) in found
    assert {line for code, line in found if code == "FTP002"} == {3, 4, 5}


def test_unused_suppression_fix_deletes_exactly_its_line(tmp_path: Path) -> None:
    text = "listen=YES\n# ftpconf: disable=FTP202\nanonymous_enable=NO\n"
    result = lint_path(str(_write(tmp_path, "vsftpd.conf", text)))
    (unused,) = [d for d in result.diagnostics if d.code == "FTP001"]
    assert unused.fix is not None
    (edit,) = unused.fix.edits
    assert text[: edit.start] + edit.text + text[edit.end :] == "listen=YES\nanonymous_enable=NO\n"


def test_partly_used_suppression_names_only_the_unused_code(tmp_path: Path) -> None:
    text = INVERTED_VSFTPD.replace("pasv_max_port", "# ftpconf: disable=FTP201,FTP604\npasv_max_port")
    result = lint_path(str(_write(tmp_path, "vsftpd.conf", text)))
    (unused,) = [d for d in result.diagnostics if d.code == "FTP001"]
    assert "FTP604" in unused.message and "FTP201" not in unused.message
    assert unused.fix is None  # FTP201 is still needed: the line stays


PROFTPD = """ServerName "x"
{comment}<Limit PASV>
  DenyAll
</Limit>
PassivePorts 50000 \\
  40000
"""


def test_proftpd_suppression_before_a_section_covers_the_whole_section(tmp_path: Path) -> None:
    bare = {code for code, _ in _found(_write(tmp_path, "proftpd.conf", PROFTPD.format(comment="")))}
    assert "FTP209" in bare  # PASV refused, EPSV still open: reported inside the section
    text = PROFTPD.format(comment="  # ftpconf: disable=FTP209\n")
    assert "FTP209" not in {code for code, _ in _found(_write(tmp_path, "proftpd.conf", text))}


def test_proftpd_suppression_covers_a_continued_directive(tmp_path: Path) -> None:
    text = PROFTPD.format(comment="").replace("PassivePorts", "# ftpconf: disable=FTP134\nPassivePorts")
    codes = {code for code, _ in _found(_write(tmp_path, "proftpd.conf", text))}
    assert "FTP134" not in codes and "FTP001" not in codes


def test_proftpd_disable_file_stays_in_its_included_file(tmp_path: Path) -> None:
    # FTP140 (a missing target, before the host family) still names what is now FTP080: a redirect.
    _write(tmp_path, "extra.conf", f"# ftpconf: disable-file=FTP140\nInclude {tmp_path}/missing-1.conf\n")
    main = _write(tmp_path, "proftpd.conf", f"Include {tmp_path}/extra.conf\nInclude {tmp_path}/missing-2.conf\n")
    found = lint_path(str(main)).diagnostics
    assert [d.span.path for d in found if d.code == "FTP080"] == [str(main)]
    assert "FTP001" not in {d.code for d in found}


def test_pureftpd_indented_comment_is_honoured(tmp_path: Path) -> None:
    text = "PassivePortRange 30000 30009\n   # ftpconf: disable=FTP260\nMaxClientsNumber 50\n"
    bare = _found(_write(tmp_path, "pure-ftpd.conf", text.replace("   # ftpconf: disable=FTP260\n", "")))
    assert ("FTP260", 1) in bare
    # FTP260 is reported at the range (line 1), not at the line the comment precedes.
    assert ("FTP260", 1) in _found(_write(tmp_path, "pure-ftpd.conf", text))
    fixed = "   # ftpconf: disable=FTP260\n" + text.replace("   # ftpconf: disable=FTP260\n", "")
    assert "FTP260" not in {code for code, _ in _found(_write(tmp_path, "pure-ftpd.conf", fixed))}


# -- the real daemons tolerate the forms we honour ----------------------------------------------


def test_vsftpd_accepts_a_column_one_suppression_and_refuses_an_indented_one() -> None:
    daemons.require_daemons()
    assert daemons.vsftpd_verdict(b"# ftpconf: disable=FTP201\npasv_enable=YES\n").accepted
    refused = daemons.vsftpd_verdict(b"  # ftpconf: disable=FTP201\npasv_enable=YES\n")
    assert not refused.accepted and "ftpconf" in refused.message


def test_proftpd_accepts_indented_suppressions() -> None:
    daemons.require_daemons()
    config = (
        b'ServerName "x"\n  # ftpconf: disable=FTP209\n<Limit PASV>\n  # ftpconf: disable-file=all\n'
        b"  DenyAll\n</Limit>\n"
    )
    verdict = daemons.proftpd_configtest(config)
    assert verdict.accepted, verdict.message


def test_pureftpd_accepts_indented_suppressions() -> None:
    daemons.require_daemons()
    verdict = daemons.pureftpd_verdict(config=b"   # ftpconf: disable=FTP260\nPassivePortRange 30000 30009\n")
    assert verdict.accepted, verdict.message
