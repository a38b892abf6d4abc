"""A scratch git repository holding the working tree as it is now, tagged as the README's release.

pip, pipx and pre-commit fetch a tag from a git URL; a file path is such a URL, so the README's
snippets can be run exactly as written against this copy.  Untracked files are copied too (not
ignored ones): a test must see the change under review, not the last commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from ftpconf import __version__
from tests.conftest import ROOT

TAG = f"v{__version__}"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def snapshot_repository(dest: Path) -> Path:
    """``dest`` becomes a git repository of the working tree with one commit, tagged ``TAG``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", ".")
    git(dest, "commit", "-q", "-m", "snapshot")
    git(dest, "tag", TAG)
    return dest


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without PYTHONPATH: an installed ftpconf must not import the checkout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return {**env, **extra}


def readme_block(language: str, containing: str) -> str:
    """The README's fenced ``language`` block that contains ``containing``."""
    readme = (ROOT / "README.md").read_text("utf-8")
    for block in re.findall(rf"^```{language}\n(.*?)^```", readme, re.M | re.S):
        if containing in block:
            return str(block)
    raise AssertionError(f"README has no {language} block with {containing!r}")
