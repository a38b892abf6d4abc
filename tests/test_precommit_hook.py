"""The real pre-commit runs our hook in a scratch repository: it passes a clean file and fails a broken one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from tests.conftest import ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.invalid",
        },
    )


def test_hook_files_regex_matches_config_names() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    pattern = re.compile(hooks[0]["files"])
    for name in (
        "etc/vsftpd.conf",
        "vsftpd/vsftpd.conf",
        "docker/vsftpd-ssl.conf",
        "etc/proftpd/proftpd.conf",
        "etc/proftpd/conf.d/tls.conf",
        "etc/pure-ftpd/pure-ftpd.conf",
    ):
        assert pattern.search(name), name
    for name in ("etc/nginx.conf", "vsftpd.conf.bak", "README.md", "etc/vsftpd.user_list"):
        assert not pattern.search(name), name


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is installed by make test")
def test_real_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    repo = tmp_path / "configs"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copy(ROOT / "samples" / "vsftpd-clean.conf", repo / "vsftpd.conf")
    (repo / "broken").mkdir()
    (repo / "broken" / "vsftpd.conf").write_text("listen=YES\npasv_enalbe=YES\n")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), "ftpconf-lint", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    clean = try_repo("vsftpd.conf")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = try_repo("broken/vsftpd.conf")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "FTP101" in broken.stdout and "did you mean `pasv_enable`" in broken.stdout
