"""The README's install commands, run as written against a tagged copy of this repository, give a
working ``ftpconf`` outside any checkout: the wheel (built by hatchling) carries the catalogues,
the rule pages with their examples, and the JSON Schema; nothing reads the source tree."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

from ftpconf import __version__
from tests.clone import TAG, clean_env, readme_block, snapshot_repository
from tests.conftest import ROOT


class Installed:
    def __init__(self, root: Path, elsewhere: Path) -> None:
        self.bin = root / "bin"
        self.elsewhere = elsewhere  # a working directory with no checkout above it

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "ftpconf"), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.elsewhere,
            input=stdin,
            env=clean_env(),
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    clone = snapshot_repository(tmp_path_factory.mktemp("clone"))
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    # The README's pip line, exactly as written, run in the clone with the venv's pip first on PATH.
    line = next(
        line.split("#")[0].strip()
        for line in readme_block("sh", "pip install").splitlines()
        if line.startswith("pip install")
    )
    assert line == f'pip install "git+file://$PWD@{TAG}"', line
    install = subprocess.run(
        ["bash", "-c", line],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
        env=clean_env(PATH=f"{env_dir / 'bin'}:{clean_env()['PATH']}"),
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return Installed(env_dir, tmp_path_factory.mktemp("elsewhere"))


def test_version_and_lint(installed: Installed) -> None:
    version = installed.run("--version")
    assert version.returncode == 0 and version.stdout == f"ftpconf, version {__version__}\n"
    result = installed.run("lint", str(ROOT / "samples" / "vsftpd-typos.conf"))
    assert result.returncode == 1, result.stderr
    assert "did you mean `pasv_enable`" in result.stdout


def test_package_is_not_the_checkout(installed: Installed) -> None:
    python = installed.bin / "python"
    packaged = subprocess.run(
        [str(python), "-c", "import ftpconf, pathlib; print(pathlib.Path(ftpconf.__file__).parent)"],
        capture_output=True,
        text=True,
        cwd=installed.elsewhere,
        check=True,
        env=clean_env(),
    ).stdout.strip()
    assert (Path(packaged) / "grammars" / "vsftpd.toml").is_file()
    assert (Path(packaged) / "schemas" / "lint-report-1.schema.json").is_file()
    assert not packaged.startswith(str(ROOT))
    dist_info = next(Path(packaged).parent.glob("ftpconf-*.dist-info"))
    assert "Permission is hereby granted" in (dist_info / "licenses" / "LICENSE").read_text()
    assert "License-Expression: MIT" in (dist_info / "METADATA").read_text()


def test_explain_markdown_from_the_wheel(installed: Installed) -> None:
    """The page a checkout generates from tests/fixtures is the one the wheel ships, examples included."""
    for code in ("FTP201", "FTP101"):
        result = installed.run("explain", code, "--format", "markdown")
        assert result.returncode == 0, result.stderr
        assert result.stdout == (ROOT / "docs" / "rules" / f"{code}.md").read_text("utf-8")
        assert "## Example: reported" in result.stdout
