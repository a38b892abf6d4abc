"""Every machine format validates against its schema, over the same varied inputs: our JSON against
the JSON Schema the package ships, SARIF against the official OASIS schema (tests/test_sarif.py),
GitLab code quality against the documented fields, JUnit XML by parsing and its element structure.
Columns and fix offsets are code points, as the schema says; with --cmdline the text report and the
JSON name the same place for every finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from ftpconf.report.json_report import SCHEMA_ID, SCHEMA_VERSION, schema
from tests.cli import run_cli_bytes
from tests.conftest import FIXTURES, ROOT
from tests.test_sarif import assert_valid
from tests.test_sarif import validator as sarif_validator  # noqa: F401  (a fixture)

INPUTS = [
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").glob("*.conf")),
    str(FIXTURES / "rules" / "FTP101" / "fires.vsftpd.conf"),  # a fix
    "no-such-file.conf",  # an unreadable input
]
CMDLINES = [
    "vsftpd -opasv_min_port=30000 -opasv_max_port=20000 samples/vsftpd-typos.conf",
    "pure-ftpd -p 40000:30000 -P 10.0.0.1",
]


def lint(output_format: str, *args: str, stdin: bytes | None = None) -> bytes:
    result = run_cli_bytes("lint", "--isolated", "--format", output_format, *args, stdin=stdin)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    assert result.returncode in (0, 1, 2)
    return result.stdout


def _cmdline_args() -> list[str]:
    return [arg for command in CMDLINES for arg in ("--cmdline", command)]


@pytest.fixture(scope="module")
def ours() -> jsonschema.Draft202012Validator:
    shipped = schema()
    jsonschema.Draft202012Validator.check_schema(shipped)
    assert shipped["$id"] == SCHEMA_ID
    return jsonschema.Draft202012Validator(shipped)


def _valid(validator: jsonschema.protocols.Validator, document: Any) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_json_validates_against_the_shipped_schema(ours: jsonschema.Draft202012Validator) -> None:
    for args in (INPUTS, _cmdline_args()):
        document = json.loads(lint("json", *args))
        _valid(ours, document)
        assert document["schema"] == SCHEMA_VERSION and document["$schema"] == SCHEMA_ID
        assert document["diagnostics"]
    assert any("fix" in d for d in json.loads(lint("json", *INPUTS))["diagnostics"])


def test_the_json_schema_has_teeth(ours: jsonschema.Draft202012Validator) -> None:
    document = json.loads(lint("json", INPUTS[0]))
    broken = {**document, "diagnostics": [{**document["diagnostics"][0], "severity": "fatal"}]}
    assert list(ours.iter_errors(broken))
    assert list(ours.iter_errors({**document, "schema": 2}))


def test_fix_offsets_are_code_points_of_the_decoded_text(ours: jsonschema.Draft202012Validator) -> None:
    """A non-ASCII comment before the fix: byte offsets would be off by the extra UTF-8 bytes."""
    text = "# café ünïcode\nlisten=YES\npasv_min_port=20480\npasv_max_port=10240\n"
    document = json.loads(lint("json", "--stdin-filename", "vsftpd.conf", "-", stdin=text.encode()))
    _valid(ours, document)
    [fix] = [d["fix"] for d in document["diagnostics"] if d["code"] == "FTP201"]
    fixed = text
    for edit in sorted(fix["edits"], key=lambda e: -e["start"]):
        fixed = fixed[: edit["start"]] + edit["text"] + fixed[edit["end"] :]
    assert "pasv_min_port=10240\npasv_max_port=20480\n" in fixed


def test_sarif_validates_for_the_same_inputs(sarif_validator: jsonschema.Draft4Validator) -> None:  # noqa: F811
    for args in (INPUTS, _cmdline_args()):
        assert_valid(sarif_validator, json.loads(lint("sarif", *args)))


def test_gitlab_validates_against_the_documented_fields() -> None:
    gitlab = json.loads((Path(__file__).parent / "schemas" / "gitlab-codequality.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(gitlab)
    validator = jsonschema.Draft202012Validator(gitlab)
    absolute = str(ROOT / "samples" / "vsftpd-typos.conf")
    for args in (INPUTS, _cmdline_args(), [absolute]):
        document = json.loads(lint("gitlab", *args))
        assert document
        _valid(validator, document)
    assert list(validator.iter_errors([{"description": "x"}]))  # the check has teeth


def test_junit_is_well_formed_with_the_expected_structure() -> None:
    for args in (INPUTS, _cmdline_args()):
        root = ET.fromstring(lint("junit", *args))
        assert root.tag == "testsuites"
        for suite in root:
            assert suite.tag == "testsuite" and suite.get("name")
            cases = list(suite)
            assert cases and all(c.tag == "testcase" and c.get("name") and c.get("classname") for c in cases)
            for case in cases:
                outcome = list(case)
                assert len(outcome) <= 1 and all(o.tag in ("failure", "error") and o.get("message") for o in outcome)
            assert suite.get("tests") == str(len(cases))
            assert suite.get("failures") == str(sum(c.find("failure") is not None for c in cases))
            assert suite.get("errors") == str(sum(c.find("error") is not None for c in cases))
        assert root.get("tests") == str(sum(int(s.get("tests", "0")) for s in root))


def test_undecodable_bytes_keep_every_format_valid(ours: jsonschema.Draft202012Validator) -> None:
    raw = b"listen=YES\npasv_enabl\xe9=YES\n\x01bad=1\n"
    _valid(ours, json.loads(lint("json", "--dialect", "vsftpd", "-", stdin=raw)))
    ET.fromstring(lint("junit", "--dialect", "vsftpd", "-", stdin=raw))  # XML 1.0 refuses control characters


def test_cmdline_text_and_json_name_the_same_place() -> None:
    text = lint("concise", "-q", *_cmdline_args()).decode()
    places = [line.split(": ", 1)[0] for line in text.splitlines()]
    document = json.loads(lint("json", *_cmdline_args()))
    assert places == [f"{d['path']}:{d['line']}:{d['column']}:".rstrip(":") for d in document["diagnostics"]]
    assert any(p.startswith("<command line>:") for p in places)
