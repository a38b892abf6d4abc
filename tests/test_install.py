"""`pip install .` into a clean virtualenv gives a working `ftpconf`, catalogue included (not only editable)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_install_in_clean_venv(tmp_path: Path) -> None:
    source = tmp_path / "src"
    # Copy only what git tracks, so a stray local file cannot make the test pass.
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(source)], capture_output=True, text=True, timeout=600
    )
    assert install.returncode == 0, install.stderr[-3000:]
    sample = ROOT / "samples" / "vsftpd-typos.conf"
    result = subprocess.run(
        [str(env_dir / "bin" / "ftpconf"), "lint", str(sample)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert "did you mean `pasv_enable`" in result.stdout
    packaged = subprocess.run(
        [str(python), "-c", "import ftpconf, pathlib; print(pathlib.Path(ftpconf.__file__).parent)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    assert (Path(packaged) / "grammars" / "vsftpd.toml").is_file()
    assert not str(packaged).startswith(str(ROOT))
    assert sys.version_info >= (3, 10)
