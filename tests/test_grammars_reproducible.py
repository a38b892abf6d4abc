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

from ftpconf.catalog import load_grammar, parse_toml, versioned
from tests.conftest import ROOT

# generator in tools/ -> the table it reads from data/, the catalogue it writes to grammars/ (and, from
# data/<daemon>-versions.tsv, one grammars/<daemon>-<version>.toml per other version)
GENERATORS = {
    "gen_vsftpd_catalog.py": ("vsftpd-options.tsv", "vsftpd.toml"),
    "gen_proftpd_catalog.py": ("proftpd-directives.tsv", "proftpd.toml"),
    "gen_pureftpd_catalog.py": ("pureftpd-options.tsv", "pureftpd.toml"),
}
VERSION_TABLES = ("vsftpd-versions.tsv", "proftpd-versions.tsv")


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
    stem = catalogue.removesuffix(".toml")
    names = sorted(p.name for p in (ROOT / "grammars").glob(f"{stem}*.toml"))
    assert sorted(p.name for p in (scratch_repo / "grammars").glob(f"{stem}*.toml")) == names
    for name in names:
        produced = (scratch_repo / "grammars" / name).read_bytes()
        assert produced == (ROOT / "grammars" / name).read_bytes(), f"run `make grammars`: {name} is stale"


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
    for toml_path in (ROOT / "grammars").glob("*.toml"):
        if toml_path.stem == "equivalents":
            continue
        toml = parse_toml(toml_path.read_text("utf-8"))
        daemon = toml_path.stem.split("-")[0]
        loaded = load_grammar(versioned(daemon, toml["meta"]["version"]))
        assert loaded == toml
        # in the TOML's order too (another version's module stores only what differs, and puts it back)
        assert [(k, list(v) if isinstance(v, dict) else None) for k, v in loaded.items()] == [
            (k, list(v) if isinstance(v, dict) else None) for k, v in toml.items()
        ], toml_path.name
    from ftpconf._catalogs.secrets import SECRET_ARGS
    from ftpconf.catalog import proftpd, pureftpd

    # The small table that masking loads on every run says what the full catalogues say.
    assert {name: args for name, args in SECRET_ARGS.items() if args} == {
        name.lower(): entry.secret_args for name, entry in proftpd().directives.items() if entry.secret
    }
    assert {name for name, args in SECRET_ARGS.items() if not args} == {key.lower() for key in pureftpd().secret_keys}


@pytest.mark.parametrize(
    ("before", "value"),
    [
        ({"module": "mod_xfer", "needs_load_module": False}, {"module": "mod_xfer", "needs_load_module": True}),
        ({"default": "NO", "notes": "old"}, {"default": "YES"}),  # a field the other version no longer has
        ({"default": "NO"}, {"default": "NO", "octal": True}),  # and one it has besides
        ({"a": {"x": 1}, "b": {"y": 2}}, {"b": {"y": 2}, "c": {"z": 3}, "a": {"x": 1, "w": 0}}),  # another order
        (None, {"type": "bool"}),  # a new entry
        ("mod_old", "mod_new"),  # not a table (renamed): whole
        ({"a": 1}, ["a"]),
    ],
)
def test_another_version_is_the_default_with_its_changes(before: object, value: object) -> None:
    """The version modules store what differs from the default's, down to an entry's fields
    (tools/gen_catalog_modules.py changes); catalog.patched puts it back together, key order included."""
    import importlib.util

    from ftpconf.catalog import patched

    spec = importlib.util.spec_from_file_location("gen_catalog_modules", ROOT / "tools" / "gen_catalog_modules.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    orders: dict[tuple[str, ...], tuple[str, ...]] = {}
    stored = generator.changes(before, value, orders)
    rebuilt = patched(before, stored, orders)
    assert rebuilt == value
    if isinstance(before, dict) and isinstance(value, dict):
        assert list(rebuilt) == list(value)
        assert len(stored) == sum(before.get(k) != value.get(k) for k in {*before, *value})  # no more than differs


# Tables every generator reads besides its own.
SHARED_TABLES = ("model_fields.tsv", "repeats.tsv")


@pytest.mark.parametrize(
    "table", sorted(table for table, _ in GENERATORS.values()) + list(SHARED_TABLES) + list(VERSION_TABLES)
)
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
