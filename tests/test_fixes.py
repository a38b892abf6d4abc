"""Autofixes: ``ftpconf lint --fix / --diff / --unsafe-fixes``.

Each case in tests/fixtures/fixes/ is a ``before/`` tree, the ``after/`` tree the fix must produce
byte for byte, and case.toml (the codes the fix removes, whether unsafe fixes are on, which daemon
judges).  The after trees are checked, not trusted: re-linting them shows the fixed codes gone, and
the real daemon accepts them (and its verdict on the before tree agrees with ftpconf's errors).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ftpconf.catalog import parse_toml
from ftpconf.diagnostics import Diagnostic, Edit, Fix, Severity
from ftpconf.fixes import MAX_PASSES, FixOutcome, apply_edits, fix_all, unified_diff
from ftpconf.lint import LintResult, lint_path, lint_source
from ftpconf.source import SourceFile
from tests import daemons
from tests.cli import run_cli_bytes
from tests.conftest import FIXTURES

CASES_DIR = FIXTURES / "fixes"


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the path to lint, inside before/ and after/
    fixed: tuple[str, ...]
    unsafe: bool
    daemon: str
    flags_before: tuple[str, ...] = ()
    flags_after: tuple[str, ...] = ()

    @property
    def before(self) -> Path:
        return CASES_DIR / self.name / "before"

    @property
    def after(self) -> Path:
        return CASES_DIR / self.name / "after"


def _cases() -> list[Case]:
    cases = []
    for directory in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        meta = parse_toml((directory / "case.toml").read_text())
        cases.append(
            Case(
                directory.name,
                meta["file"],
                tuple(meta["fixed"]),
                meta["unsafe"],
                meta["daemon"],
                tuple(meta.get("flags_before", ())),
                tuple(meta.get("flags_after", ())),
            )
        )
    return cases


CASES = _cases()


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return run_cli_bytes(*args, cwd=cwd, stdin=stdin)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _copy(case: Case, tmp_path: Path, which: str = "before") -> Path:
    target = tmp_path / which
    shutil.copytree(case.before if which == "before" else case.after, target)
    return target


def _fix_args(case: Case) -> list[str]:
    return ["lint", "--fix", *(["--unsafe-fixes"] if case.unsafe else []), case.file]


# -- the fixture cases -------------------------------------------------------------------------------


def test_there_are_cases_for_every_dialect() -> None:
    assert {c.daemon for c in CASES} == {"vsftpd", "proftpd", "pureftpd"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fix_turns_before_into_after(case: Case, tmp_path: Path) -> None:
    work = _copy(case, tmp_path)
    result = run(*_fix_args(case), cwd=work)
    assert result.returncode in (0, 1), result.stderr
    assert _tree(work) == _tree(case.after)
    assert b" fixed, " in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_after_relints_clean_of_what_was_fixed(case: Case) -> None:
    before = str(case.before / case.file)
    outcome = fix_all([lint_path(before)], lambda: [lint_path(before)], unsafe=case.unsafe)
    assert {d.code for d in outcome.applied} == set(case.fixed)  # pure-ftpd shows one error at a time
    after = lint_path(str(case.after / case.file))
    assert not set(case.fixed) & {d.code for d in after.diagnostics}
    assert not [d for d in after.diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_daemon_accepts_after_and_agrees_on_before(case: Case) -> None:
    daemons.require_daemons()
    for tree, should_start in ((case.before, None), (case.after, True)):
        errors = [d for d in lint_path(str(tree / case.file)).diagnostics if d.severity is Severity.ERROR]
        verdict = _verdict(case, tree)
        assert verdict.accepted == (not errors), f"{tree}: daemon said {verdict.message!r}; ftpconf errors {errors}"
        if should_start is not None:
            assert verdict.accepted is should_start, verdict.message


def _verdict(case: Case, tree: Path) -> daemons.Verdict:
    if case.daemon == "vsftpd":
        return daemons.vsftpd_verdict((tree / case.file).read_bytes())
    if case.daemon == "proftpd":
        return daemons.proftpd_configtest((tree / case.file).read_bytes())
    if case.flags_before:  # a Debian conf directory: the flags pure-ftpd-wrapper builds from it
        return daemons.pureftpd_verdict(args=list(case.flags_after if tree == case.after else case.flags_before))
    return daemons.pureftpd_verdict(config=(tree / case.file).read_bytes())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_diff_is_a_patch_from_before_to_after_and_writes_nothing(case: Case, tmp_path: Path) -> None:
    work = _copy(case, tmp_path)
    args = ["lint", "--diff", *(["--unsafe-fixes"] if case.unsafe else []), case.file]
    result = run(*args, cwd=work)
    assert result.returncode == 1, result.stderr
    assert _tree(work) == _tree(case.before)
    patched = subprocess.run(["patch", "-p0", "--binary", "-s"], input=result.stdout, cwd=work, capture_output=True)
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert _tree(work) == _tree(case.after)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fix_on_after_is_a_no_op(case: Case, tmp_path: Path) -> None:
    work = _copy(case, tmp_path, "after")
    stamps = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in work.rglob("*") if p.is_file()}
    result = run(*_fix_args(case), cwd=work)
    assert result.stderr.splitlines()[-1].startswith(b"0 fixed, ")
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in stamps} == stamps
    assert run("lint", "--diff", case.file, cwd=work).returncode == 0


def test_unsafe_fixes_need_the_flag(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "vsftpd-unsafe")
    work = _copy(case, tmp_path)
    result = run("lint", "--fix", case.file, cwd=work)
    assert _tree(work) == _tree(case.before), "only unsafe fixes apply here"
    assert result.stderr.splitlines()[-1].startswith(b"0 fixed, ")
    assert b"fix (unsafe): rename to `pasv_enable`" in result.stdout


# -- every rule that says it is fixable ------------------------------------------------------------------

RULE_FIXTURES = FIXTURES / "rules"
# Fixes that need a file tree a static fixture cannot hold (an absolute Include path), tested below.
FIXED_ELSEWHERE = {"FTP141": "test_fix_lands_in_a_proftpd_included_file"}


def _fixable_codes() -> list[str]:
    from ftpconf.diagnostics import REGISTRY
    from ftpconf.registry import all_rules

    list(all_rules())  # registers every rule
    return sorted(code for code, info in REGISTRY.items() if info.fixable and code not in FIXED_ELSEWHERE)


@pytest.mark.parametrize("code", _fixable_codes())
def test_every_fixable_rule_fixes_a_fixture_of_its_own(code: str, tmp_path: Path) -> None:
    """A rule marked fixable offers a fix on one of its firing fixtures, and applying the fixes of
    that rule (unsafe ones too) leaves the file with no finding of it that a fix could still remove."""
    offered = False
    for fixture in sorted((RULE_FIXTURES / code).glob("fires*")):
        if not fixture.is_file():
            continue
        path = tmp_path / fixture.name
        shutil.copy(fixture, path)

        def relint(path: Path = path) -> list[LintResult]:
            result = lint_path(str(path))
            result.diagnostics = [d for d in result.diagnostics if d.code == code]
            return [result]

        before = relint()[0].diagnostics
        if not any(d.fix for d in before):
            continue
        offered = True
        outcome = fix_all(relint(), relint, unsafe=True)  # writes nothing: re-lint the fixed text in memory
        after = _relint_fixed(outcome, relint)
        assert len(after) < len(before) and not [d for d in after if d.fix], f"{fixture.name}: {after}"
    assert offered, f"{code} is marked fixable but none of its fires* fixtures gets a fix"


def _relint_fixed(outcome: FixOutcome, relint: Callable[[], list[LintResult]]) -> list[Diagnostic]:
    from ftpconf.source import encode, overlay

    with overlay({p: encode(t) for p, t in outcome.fixed.items()}):
        return relint()[0].diagnostics


# -- what the real daemons do with fixed files ------------------------------------------------------------


def _fixed_bytes(tmp_path: Path, name: str, data: bytes, *flags: str) -> bytes:
    path = tmp_path / name
    path.write_bytes(data)
    assert run("lint", "--fix", *flags, name, cwd=tmp_path).returncode in (0, 1)
    return path.read_bytes()


def test_widened_proftpd_limit_refuses_eprt_on_the_running_daemon(tmp_path: Path) -> None:
    daemons.require_daemons()
    before = b'ServerName "x"\n<Limit PORT>\n  DenyAll\n</Limit>\n'
    assert _fixed_bytes(tmp_path, "proftpd.conf", before) == before  # refusing EPRT too is an unsafe fix
    after = _fixed_bytes(tmp_path, "proftpd.conf", before, "--unsafe-fixes")
    assert after == b'ServerName "x"\n<Limit PORT EPRT>\n  DenyAll\n</Limit>\n'
    assert daemons.probe_proftpd(before, samples=1).code("EPRT") == 200
    probe = daemons.probe_proftpd(after, samples=1)
    assert probe.code("PORT") == probe.code("EPRT") == 501


def test_fixed_vsftpd_range_and_denied_list_hold_on_the_running_daemon(tmp_path: Path) -> None:
    daemons.require_daemons()
    before = b"cmds_denied=PORT\npasv_min_port=30099\npasv_max_port=30000\n"
    after = _fixed_bytes(tmp_path, "vsftpd.conf", before, "--unsafe-fixes")
    assert after == b"cmds_denied=PORT,EPRT\npasv_min_port=30000\npasv_max_port=30099\n"
    probe = daemons.probe_vsftpd(after, samples=8)
    assert probe.code("EPRT") == probe.code("PORT") == 550
    assert probe.port_range is not None and 30000 <= probe.port_range[0] <= probe.port_range[1] <= 30099


# -- files: includes, conf dirs, command lines, stdin, modes, links -------------------------------------


def test_fix_lands_in_a_proftpd_included_file(tmp_path: Path) -> None:
    included = tmp_path / "conf.d" / "passive.conf"
    included.parent.mkdir()
    included.write_bytes(b"PasivePorts 30000 30099\n")
    main = tmp_path / "proftpd.conf"
    main.write_bytes(f'ServerName "x"\nInclude {included}\n'.encode())
    main_stamp = main.stat().st_mtime_ns
    before = lint_path(str(main))
    assert {d.code for d in before.diagnostics} >= {"FTP141"}  # an error in an included file is only skipped
    result = run("lint", "--fix", str(main), cwd=tmp_path)
    assert included.read_bytes() == b"PassivePorts 30000 30099\n"
    assert main.stat().st_mtime_ns == main_stamp
    assert b"FTP141" not in result.stdout
    daemons.require_daemons()
    assert daemons.proftpd_configtest(main.read_bytes()).accepted


def test_fix_lands_in_a_pureftpd_included_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra.conf"
    extra.write_bytes(b"NoAnonymous yes # no anonymous login\n")
    main = tmp_path / "pure-ftpd.conf"
    main.write_bytes(f"ChrootEveryone yes\nInclude {extra}\n".encode())
    run("lint", "--fix", str(main), cwd=tmp_path)
    assert extra.read_bytes() == b"# no anonymous login\nNoAnonymous yes\n"
    assert main.read_bytes() == f"ChrootEveryone yes\nInclude {extra}\n".encode()
    daemons.require_daemons()
    assert daemons.pureftpd_verdict(config=main.read_bytes()).accepted


def test_fix_through_a_command_line_edits_the_file_it_names(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_bytes(b"listen=YES\npasv_min_port=30099\npasv_max_port=30000\n")
    result = run("lint", "--fix", "--cmdline", f"vsftpd -oanonymous_enable=NO {conf}", cwd=tmp_path)
    assert conf.read_bytes() == b"listen=YES\npasv_min_port=30000\npasv_max_port=30099\n"
    assert b"FTP201" not in result.stdout


def test_fix_in_a_pureftpd_command_line_file(tmp_path: Path) -> None:
    script = tmp_path / "docker.cmdline"
    script.write_bytes(b"pure-ftpd -E -p 30099:30000\n")
    run("lint", "--fix", "--dialect", "pureftpd", script.name, cwd=tmp_path)
    assert script.read_bytes() == b"pure-ftpd -E -p 30000:30099\n"
    daemons.require_daemons()
    assert not daemons.pureftpd_verdict(args=["-E", "-p", "30099:30000"]).accepted
    assert daemons.pureftpd_verdict(args=["-E", "-p", "30000:30099"]).accepted


def test_stdin_fix_prints_the_fixed_text_and_reports_on_stderr(tmp_path: Path) -> None:
    data = b"listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nmax_clients = 20\n"
    result = run("lint", "--fix", "--dialect", "vsftpd", "-", cwd=tmp_path, stdin=data)
    assert result.stdout == b"listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nmax_clients=20\n"
    assert b"FTP206" in result.stderr and b"1 fixed, " in result.stderr
    untouched = run("lint", "--fix", "--dialect", "vsftpd", "-", cwd=tmp_path, stdin=b"listen=YES\n")
    assert untouched.stdout == b"listen=YES\n"


def test_fix_keeps_mode_owner_and_links_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target_dir = tmp_path / "real"
    target_dir.mkdir()
    conf = target_dir / "vsftpd.conf"
    conf.write_bytes(b"listen=YES\nmax_clients = 20\n")
    conf.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(conf, 4321, 4322)
    link = tmp_path / "vsftpd.conf"
    link.symlink_to(conf)
    inode = conf.stat().st_ino
    run("lint", "--fix", "vsftpd.conf", cwd=tmp_path)
    assert link.is_symlink() and conf.read_bytes() == b"listen=YES\nmax_clients=20\n"
    info = conf.stat()
    assert info.st_ino != inode, "replaced by rename, not rewritten in place"
    assert info.st_mode & 0o7777 == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4322)
    assert sorted(p.name for p in target_dir.iterdir()) == ["vsftpd.conf"]


def test_exit_status_and_summary_come_from_what_remains(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_bytes(b"listen=YES\nanonymous_enable = NO\nlocal_enable=NO\nanon_upload_enable=NO\n")
    result = run("lint", "--fix", "vsftpd.conf", cwd=tmp_path)
    assert conf.read_bytes() == b"listen=YES\nanonymous_enable=NO\nlocal_enable=NO\nanon_upload_enable=NO\n"
    remaining = lint_path(str(conf)).diagnostics
    assert result.stderr.splitlines()[-1] == f"1 fixed, {len(remaining)} remaining".encode()
    worst = max((d.severity.rank for d in remaining), default=0)
    assert result.returncode == (1 if worst >= Severity.WARNING.rank else 0)


def test_json_report_after_fix_lists_what_remains(tmp_path: Path) -> None:
    import json

    conf = tmp_path / "vsftpd.conf"
    conf.write_bytes(b"listen=YES\npasv_enalbe=YES\n")
    result = run("lint", "--fix", "--format", "json", "vsftpd.conf", cwd=tmp_path)
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert "FTP101" not in codes and conf.read_bytes() == b"listen=YES\npasv_enable=YES\n"
    assert b"fixed" not in result.stderr  # the summary line is for text mode


def test_diff_exits_zero_without_changes_and_unsafe_alone_is_a_usage_error(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_bytes(b"listen=YES\n")
    result = run("lint", "--diff", "vsftpd.conf", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"")
    assert run("lint", "--unsafe-fixes", "vsftpd.conf", cwd=tmp_path).returncode == 2


def test_a_typo_whose_target_is_set_elsewhere_is_unsafe_in_every_dialect(tmp_path: Path) -> None:
    samples = {
        "vsftpd.conf": b"pasv_enalbe=YES\npasv_enable=NO\n",
        "proftpd.conf": b'ServerNmae "a"\nServerName "b"\n',
        "pure-ftpd.conf": b"NoAnonymou yes\nNoAnonymous no\n",
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        typo = next(d for d in lint_path(str(tmp_path / name)).diagnostics if d.fix and "rename" in d.fix.description)
        assert typo.fix is not None and not typo.fix.safe, name
        (tmp_path / name).write_bytes(data.split(b"\n", 1)[0] + b"\n")
        alone = next(d for d in lint_path(str(tmp_path / name)).diagnostics if d.fix and "rename" in d.fix.description)
        assert alone.fix is not None and alone.fix.safe, name


# -- the engine ---------------------------------------------------------------------------------------


def test_apply_edits_replaces_from_the_end() -> None:
    text = "abc\r\ndef\n"
    edits = [Edit("f", 0, 0, "# x\r\n"), Edit("f", 5, 8, "DEF"), Edit("f", 3, 4, "")]
    assert apply_edits(text, edits) == "# x\r\nabc\nDEF\n"


def _result(path: str, text: str, fixes: list[Fix]) -> LintResult:
    base = lint_source(SourceFile(path, text.encode()), "vsftpd")
    extra = [Diagnostic("FTP114", Severity.WARNING, "test", base.diagnostics[0].span, (), fix) for fix in fixes]
    return LintResult(base.path, base.dialect, base.config, extra, {path: text})


def test_clashing_fixes_wait_for_the_next_pass_and_the_loop_is_bounded(tmp_path: Path) -> None:
    path = str(tmp_path / "vsftpd.conf")
    Path(path).write_text("listen=YES\n")
    first = Fix("a", (Edit(path, 0, 6, "LISTEN"),))
    second = Fix("b", (Edit(path, 3, 10, "TEN=NO"),))
    passes: list[int] = []

    def relint() -> list[LintResult]:
        from ftpconf.source import overlaid

        passes.append(1)
        current = (overlaid(path) or b"").decode()
        # a fix that always applies again: swaps the first letter back and forth
        flip = Fix("flip", (Edit(path, 0, 1, "l" if current[0] == "L" else "L"),))
        return [_result(path, current, [flip, second])]

    outcome: FixOutcome = fix_all([_result(path, "listen=YES\n", [second, first])], relint)
    described = [d.fix.description for d in outcome.applied if d.fix is not None]
    assert described[0] == "a"  # the first by position, not by list order; "b" clashed with it
    assert described[1:3] == ["flip", "b"]  # after the re-lint "b" gets its turn
    assert len(passes) == outcome.passes <= MAX_PASSES  # "flip" would go on forever
    assert Path(path).read_text() == "listen=YES\n"  # nothing is written by fix_all


def test_fixes_never_touch_a_file_whose_text_is_not_the_file(tmp_path: Path) -> None:
    conf = tmp_path / "vsftpd.conf"
    conf.write_bytes(b"listen=YES\n")
    stale = _result(str(conf), "listen=NO\n", [Fix("x", (Edit(str(conf), 0, 6, "LISTEN"),))])
    outcome = fix_all([stale], lambda: [stale])
    assert outcome.changed == {}


def test_unified_diff_marks_a_missing_final_newline() -> None:
    outcome = FixOutcome({"a.conf": "x=1\r\ny=2"}, {"a.conf": "x=1\r\ny=3"})
    missing = "\\ No newline at end of file\n"
    expected = f"--- a.conf\n+++ a.conf\n@@ -1,2 +1,2 @@\n x=1\r\n-y=2\n{missing}+y=3\n{missing}"
    assert unified_diff(outcome) == expected
