"""docs/rules/, `ftpconf explain` and `ftpconf rules` all come from the rule registry and stay in sync."""

from __future__ import annotations

import json

import pytest

from ftpconf import docs
from ftpconf.registry import all_rules
from tests.cli import run_cli as ftpconf


def test_docs_pages_are_generated_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert docs.main(["--check"]) == 0, capsys.readouterr().err


def test_every_rule_has_a_page_with_its_metadata_and_a_real_example() -> None:
    for info in all_rules():
        text = (docs.DOCS / f"{info.code}.md").read_text("utf-8")
        assert text.startswith(f"# {info.code} {info.name}\n")
        assert f"| Severity | {info.severity.value}:" in text
        assert info.explanation.strip() in text
        if list((docs.FIXTURES / info.code).glob("fires*")):  # the fixture meta-test demands them
            fixture = sorted((docs.FIXTURES / info.code).glob("fires*"))[0]
            assert f"## Example: reported\n\n`{fixture.name}" in text, info.code
        index = (docs.DOCS / "README.md").read_text("utf-8")
        assert f"[{info.code}]({info.code}.md)" in index


def test_check_notices_a_stale_missing_or_orphaned_page(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path))
    assert docs.main(["--out", str(out)]) == 0
    assert docs.main(["--check", "--out", str(out)]) == 0
    page = out / "FTP201.md"
    page.write_text(page.read_text() + "edited\n")
    assert docs.main(["--check", "--out", str(out)]) == 1
    assert docs.main(["--out", str(out)]) == 0
    page.unlink()
    assert docs.main(["--check", "--out", str(out)]) == 1
    assert docs.main(["--out", str(out)]) == 0
    (out / "FTP999.md").write_text("# a retired rule\n")
    assert docs.main(["--check", "--out", str(out)]) == 1


@pytest.mark.parametrize("code", ["FTP001", "FTP201", "FTP134"])
def test_explain_prints_the_registry_text_and_the_page(code: str) -> None:
    info = next(i for i in all_rules() if i.code == code)
    explained = ftpconf("explain", code)
    assert explained.returncode == 0
    assert explained.stdout.startswith(f"{code} {info.name} ({info.severity.value})\n")
    assert info.summary in explained.stdout and info.explanation in explained.stdout
    page = ftpconf("explain", "--format", "markdown", code)
    assert page.stdout == (docs.DOCS / f"{code}.md").read_text("utf-8")


def test_every_rule_has_explain_text() -> None:
    listing = json.loads(ftpconf("rules", "--format", "json").stdout)
    assert [r["code"] for r in listing] == [i.code for i in all_rules()]
    assert ftpconf("rules", "--format", "markdown").stdout == (docs.DOCS / "README.md").read_text("utf-8")
    for info in all_rules():
        assert len(info.explanation) > 80 and info.summary, info.code
