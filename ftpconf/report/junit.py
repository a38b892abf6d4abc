"""JUnit XML, the test-report format CI servers (GitLab, Jenkins, Azure) show per job.

One ``<testsuite>`` per linted configuration, one failing ``<testcase>`` per finding (as ruff
does), and a passing ``ftpconf`` testcase for a configuration without findings so that it still
shows as checked.  An input that could not be read is a testcase with an ``<error>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree as ET

from ftpconf.diagnostics import Diagnostic
from ftpconf.lint import LintResult
from ftpconf.source import printable


def _text(value: str) -> str:
    """XML 1.0 cannot hold control characters or lone surrogates (undecodable input bytes)."""
    return "\n".join(printable(line) for line in value.split("\n"))


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=_text(name), classname=_text(classname))


def _failure(case: ET.Element, diagnostic: Diagnostic) -> None:
    span = diagnostic.span
    case.set("file", _text(span.path))
    case.set("line", str(span.line))
    failure = ET.SubElement(case, "failure", message=_text(diagnostic.message), type=diagnostic.severity.value)
    body = [
        f"{span.path}:{span.line}:{span.column}: {diagnostic.code} {diagnostic.severity.value}: {diagnostic.message}"
    ]
    body += [f"note: {note}" for note in diagnostic.notes]
    failure.text = _text("\n".join(body))


def document(results: Iterable[LintResult], errors: Iterable[dict[str, str]] = ()) -> ET.Element:
    root = ET.Element("testsuites", name="ftpconf")
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=_text(result.path))
        for diagnostic in result.diagnostics:
            _failure(_case(suite, f"{diagnostic.code} {diagnostic.rule.name}", diagnostic.span.path), diagnostic)
        if not result.diagnostics:
            _case(suite, "ftpconf", result.path)
    for error in errors:
        suite = ET.SubElement(root, "testsuite", name=_text(error["path"]))
        ET.SubElement(_case(suite, "read", error["path"]), "error", message=_text(error["message"]))
    for suite in root:
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
    for count in ("tests", "failures", "errors"):
        root.set(count, str(sum(int(suite.get(count, "0")) for suite in root)))
    return root


def render(results: Iterable[LintResult], errors: Iterable[dict[str, str]] = ()) -> str:
    tree = document(results, errors)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
