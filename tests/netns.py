"""Throwaway network namespaces for the firewall tests, and the real tools they feed.

Every rule these tests load goes into a namespace they created, and every namespace is deleted
when its block ends (processes started in it are killed first, by PID).  The two-namespace lab
(docs/firewall.md §2.4) is a veth pair between a server and a client namespace, with no link
to the host: no packet can leave it.  Checkers that only need *a* namespace run under
``unshare --net``, which gives them an anonymous one that vanishes with the process.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.daemons import in_ci

REPO = Path(__file__).resolve().parent.parent
PROVISION_SCRIPT = REPO / "scripts" / "provision-firewall-tools"
CLIENT_SCRIPT = Path(__file__).resolve().parent / "netns_client.py"
TIMEOUT = 20.0  # seconds for one tool run

SUBNET = "10.231.0"  # the lab's /24; it exists only on the veth pair inside the two namespaces
SERVER_IP = f"{SUBNET}.1"
CLIENT_IP = f"{SUBNET}.2"
SERVER_IP6 = "fd00:231::1"  # unique-local, likewise only on the veth pair
CLIENT_IP6 = "fd00:231::2"

_counter = itertools.count()
_provisioned: bool | str = False  # True, or the error text of the failed run


class ToolError(RuntimeError):
    """A namespace or tool step failed (not a verdict about the rules under test)."""


def require_firewall_tools() -> None:
    """Run scripts/provision-firewall-tools once; on failure skip, except under CI where the tests fail."""
    global _provisioned
    if _provisioned is False:
        if os.geteuid() != 0:
            _provisioned = "the firewall tests need root (network namespaces, apt-get)"
        else:
            try:
                proc = subprocess.run(
                    [str(PROVISION_SCRIPT)], stdin=subprocess.DEVNULL, capture_output=True, timeout=900
                )
                _provisioned = (
                    True
                    if proc.returncode == 0
                    else f"{PROVISION_SCRIPT} exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}"
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                _provisioned = f"{PROVISION_SCRIPT}: {exc}"
    if _provisioned is not True:
        import pytest

        if in_ci():
            pytest.fail(str(_provisioned))
        pytest.skip(str(_provisioned))


def run(
    argv: Sequence[str], *, stdin: bytes | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run a tool; output decoded, never raises on a non-zero exit."""
    proc = subprocess.run(list(argv), input=stdin, capture_output=True, timeout=timeout)
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
    )


def isolated(argv: Sequence[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a tool in a fresh anonymous network namespace (gone when it exits)."""
    return run(["unshare", "--net", "--", *argv], **kwargs)  # type: ignore[arg-type]


def _must(argv: Sequence[str]) -> None:
    result = run(argv)
    if result.returncode != 0:
        raise ToolError(f"{' '.join(argv)} exited {result.returncode}: {result.stderr.strip()}")


@contextmanager
def namespace(role: str) -> Iterator[str]:
    """A named network namespace with its loopback up; deleted when the block ends."""
    name = f"ftpconf-{os.getpid()}-{next(_counter)}-{role}"
    _must(["ip", "netns", "add", name])
    try:
        _must(["ip", "-n", name, "link", "set", "lo", "up"])
        yield name
    finally:
        run(["ip", "netns", "delete", name])


def exec_in(ns: str, argv: Sequence[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return run(["ip", "netns", "exec", ns, *argv], **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Lab:
    server: str  # namespace names
    client: str
    server_ip: str = SERVER_IP
    client_ip: str = CLIENT_IP
    server_ip6: str = SERVER_IP6
    client_ip6: str = CLIENT_IP6

    def server_run(self, argv: Sequence[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return exec_in(self.server, argv, **kwargs)


@contextmanager
def lab() -> Iterator[Lab]:
    """Two namespaces joined by a veth pair: server SERVER_IP / SERVER_IP6, client CLIENT_IP / CLIENT_IP6."""
    with namespace("srv") as server, namespace("cli") as client:
        _must(["ip", "-n", server, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", client])
        for ns, address, address6 in ((server, SERVER_IP, SERVER_IP6), (client, CLIENT_IP, CLIENT_IP6)):
            _must(["ip", "-n", ns, "addr", "add", f"{address}/24", "dev", "eth0"])
            # nodad: usable at once, no duplicate-address detection delay
            _must(["ip", "-n", ns, "addr", "add", f"{address6}/64", "dev", "eth0", "nodad"])
            _must(["ip", "-n", ns, "link", "set", "eth0", "up"])
        yield Lab(server, client)


def ftp_client(lab_: Lab, *args: str, ipv6: bool = False, timeout: float = 30.0) -> dict[str, object]:
    """Run tests/netns_client.py in the client namespace against the lab's server; its JSON verdict."""
    host = lab_.server_ip6 if ipv6 else lab_.server_ip
    result = exec_in(lab_.client, [sys.executable, str(CLIENT_SCRIPT), "--host", host, *args], timeout=timeout)
    try:
        verdict: dict[str, object] = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise ToolError(f"client said {result.stdout!r} {result.stderr!r}") from exc
    return verdict


@contextmanager
def started_in(ns: str, argv: Sequence[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start argv in namespace ``ns`` (``ip netns exec`` execs it: the PID is the program's) and kill
    it with everything it forked when the block ends."""
    from tests.daemons import _started

    with log.open("wb") as out, _started(["ip", "netns", "exec", ns, *argv], stdin=out, stdout=out, stderr=out) as proc:
        yield proc


def remove_lines(text: str, needle: str) -> str:
    """``text`` without the rule lines (not comments) that contain ``needle``; fails if there is none."""
    kept = [line for line in text.splitlines(keepends=True) if needle not in line or line.lstrip().startswith("#")]
    if len(kept) == len(text.splitlines()):
        raise AssertionError(f"no rule line contains {needle!r}")
    return "".join(kept)


def cleanup_check() -> list[str]:
    """Namespaces of this process still present (should be none)."""
    listed = run(["ip", "netns", "list"]).stdout
    return [line.split()[0] for line in listed.splitlines() if line.startswith(f"ftpconf-{os.getpid()}-")]


@contextmanager
def vsftpd_in(ns: str, config: Path, tmp: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The real vsftpd (tests/daemons.py provisions it) standalone in namespace ``ns`` on ``config``.

    Only what this host lacks is added on the command line (a secure_chroot_dir) plus
    background=NO so it stays our child; the listen address, ports and modes are the file's own,
    the same file the rules are generated from.
    """
    from tests.daemons import VSFTPD, ensure_provisioned

    empty = tmp / "empty"
    empty.mkdir(exist_ok=True)
    argv = [str(ensure_provisioned() / VSFTPD), f"-osecure_chroot_dir={empty}", str(config), "-obackground=NO"]
    with started_in(ns, argv, tmp / "vsftpd.log") as proc:
        yield proc
