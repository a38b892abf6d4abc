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


def pytest_itemcollected(item: pytest.Item) -> None:
    """Under pytest-xdist (``make test`` runs ``-n 2 --dist loadgroup``), the tests that start real daemons or
    network namespaces run one after another on one worker: they share loopback ports, fixed passive
    ranges and namespace names.  Everything else spreads over the other workers.  (Marked as each item
    is collected: xdist reads the groups in its own collection_modifyitems hook.)"""
    module = getattr(item, "module", None)
    if module is not None and _uses_daemons(module):
        item.add_marker(pytest.mark.xdist_group("daemons"))


def _uses_daemons(module: object) -> bool:
    name = getattr(module, "__name__", "")
    shared = (getattr(module, attribute, None) for attribute in ("daemons", "netns"))
    return name.startswith("tests.e2e.") or any(getattr(m, "__name__", "") in _HARNESSES for m in shared)


_HARNESSES = frozenset({"tests.daemons", "tests.netns"})
