"""The pure-ftpd model keeps what the daemon applies: one extra per option, the occurrence that wins."""

from __future__ import annotations

from ftpconf.dialects.pureftpd.reader import read
from ftpconf.lint import lint_source
from ftpconf.model import Extra
from ftpconf.source import SourceFile


def extras(text: str) -> list[Extra]:
    return list(read(SourceFile("/etc/pure-ftpd/pure-ftpd.conf", text.encode())).config.servers[0].extras)


def test_a_repeated_value_is_carried_once_from_the_last_line() -> None:
    found = extras("MaxIdleTime 15\nMaxIdleTime 20\n")
    assert [(e.name, e.value, e.origin.line) for e in found] == [("maxidletime", "20", 2)]


def test_altlog_keeps_its_first_value_as_the_daemon_does() -> None:
    found = extras("AltLog clf:/var/log/a.log\nAltLog w3c:/var/log/b.log\n")
    assert [(e.name, e.value, e.origin.line) for e in found] == [("altlog", "clf:/var/log/a.log", 1)]


def test_a_repeated_switch_is_carried_once_from_its_first_line() -> None:
    found = extras("DisplayDotFiles yes\nDontResolve yes\nDisplayDotFiles yes\n")
    assert [(e.name, e.origin.line) for e in found] == [("displaydotfiles", 1), ("dontresolve", 2)]


def test_every_login_method_is_kept() -> None:
    found = extras("UnixAuthentication yes\nPureDB /etc/pure-ftpd/pureftpd.pdb\n")
    assert [(e.name, e.value) for e in found] == [("login", "unix"), ("login", "puredb:/etc/pure-ftpd/pureftpd.pdb")]


def test_the_overridden_lines_are_still_reported() -> None:
    source = SourceFile("/etc/pure-ftpd/pure-ftpd.conf", b"MaxIdleTime 15\nMaxIdleTime 20\n")
    assert [(r.ignored[0].span.line, r.applied.span.line) for r in read(source).repeats] == [(1, 2)]
    found = lint_source(source, "pureftpd").diagnostics
    assert [(d.code, d.span.line) for d in found if d.code == "FTP182"] == [("FTP182", 1)]


def test_a_byte_order_mark_is_named_and_removed_by_its_fix() -> None:
    source = SourceFile("/etc/pure-ftpd/pure-ftpd.conf", "\ufeffChrootEveryone yes\nNoAnonymous yes\n".encode())
    [finding] = [d for d in lint_source(source, "pureftpd").diagnostics if d.code == "FTP171"]
    assert "byte-order mark" in " ".join(finding.notes)
    assert finding.fix is not None and [(e.start, e.end, e.text) for e in finding.fix.edits] == [(0, 1, "")]
