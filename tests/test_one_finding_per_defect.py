"""One defect, one finding (ftpconf/rules/defects.py): every rule fixture and every corpus file, with
every rule on (the opt-in groups too), must not report one mistake twice.

"The same defect", concretely: two findings with the same code at the same place (path, line, column),
or two findings whose codes ``defects.COVERS`` lists as covering one another, in its scope.
"""

from __future__ import annotations

from collections import Counter

import pytest

from ftpconf.diagnostics import Diagnostic
from ftpconf.input_codes import UNREADABLE_INPUT
from ftpconf.lint import UnsupportedDialect, lint_path
from ftpconf.rules.defects import COVERS, one_per_defect
from ftpconf.source import InputError, Span
from tests.conftest import shared_dir
from tests.rule_fixture_cases import RuleFixture, fixture_id, rule_fixtures

# Codes whose findings may share a place: each names a different thing the same line holds.
MAY_SHARE_A_PLACE = {
    "FTP014": "each unset `%{env:NAME}` of one word is its own finding (the word's column)",
    # probe (FTP7xx): one observation per data command of the running server (to be reviewed by its author)
    "FTP705": "each command whose data connection failed is its own observation",
    "FTP706": "each command the server accepted is its own observation",
}


def same_defect(diagnostics: list[Diagnostic]) -> list[str]:
    """Every pair of findings of one defect, described."""
    places = Counter((d.code, d.span.path, d.span.line, d.span.column) for d in diagnostics)
    found = [f"{code} twice at {path}:{line}:{column}" for (code, path, line, column), n in places.items()
             if n > 1 and code not in MAY_SHARE_A_PLACE]
    for covers in COVERS:
        for kept in (d for d in diagnostics if d.code == covers.code):
            for hidden in (d for d in diagnostics if d.code == covers.hidden):
                same_line = kept.span.line == hidden.span.line
                if kept.span.path == hidden.span.path and (covers.scope == "file" or same_line):
                    found.append(f"{covers.code} and {covers.hidden} at {hidden.span.path}:{hidden.span.line}")
    return found


@pytest.mark.parametrize(
    "fixture", [f for f in rule_fixtures() if f.conversion_target is None], ids=fixture_id
)
def test_rule_fixture_reports_each_defect_once(fixture: RuleFixture) -> None:
    assert same_defect(fixture.findings()) == []


def test_corpus_reports_each_defect_once() -> None:
    corpus = shared_dir("corpus")
    problems: list[str] = []
    for path in sorted(p for p in corpus.glob("*/*") if p.is_file() and p.suffix != ".tsv"):
        try:
            problems += same_defect(lint_path(str(path)).diagnostics)
        except (InputError, UnsupportedDialect):
            continue
    assert problems == []


def _at(code: str, line: int, message: str = "m", column: int = 1) -> Diagnostic:
    from ftpconf.registry import find_rule

    info = find_rule(code)
    assert info is not None
    return info.at(Span("f.conf", line, column), message)


def test_the_covering_finding_hides_the_other_in_its_scope() -> None:
    refused, unset = _at("FTP134", 2), _at("FTP206", 1)
    assert one_per_defect([refused, unset]) == [refused]
    assert one_per_defect([unset]) == [unset]
    name, resolved_once = _at("FTP620", 5), _at("FTP304", 5)
    assert one_per_defect([name, resolved_once]) == [name]
    assert one_per_defect([name, _at("FTP304", 6)]) == [name, _at("FTP304", 6)]  # scope "line": another line stays


def test_a_finding_repeated_by_each_server_is_said_once() -> None:
    first, again, other = _at("FTP501", 1), _at("FTP501", 1), _at("FTP501", 1, "another message")
    assert one_per_defect([first, again, other]) == [first, other]
    assert same_defect([first, other]) == ["FTP501 twice at f.conf:1:1"]


def test_the_checker_can_fail() -> None:
    assert same_defect([_at("FTP179", 1), _at("FTP206", 1)]) == ["FTP179 and FTP206 at f.conf:1"]
    assert same_defect([UNREADABLE_INPUT.at(Span("x", 1), "a"), UNREADABLE_INPUT.at(Span("x", 1), "b")])


def test_every_covering_pair_names_known_rules() -> None:
    from ftpconf.registry import find_rule

    for covers in COVERS:
        assert find_rule(covers.code) and find_rule(covers.hidden) and covers.code != covers.hidden, covers


