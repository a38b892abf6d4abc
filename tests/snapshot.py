"""Stored, reviewed output files (ruff/insta ``.snap`` style): compare, or rewrite when updating.

Update with ``pytest --snapshot-update`` or ``FTPCONF_SNAPSHOT_UPDATE=1``, then review ``git diff``.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOW_TO_UPDATE = "pytest --snapshot-update (or FTPCONF_SNAPSHOT_UPDATE=1), then review the change with git diff"


def assert_snapshot(path: Path, actual: str, *, update: bool) -> None:
    """``actual`` must equal the stored snapshot at ``path``; when updating, store it instead."""
    shown = path.relative_to(ROOT).as_posix()
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if expected == actual:
        return
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if expected is None:
        pytest.fail(f"{shown}: no snapshot yet; write it with {HOW_TO_UPDATE}", pytrace=False)
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"{shown} (stored)", f"{shown} (now)"
    )
    pytest.fail(
        f"{shown} differs from the output:\n{''.join(diff)}\nIf the change is right: {HOW_TO_UPDATE}", pytrace=False
    )


def remove_stale(paths: list[Path], *, update: bool) -> None:
    """Snapshot files nothing produces any more fail the run; updating deletes them."""
    if not paths:
        return
    if update:
        for path in paths:
            path.unlink()
            if not any(path.parent.iterdir()):  # the rule's folder went with its last snapshot
                path.parent.rmdir()
        return
    listed = "\n".join(f"  {path.relative_to(ROOT).as_posix()}" for path in paths)
    pytest.fail(f"snapshots with no fixture (delete them, or run {HOW_TO_UPDATE}):\n{listed}", pytrace=False)
