"""Which Debian release each parity case runs on (tests/daemons.py RELEASES).

Every case runs on Debian 12, the default target.  The Debian 13 leg runs the cases whose verdict
depends on the version (``VERSIONED`` ids in each suite) plus a fixed sample of the rest (every
``SAMPLE_EVERY``-th case in suite order), so it adds about a third of a suite's time instead of all of it,
and still touches every kind of case the suite has (the case lists are grouped by topic).
``FTPCONF_RELEASE_SAMPLE=1`` runs every case on every release.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import pytest

from ftpconf import versions
from tests.daemons import DEFAULT_RELEASE, RELEASES

T = TypeVar("T")
SAMPLE_EVERY = int(os.environ.get("FTPCONF_RELEASE_SAMPLE") or 4)


def legs(cases: Sequence[T], id_of: Callable[[T], str], versioned: Collection[str] = ()) -> list[pytest.param]:  # type: ignore[valid-type]
    """pytest params (case, release): all cases on the default release, the chosen ones on the others."""
    params = [pytest.param(case, DEFAULT_RELEASE, id=f"{id_of(case)}-{DEFAULT_RELEASE}") for case in cases]
    for release in RELEASES:
        if release != DEFAULT_RELEASE:
            params += [
                pytest.param(case, release, id=f"{id_of(case)}-{release}")
                for index, case in enumerate(cases)
                if id_of(case) in versioned or index % SAMPLE_EVERY == 0
            ]
    return params


@contextmanager
def target(release: str, daemon: str) -> Iterator[None]:
    """ftpconf reads as the version of ``daemon`` that ``release`` ships (its --target-version)."""
    with versions.targeting([(daemon, RELEASES[release][daemon])]):
        yield
