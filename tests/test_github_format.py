"""``--format github``: workflow commands the Actions runner turns into annotations.

The parser below reads a line the way the runner does (actions/runner ActionCommand: ``::name
k=v,k=v::data``, then the toolkit's escapes undone), so the test checks what GitHub would show.
"""

from __future__ import annotations

import json
import subprocess

from ftpconf.diagnostics import Diagnostic, Severity
from ftpconf.registry import all_rules
from ftpconf.report.github import annotation
from ftpconf.source import Span
from tests.cli import run_cli

UNESCAPE_DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
UNESCAPE_PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def _unescape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    head, data = line[2:].split("::", 1)
    name, _, props = head.partition(" ")
    properties = {}
    for item in props.split(","):
        key, value = item.split("=", 1)
        properties[key] = _unescape(value, UNESCAPE_PROPERTY)
    return name, properties, _unescape(data, UNESCAPE_DATA)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("lint", "--isolated", *args)


def test_each_finding_is_one_annotation_matching_the_json_report() -> None:
    files = ["samples/vsftpd-swapped-range.conf", "samples/proftpd-seed-deny-port.conf", "samples/pure-ftpd.conf"]
    result = run("--format", "github", *files)
    assert result.returncode == 1
    report = json.loads(run("--format", "json", *files).stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == len(report["diagnostics"]) > 0
    for line, diagnostic in zip(lines, report["diagnostics"], strict=True):
        name, properties, message = parse(line)
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[diagnostic["severity"]]
        assert properties["file"] == diagnostic["path"]
        assert (int(properties["line"]), int(properties["col"])) == (diagnostic["line"], diagnostic["column"])
        assert properties["title"] == f"{diagnostic['code']} {diagnostic['rule']}"
        assert message.split("\n") == [f"{diagnostic['code']} {diagnostic['message']}", *diagnostic["notes"]]


def test_special_characters_survive_the_runner() -> None:
    all_rules()  # registers FTP201's metadata (the title names the rule)
    nasty = Diagnostic(
        "FTP201",
        Severity.INFO,
        "100% wrong: a, b\r\nc",
        Span("dir,with:odd%chars/vsftpd.conf", 3, 2, 9),
        notes=("first: note",),
    )
    line = annotation(nasty)
    assert "\n" not in line and "\r" not in line
    name, properties, message = parse(line)
    assert name == "notice"
    assert properties == {
        "file": "dir,with:odd%chars/vsftpd.conf",
        "line": "3",
        "col": "2",
        "endColumn": "9",
        "title": "FTP201 inverted-passive-range",
    }
    assert message == "FTP201 100% wrong: a, b\r\nc\nfirst: note"


def test_unreadable_input_is_an_error_annotation_and_exit_two() -> None:
    result = run("--format", "github", "/nonexistent/vsftpd.conf")
    assert result.returncode == 2
    name, properties, message = parse(result.stdout.splitlines()[0])
    assert name == "error" and message == "FTP019 no such file"
    where = {"file": "/nonexistent/vsftpd.conf", "line": "1", "col": "1"}
    assert properties == {**where, "title": "FTP019 unreadable-input"}
