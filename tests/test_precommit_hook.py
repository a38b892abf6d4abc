"""The real pre-commit runs our hook in a scratch repository: it passes a clean file and fails a broken one."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from tests.clone import TAG, clean_env, git, readme_block, snapshot_repository
from tests.conftest import ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


_git = git
# One worker for the module: its tests share the hook environment pre-commit builds in pre_commit_home.
pytestmark = pytest.mark.xdist_group("pre-commit")


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


def test_every_hook_matches_the_same_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} >= {"ftpconf-lint", "ftpconf-fix"}
    assert len({h["files"] for h in hooks}) == 1


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree as it is now (new files included), committed in a scratch repository and tagged.

    pre-commit clones the repository at its tag, so a hook that relies on a file not yet committed
    would fail against the real checkout.
    """
    return snapshot_repository(tmp_path_factory.mktemp("ftpconf-snapshot"))


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-cache")


def _try_repo(hook_repo: Path, home: Path, cwd: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run HOOK --files …`` with a config naming the tagged snapshot, as a user's would.

    Every test names the same repository and rev, so pre-commit builds the hook's environment once
    in the shared ``home`` (``try-repo`` makes a new commit, hence a new environment, every call:
    about 20 s each).
    """
    config = f"repos:\n  - repo: {hook_repo}\n    rev: {TAG}\n    hooks:\n      - id: {hook}\n"
    (cwd / ".pre-commit-config.yaml").write_text(config)
    _git(cwd, "add", ".pre-commit-config.yaml")
    env = clean_env(PRE_COMMIT_HOME=str(home))
    return subprocess.run(
        [str(PRE_COMMIT), "run", hook, "--files", *files],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is installed by make test")
def test_real_pre_commit_runs_the_hook(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    repo = tmp_path / "configs"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copy(ROOT / "samples" / "vsftpd-clean.conf", repo / "vsftpd.conf")
    (repo / "broken").mkdir()
    (repo / "broken" / "vsftpd.conf").write_text("listen=YES\npasv_enalbe=YES\n")
    _git(repo, "add", ".")

    clean = _try_repo(hook_repo, pre_commit_home, repo, "ftpconf-lint", "vsftpd.conf")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = _try_repo(hook_repo, pre_commit_home, repo, "ftpconf-lint", "broken/vsftpd.conf")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "FTP101" in broken.stdout and "did you mean `pasv_enable`" in broken.stdout
    assert (repo / "broken" / "vsftpd.conf").read_text() == "listen=YES\npasv_enalbe=YES\n"  # lint never writes


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is installed by make test")
def test_real_pre_commit_runs_the_fix_hook(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    repo = tmp_path / "configs"
    repo.mkdir()
    _git(repo, "init", "-q")
    clean = (ROOT / "samples" / "vsftpd-clean.conf").read_text()
    broken = clean.replace("max_clients=40", "max_clients = 40").replace("pasv_enable=YES", "pasv_enalbe=YES")
    (repo / "vsftpd.conf").write_text(broken)
    _git(repo, "add", ".")

    first = _try_repo(hook_repo, pre_commit_home, repo, "ftpconf-fix", "vsftpd.conf")
    # pre-commit fails a hook that changed files, whatever the hook's own exit status
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repo / "vsftpd.conf").read_text() == clean
    _git(repo, "add", "vsftpd.conf")
    second = _try_repo(hook_repo, pre_commit_home, repo, "ftpconf-fix", "vsftpd.conf")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "files were modified" not in second.stdout


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is installed by make test")
def test_readme_pre_commit_config_as_written(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    """The README's .pre-commit-config.yaml, its placeholder path replaced by a tagged clone, fails a
    commit of a broken vsftpd.conf and passes a clean one."""
    snippet = readme_block("yaml", "id: ftpconf-lint")
    config = yaml.safe_load(snippet)
    assert config["repos"][0]["rev"] == TAG
    assert config["repos"][0]["repo"] == "/path/to/ftpconf"
    repo = tmp_path / "configs"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(snippet.replace("/path/to/ftpconf", str(hook_repo)))
    (repo / "vsftpd.conf").write_text("listen=YES\npasv_enalbe=YES\n")
    (repo / "README").write_text("not a config\n")
    _git(repo, "add", ".")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--all-files"],
            cwd=repo,
            env=clean_env(PRE_COMMIT_HOME=str(pre_commit_home)),
            capture_output=True,
            text=True,
            timeout=600,
        )

    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "vsftpd.conf:2:1: FTP101" in broken.stdout
    shutil.copy(ROOT / "samples" / "vsftpd-clean.conf", repo / "vsftpd.conf")
    _git(repo, "add", ".")
    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
