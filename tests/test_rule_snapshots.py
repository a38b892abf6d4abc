"""Every rule fixture's report, exactly as ``ftpconf`` prints it, stored as a reviewed snapshot.

tests/snapshots/rules/<CODE>/<fixture>.snap holds a header (the fixture, the rule) and then each
command run with its output: ``ftpconf lint`` (``convert`` for the FTP9xx fixtures), and when the
report offers a fix for the rule, ``ftpconf lint --select CODE --diff --unsafe-fixes`` so a
reviewer sees that rule's edit itself.
The report must not depend on the machine that runs the test: every fixture but those of the host family
(FTP08x, what this machine holds) is linted with ``--no-host-checks``, and the host family's own fixtures
name only paths no machine has or every machine has (``test_host_fixtures_name_no_machine_specific_path``).
Update with ``pytest tests/test_rule_snapshots.py --snapshot-update`` and review ``git diff``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from ftpconf.cli import main
from ftpconf.registry import all_rules
from tests.conftest import ROOT
from tests.rule_fixture_cases import RuleFixture, fixture_id, rule_fixtures
from tests.snapshot import assert_snapshot, remove_stale

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "rules"
FIXTURES = rule_fixtures()
# No terminal, no colour, a fixed width: the output must not depend on who runs the test.
RUNNER = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"})
LINE_LIMIT = 300  # a code frame of a 65 KB line (FTP172) is cut: the snapshot stays reviewable
FINDING = re.compile(r"^\S.*?:\d+:\d+: (FTP\d{3}) (?:error|warning|info): ")


def snapshot_path(fixture: RuleFixture) -> Path:
    return SNAPSHOTS / fixture.code / f"{fixture.name}.snap"


def render(fixture: RuleFixture) -> str:
    """The header, then each command with what it printed and its exit status."""
    arguments = fixture.cli_arguments()
    header = f"---\nsource: {fixture.path.relative_to(ROOT).as_posix()}\ncode: {fixture.code}\n---\n"
    if arguments[0] == "convert":  # the report is on stderr; stdout is the converted file, not a finding
        return header + _run(arguments, show_stdout=False)[0]
    block, stdout = _run(arguments)
    if fixture.code in _codes_with_a_fix(stdout):  # the edit of this rule's fixes alone, unsafe ones too
        block += "\n" + _run([*arguments, "--select", fixture.code, "--diff", "--unsafe-fixes"])[0]
    return header + block


def _codes_with_a_fix(report: str) -> set[str]:
    """Codes of the findings in a text report that offer a fix (a ``= fix`` line under the finding)."""
    codes, current = set(), None
    for line in report.splitlines():
        found = FINDING.match(line)
        if found:
            current = found.group(1)
        elif current and line.lstrip().startswith("= fix"):
            codes.add(current)
    return codes


def _run(arguments: list[str], *, show_stdout: bool = True) -> tuple[str, str]:
    """``$ ftpconf ARGS``, stdout, ``[stderr]`` and stderr, ``[exit N]``; also stdout alone."""
    result = RUNNER.invoke(main, arguments)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    stdout, stderr = _text(result.stdout_bytes), _text(result.stderr_bytes)
    parts = [
        f"$ ftpconf {shlex.join(arguments)}" + ("" if show_stdout else "  # stdout (the converted file) not shown")
    ]
    if show_stdout and stdout:
        parts.append(stdout.rstrip("\n"))
    if stderr:
        parts += ["[stderr]", stderr.rstrip("\n")]
    parts.append(f"[exit {result.exit_code}]")
    return "\n".join(parts) + "\n", stdout


def _text(data: bytes) -> str:
    """Output bytes as snapshot text: the checkout's absolute path as [ROOT] (an include loop names
    resolved paths), undecodable bytes as \\xNN, no raw control character but newline and tab (a
    stray CR or NUL would make the .snap unreadable in a diff), shown as \\r, \\x00, and lines cut
    at LINE_LIMIT characters."""
    text = data.decode("utf-8", "backslashreplace").replace(str(ROOT), "[ROOT]")
    text = "".join(
        ch if ch in "\n\t" or ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return "\n".join(_shortened(line) for line in text.split("\n"))


def _shortened(line: str) -> str:
    if len(line) <= LINE_LIMIT:
        return line
    return f"{line[:LINE_LIMIT]}... [{len(line) - LINE_LIMIT} more characters cut by the snapshot test]"


@pytest.mark.parametrize("fixture", FIXTURES, ids=fixture_id)
def test_rule_snapshot(fixture: RuleFixture, snapshot_update: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the report are relative to the repository, as the header says
    assert_snapshot(snapshot_path(fixture), render(fixture), update=snapshot_update)


def test_no_stale_snapshot(snapshot_update: bool) -> None:
    expected = {snapshot_path(fixture) for fixture in FIXTURES}
    remove_stale(sorted(set(SNAPSHOTS.glob("**/*.snap")) - expected), update=snapshot_update)


def test_every_rule_is_shown_by_its_firing_snapshot() -> None:
    """A fires snapshot must really show its rule's code as a finding, not only in its header or path."""
    missing = []
    for info in all_rules():
        shown = re.compile(rf"(?<!\S){info.code}(?!\S)")
        bodies = [
            p.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for p in (SNAPSHOTS / info.code).glob("fires*.snap")
        ]
        if not any(shown.search(body) for body in bodies):
            missing.append(info.code)
    assert not missing, f"rules whose firing snapshots do not show them: {missing}"


# Paths a host-family fixture may name: ones no machine has, or ones every Linux machine has.
ABSENT_EVERYWHERE = ("/etc/ftpconf-fixture-missing/", "/nonexistent/")
PRESENT_EVERYWHERE = ("/etc/passwd", "/etc/group")
ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:etc|srv|var|home|usr|opt|run|tmp|nonexistent)/[^\s\"'#]*")


def test_host_fixtures_name_no_machine_specific_path() -> None:
    """The FTP08x fixtures are linted with host checks on: a path that one machine has and another lacks
    (a Debian snakeoil certificate, /etc/proftpd/modules.conf) would make their snapshots the host's."""
    from ftpconf.host_codes import PREFIX

    found = {
        (fixture_id(fixture), path)
        for fixture in FIXTURES
        if fixture.code.startswith(PREFIX)
        for file in ([fixture.path] if fixture.path.is_file() else sorted(fixture.path.rglob("*")))
        if file.is_file()
        for path in ABSOLUTE_PATH.findall(file.read_text(encoding="utf-8", errors="replace"))
    }
    assert found, "the pattern finds the paths the host fixtures name"
    specific = sorted(
        (where, path)
        for where, path in found
        if not path.startswith(ABSENT_EVERYWHERE) and path not in PRESENT_EVERYWHERE
    )
    assert not specific, f"host fixtures naming a path some machines have: {specific}"


def test_other_fixtures_are_linted_without_host_checks() -> None:
    from ftpconf.host_codes import PREFIX

    for fixture in FIXTURES:
        arguments = fixture.cli_arguments()
        if arguments[0] == "lint":
            assert ("--no-host-checks" in arguments) is (not fixture.code.startswith(PREFIX)), fixture_id(fixture)

