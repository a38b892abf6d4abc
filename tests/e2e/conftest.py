"""Fixtures of the end-to-end suite: real daemons, a test certificate, the run-time parameters."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import daemons
from tests.e2e.runner import Params
from tests.e2e.scenarios import BIND_ADDRESS

ANONYMOUS_HOME = Path("/srv/ftp")  # the ftp user's home (scripts/provision-daemons)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is selectable with ``pytest -m e2e``."""
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _certificate(folder: Path) -> tuple[str, str]:
    """A self-signed RSA certificate for 127.0.0.1 (vsftpd's default cipher list needs RSA)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        message = "openssl is needed to make the TLS test certificate (make firewall-tools installs it)"
        if daemons.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=60,
    )
    return str(cert), str(key)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    daemons.require_daemons()
    return _certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def params(certificate: tuple[str, str]) -> Params:
    """A fresh control port per test: the daemon run just before may still hold the last one."""
    return Params(daemons.free_port(BIND_ADDRESS), *certificate)


@pytest.fixture(scope="session", autouse=True)
def anonymous_upload_dir() -> Iterator[None]:
    """proftpd's ``<Anonymous ~ftp>`` and pure-ftpd serve /srv/ftp: give it a world-writable
    ``upload/`` so a refused upload is the configuration's doing; remove what the tests left."""
    upload = ANONYMOUS_HOME / "upload"
    if ANONYMOUS_HOME.is_dir():
        upload.mkdir(exist_ok=True)
        upload.chmod(0o777)
    yield
    for leftover in upload.glob("ftpconf-e2e-*"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
