"""The import budget of a plain lint, checked by structure, not by a clock (timings live in `make bench`).

A cold ``ftpconf lint`` of a vsftpd.conf costs mostly imports (bench/PROFILE.md §1): each module below is
code a plain vsftpd file does not need, imported before only because something on the way named it.  The
command runs as a user runs it, in a fresh interpreter, and must not load them; each is still loaded when
its input asks for it (the second test), so this guards a lazy import, not a missing feature.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# module -> what it is for (loaded only for that)
NOT_FOR_A_PLAIN_LINT = {
    "ftpconf.launchers": "the carrier readers: Dockerfiles, compose files, units, scripts",
    "ftpconf.shellwords": "shell words of a command line (--cmdline, carriers)",
    "ftpconf.dialects.pureftpd.builds": "pure-ftpd's builds",
    "ftpconf.dialects.secret": "a secret found in the file",
    "ftpconf.catalog_proftpd": "proftpd's catalogue",
    "ftpconf.catalog_pureftpd": "pure-ftpd's catalogue",
    "ftpconf.dialects.proftpd": "the proftpd dialect",
    "ftpconf.firewall": "--firewall",
    "ftpconf.commands._fixing": "--fix / --diff",
    "ftpconf.suppressions": "a suppression comment",
    "subprocess": "asking git what it ignores (a directory argument)",
    "shlex": "a command line given as one string (--cmdline, carriers)",
    "json": "a JSON argv or report",
    "tomllib": "reading a project configuration file",
    "importlib.metadata": "pydantic's plugin lookup, skipped by Setting.model_rebuild",
}

PROBE = (
    "import runpy, sys\n"
    "try:\n"
    "    runpy.run_module('ftpconf', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write(repr(sorted(sys.modules)))\n"
)

# A plain vsftpd lint defines no dataclass of ftpconf's.  Each would cost 1-4 M instructions to define
# (dataclass compiles its methods at import; bench/PROFILE.md §1): a record nothing replaces is a
# NamedTuple, state nothing compares or prints a plain class, and the findings, places, lines, results
# and the dialect table's rows are ftpconf.records.Record classes (their methods come from the .pyc).
DATACLASSES = (
    "import dataclasses\n"
    "names = sorted(f'{n}.{k}' for n, m in list(sys.modules.items()) if n.startswith('ftpconf') "
    "for k, v in vars(m).items() if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == n)\n"
    "sys.stderr.write('\\n' + repr(names))\n"
)


def _run(tmp_path: Path, name: str, text: str, *args: str, probe: str = PROBE) -> list[str]:
    config = tmp_path / name
    config.write_text(text)
    sys_argv = ["ftpconf", "lint", "--isolated", "--fail-on", "none", *args, str(config)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\nsys.argv = {sys_argv!r}\n{probe}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0 and "finding" in done.stdout, done.stdout + done.stderr
    printed: list[str] = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    return printed


def _imported(tmp_path: Path, name: str, text: str, *args: str) -> set[str]:
    return set(_run(tmp_path, name, text, *args))


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_plain_vsftpd_lint_imports_only_what_it_needs(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "vsftpd-clean.conf").read_text()
    modules = _imported(tmp_path, "vsftpd.conf", text)
    assert "ftpconf.dialects.vsftpd.reader" in modules  # the probe did run the lint
    assert "pydantic.plugin._loader" not in modules  # no model class built its schema
    loaded = {name: why for name, why in NOT_FOR_A_PLAIN_LINT.items() if _loaded(modules, name)}
    assert loaded == {}


def test_what_a_file_asks_for_is_still_imported(tmp_path: Path) -> None:
    """The same probe sees the lazy modules arrive when the input needs them (so the test above can fail)."""
    unit = "[Service]\nExecStart=/usr/sbin/vsftpd /etc/vsftpd.conf\n"
    modules = _imported(tmp_path, "vsftpd.service", unit, "--no-host-checks")
    assert _loaded(modules, "ftpconf.launchers") and _loaded(modules, "ftpconf.shellwords")
    secret = "listen=YES\nsql_password=s3cret\n"  # an unknown name that says what it holds: masked by its shape
    assert _loaded(_imported(tmp_path, "vsftpd.conf", secret), "ftpconf.dialects.secret")


def test_a_plain_vsftpd_lint_defines_no_dataclass(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "vsftpd-clean.conf").read_text()
    assert _run(tmp_path, "vsftpd.conf", text, probe=PROBE + DATACLASSES) == []
    # the probe does see the dataclasses of a run that defines some: a unit's carrier readers
    unit = "[Service]\nExecStart=/usr/sbin/vsftpd /etc/vsftpd.conf\n"
    defined = _run(tmp_path, "vsftpd.service", unit, "--no-host-checks", probe=PROBE + DATACLASSES)
    assert any(name.startswith("ftpconf.launchers.") for name in defined)
