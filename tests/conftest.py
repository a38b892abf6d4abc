"""Shared test paths.  ../shared (the real-world corpus) sits beside the clone, in CI too."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from types import ModuleType

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
    """Under pytest-xdist (``make test`` runs ``-n 2 --dist loadgroup``) the tests that serve FTP sessions
    from real daemons on the host's loopback run one after another on one worker (group
    ``loopback-sessions``): their configs fix passive ranges (tests/e2e/scenarios.py 29100-29409, one of
    them a single port; 30000-30099 elsewhere), active data leaves from port 20, and the e2e probes write
    into the shared /srv/ftp.  The other daemon tests spread over both workers: verdicts take a
    kernel-chosen port pair (inetd mode), run ``proftpd -t``, or pure-ftpd in a network namespace of its
    own; standalone daemons get a control port from the worker's own slice (tests/daemons.py
    ``worker_ports``); the netns labs have network stacks of their own and per-process names.
    (Marked as each item is collected: xdist reads the groups in its own collection_modifyitems hook.)"""
    module = getattr(item, "module", None)
    if module is not None and _serves_loopback_sessions(module):
        item.add_marker(pytest.mark.xdist_group(LOOPBACK_SESSIONS))


LOOPBACK_SESSIONS = "loopback-sessions"
# tests/daemons.py's helpers that keep a daemon serving sessions on 127.0.0.1 (probes, transfers).
_SESSION_HELPERS = re.compile(r"\b(?:running|probe)_(?:vsftpd|proftpd|pureftpd)\(")


def _serves_loopback_sessions(module: ModuleType) -> bool:
    return module.__name__.startswith("tests.e2e.") or _calls_session_helpers(getattr(module, "__file__", None))


@functools.cache
def _calls_session_helpers(path: str | None) -> bool:
    return path is not None and bool(_SESSION_HELPERS.search(Path(path).read_text(encoding="utf-8")))
