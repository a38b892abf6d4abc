"""Shared test paths.  ../shared (the real-world corpus) sits beside the clone, in CI too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def shared_dir(*parts: str) -> Path:
    """A directory of ../shared; missing is a failure in CI and a skip on a bare checkout."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        if IN_CI:
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} not present")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="Rewrite stored snapshots (tests/snapshots/) from the current output, delete stale ones.",
    )


@pytest.fixture
def snapshot_update(request: pytest.FixtureRequest) -> bool:
    """True when snapshots are to be rewritten: --snapshot-update or FTPCONF_SNAPSHOT_UPDATE=1."""
    return bool(request.config.getoption("--snapshot-update")) or os.environ.get(
        "FTPCONF_SNAPSHOT_UPDATE", ""
    ).lower() in ("1", "true", "yes")
