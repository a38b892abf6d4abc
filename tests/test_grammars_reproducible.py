"""grammars/*.toml are reproducible, byte for byte, from the repository's own tables in data/ (`make grammars`),
and so is their Python form ftpconf/_catalogs/*.py, which ftpconf loads.

Each generator runs in a scratch copy of tools/ and data/ with no arguments, so the test also proves that
the default paths lead into the repository and that nothing outside it (no ../shared) is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ftpconf.catalog import load_grammar, parse_toml
from tests.conftest import ROOT

# generator in tools/ -> the table it reads from data/, the catalogue it writes to grammars/
GENERATORS = {
    "gen_vsftpd_catalog.py": ("vsftpd-options.tsv", "vsftpd.toml"),
    "gen_proftpd_catalog.py": ("proftpd-directives.tsv", "proftpd.toml"),
    "gen_pureftpd_catalog.py": ("pureftpd-options.tsv", "pureftpd.toml"),
}


@pytest.fixture(scope="module")
def scratch_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tools/ and data/ alone, with an empty grammars/ for the generators to fill."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", root / "data")
    (root / "grammars").mkdir()
    return root


@pytest.mark.parametrize("script", sorted(GENERATORS))
def test_generator_reproduces_the_committed_catalogue(script: str, scratch_repo: Path) -> None:
    _, catalogue = GENERATORS[script]
    result = subprocess.run(
        [sys.executable, str(scratch_repo / "tools" / script)],
        capture_output=True,
        text=True,
        cwd=scratch_repo,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    produced = (scratch_repo / "grammars" / catalogue).read_bytes()
    assert produced == (ROOT / "grammars" / catalogue).read_bytes(), f"run `make grammars`: {catalogue} is stale"


def test_catalogue_modules_are_the_committed_toml(tmp_path: Path) -> None:
    """ftpconf/_catalogs/*.py, which ftpconf loads, is grammars/*.toml as tomllib reads it, as generated."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "grammars", root / "grammars")
    (root / "ftpconf").mkdir()
    script = root / "tools" / "gen_catalog_modules.py"
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stderr
    produced = sorted(p.name for p in (root / "ftpconf" / "_catalogs").iterdir())
    committed = sorted(p.name for p in (ROOT / "ftpconf" / "_catalogs").iterdir() if p.suffix == ".py")
    assert produced == committed
    for name in produced:
        assert (root / "ftpconf" / "_catalogs" / name).read_bytes() == (
            ROOT / "ftpconf" / "_catalogs" / name
        ).read_bytes(), f"run `make grammars`: ftpconf/_catalogs/{name} is stale"
    for stem in (Path(name).stem for name in produced if name not in ("__init__.py", "secrets.py")):
        toml = parse_toml((ROOT / "grammars" / f"{stem}.toml").read_text("utf-8"))
        assert load_grammar(f"{stem}.toml") == toml
    from ftpconf._catalogs.secrets import SECRET_ARGS
    from ftpconf.catalog import proftpd, pureftpd

    # The small table that masking loads on every run says what the full catalogues say.
    assert {name: args for name, args in SECRET_ARGS.items() if args} == {
        name.lower(): entry.secret_args for name, entry in proftpd().directives.items() if entry.secret
    }
    assert {name for name, args in SECRET_ARGS.items() if not args} == {key.lower() for key in pureftpd().secret_keys}


# Tables every generator reads besides its own.
SHARED_TABLES = ("model_fields.tsv", "repeats.tsv")


@pytest.mark.parametrize("table", sorted(table for table, _ in GENERATORS.values()) + list(SHARED_TABLES))
def test_data_tables_are_plain_rectangular_tsv(table: str) -> None:
    """One header, every row as wide as it; no cell wrapped in quotes (the generators read quotes literally)."""
    lines = (ROOT / "data" / table).read_text("utf-8").split("\n")
    assert lines[-1] == "", "the table ends with a newline"
    header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:-1]]
    assert rows, f"{table} has no rows"
    assert all(name and "(" not in name for name in header)
    for number, cells in enumerate(rows, start=2):
        assert len(cells) == len(header), f"{table} line {number}: {len(cells)} cells, header has {len(header)}"
        assert not any(len(c) > 1 and c[0] == c[-1] == '"' for c in cells), f"{table} line {number}: quoted cell"
        assert "\r" not in "".join(cells), f"{table} line {number}: carriage return"
