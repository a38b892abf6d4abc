"""Ask the real FTP daemons whether they accept a configuration.

The binaries are the Debian 12 and Debian 13 packages unpacked by ``scripts/provision-daemons``
into ``daemons_root()`` (Debian 13's in its ``debian13/`` subdirectory); every helper takes a
``release`` (see RELEASES), Debian 12 by default.
Every function here starts a daemon only on 127.0.0.1 (or inside a private
network namespace), on kernel-chosen high ports, under a timeout, and always kills what it started
(the PID it spawned and that process's descendants, found through /proc) when the call ends.
Methods follow §0 of ``docs/daemons/*.md``.

Byte strings coming from the daemons are decoded as latin-1, which maps every byte to one
character: a BOM shows as ``ï»¿`` and a raw 0xE9 as ``é``, as in the case tables (tests/*_cases.py).
"""

from __future__ import annotations

import ftplib
import ipaddress
import os
import random
import re
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROVISION_SCRIPT = REPO / "scripts" / "provision-daemons"
TIMEOUT = 5.0  # seconds for one daemon run; the daemons answer in well under 100 ms

VSFTPD = "vsftpd/usr/sbin/vsftpd"
PROFTPD = "proftpd-core/usr/sbin/proftpd"
PROFTPD_MODULES = "proftpd-core/usr/lib/proftpd"
PUREFTPD_TREE = "pure-ftpd"
PUREFTPD = "usr/sbin/pure-ftpd"  # run from PUREFTPD_TREE: messages then name it as the reference does
PUREFTPD_STATE = Path("/run/pure-ftpd")  # compiled in: the client-<pid> scoreboard

# The Debian releases provisioned, and the daemon versions each ships (ftpconf's target versions).
RELEASES: Mapping[str, Mapping[str, str]] = {
    "debian12": {"vsftpd": "3.0.3", "proftpd": "1.3.8", "pureftpd": "1.0.50"},
    "debian13": {"vsftpd": "3.0.5", "proftpd": "1.3.8c", "pureftpd": "1.0.50"},
}
DEFAULT_RELEASE = "debian12"
# Modules a release builds loadable that Debian 12 compiled in: its stock /etc/proftpd/modules.conf
# loads them (Debian 13's NEWS.Debian: "needed to run the Debian default configuration"), so a
# running proftpd loads them as that file does.
PROFTPD_STOCK_LOADS: Mapping[str, tuple[str, ...]] = {"debian13": ("mod_delay.c", "mod_ls.c", "mod_xfer.c")}


@dataclass(frozen=True)
class Verdict:
    """A daemon's answer to a configuration: did it start, and what did it say."""

    accepted: bool
    message: str
    raw: bytes


@dataclass(frozen=True)
class Probe:
    """What a running daemon answered on 127.0.0.1, each command in a fresh anonymous session.

    ``replies`` maps PASV, EPSV, PORT and EPRT to the reply text ('' if the server dropped the
    session without a reply). ``pasv_ports`` are the ports of the sampled 227 replies (in one
    extra session), ``pasv_host`` the address of the first of them.
    """

    replies: Mapping[str, str]
    pasv_host: str | None
    pasv_ports: tuple[int, ...]

    def code(self, command: str) -> int | None:
        text = self.replies[command]
        return int(text[:3]) if text[:3].isdigit() else None

    @property
    def port_range(self) -> tuple[int, int] | None:
        return (min(self.pasv_ports), max(self.pasv_ports)) if self.pasv_ports else None


class DaemonError(RuntimeError):
    """The daemon could not be run or probed as asked (not a verdict about the config)."""


class ProvisioningError(DaemonError):
    """scripts/provision-daemons failed."""


# --- provisioning ---------------------------------------------------------------------------

_provision_error: ProvisioningError | None = None
_provisioned = False


def daemons_root() -> Path:
    """Where the packages are unpacked: $FTPCONF_DAEMONS, default <repo>/.daemons."""
    return Path(os.environ.get("FTPCONF_DAEMONS") or REPO / ".daemons")


def ensure_provisioned() -> Path:
    """Run scripts/provision-daemons once per process (it is idempotent and fast when done).

    Raises ProvisioningError, and the same one again on later calls, if it fails.
    """
    global _provisioned, _provision_error
    if _provision_error is not None:
        raise _provision_error
    if not _provisioned:
        try:
            proc = subprocess.run([str(PROVISION_SCRIPT)], stdin=subprocess.DEVNULL, capture_output=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            _provision_error = ProvisioningError(f"{PROVISION_SCRIPT}: {exc}")
            raise _provision_error from exc
        if proc.returncode != 0:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-15:]
            _provision_error = ProvisioningError(f"{PROVISION_SCRIPT} exited {proc.returncode}:\n" + "\n".join(tail))
            raise _provision_error
        _provisioned = True
    return daemons_root()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_daemons() -> Path:
    """ensure_provisioned() for tests: when provisioning fails, skip with the reason, except
    under CI, where the error propagates so the tests fail instead of silently skipping."""
    try:
        return ensure_provisioned()
    except ProvisioningError as exc:
        if in_ci():
            raise
        import pytest  # only tests call this; the module itself does not need pytest

        pytest.skip(f"real FTP daemons unavailable (run scripts/provision-daemons as root): {exc}")


def release_root(release: str = DEFAULT_RELEASE) -> Path:
    """Where ``release``'s packages are unpacked (Debian 12's at the root, as before releases)."""
    if release not in RELEASES:
        raise ValueError(f"unknown release {release!r}; provisioned: {', '.join(RELEASES)}")
    root = ensure_provisioned()
    return root if release == DEFAULT_RELEASE else root / release


def _binary(relative: str, release: str = DEFAULT_RELEASE) -> str:
    """A daemon binary of ``release``. Debian 13's are launchers that run the real binary on
    Debian 13's own C library (scripts/provision-daemons): callable the same way."""
    return str(release_root(release) / relative)


def proftpd_module_packages(release: str = DEFAULT_RELEASE) -> tuple[str, ...]:
    """The proftpd module packages scripts/provision-daemons unpacked (their .so files are linked into
    PROFTPD_MODULES): what ``[proftpd] packages`` says of a host like this one."""
    return tuple(sorted(p.name for p in release_root(release).glob("proftpd-mod-*") if (p / ".unpacked").is_file()))


# --- process and socket plumbing --------------------------------------------------------------


# Control ports for the daemons: high, below the kernel's ephemeral range (32768- by default) and
# below the fixed passive ranges the tests ask for (29100-29400).
CONTROL_PORTS = range(22000, 29000)


def worker_ports() -> range:
    """This process's share of ``CONTROL_PORTS``. Under pytest-xdist (``make test``: ``-n 2``) worker gwN
    of M draws from the N-th of M disjoint slices, so two workers never pick the same port between the
    free-check and the daemon's bind. The slice's lowest port is left out: proftpd's L-1 neighbour of
    every port drawn stays inside the slice too. Outside xdist: the whole range."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    if not worker.startswith("gw") or not worker[2:].isdigit() or count <= 1:
        return CONTROL_PORTS
    size = len(CONTROL_PORTS) // count
    start = CONTROL_PORTS.start + size * (int(worker[2:]) % count)
    return range(start + 1, start + size)


def free_port(host: str = "127.0.0.1") -> int:
    """A free TCP port on ``host`` whose neighbour below is free too, from this worker's share of
    ``CONTROL_PORTS`` (``worker_ports``).

    proftpd with ``RootRevoke off`` opens active data connections from the control port minus one.
    A port from the ephemeral range made that neighbour ephemeral too, and our own client
    connections take such ports (connect() prefers even ones, bind(0) odd ones): once all of a
    probe's PORT tries found it busy and no connection came. No outgoing connection takes a port
    below the range."""
    chooser, ports = random.Random(), worker_ports()
    for _ in range(500):
        port = chooser.choice(ports)
        if _bindable(host, port) and _bindable(host, port - 1):
            return port
    raise DaemonError(f"no free pair of ports in {ports} on {host}")


def _bindable(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


def _tcp_pair() -> tuple[socket.socket, socket.socket]:
    """(server end, client end) of one TCP connection on 127.0.0.1, like inetd hands over."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=TIMEOUT)
        server, _ = listener.accept()
    return server, client


@contextmanager
def _started(argv: Sequence[str], **kwargs: object) -> Iterator[subprocess.Popen[bytes]]:
    """Start argv and, when the block ends, kill it and every process it forked (by PID)."""
    proc = subprocess.Popen(argv, **kwargs)  # type: ignore[call-overload]
    try:
        yield proc
    finally:
        if proc.returncode is None:  # not reaped yet, so the PID is still ours
            _kill_tree(proc.pid)
        proc.wait(TIMEOUT)


def _kill_tree(root: int) -> None:
    """SIGKILL ``root`` and its descendants. A process group is not enough: vsftpd's session
    processes call setsid(). Everything is frozen with SIGSTOP first (until no new child
    appears), so nothing can fork away between listing and killing."""
    frozen: set[int] = set()
    while new := {root, *_descendants(root)} - frozen:
        for pid in new:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        frozen |= new
    for pid in frozen:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _await_dead(frozen, time.monotonic() + TIMEOUT)


def _await_dead(pids: set[int], deadline: float) -> None:
    """Wait until each of ``pids`` has exited (gone, or a zombie: its sockets are closed).

    SIGKILL is delivered asynchronously. Until a killed session process has exited it still
    holds the listening socket it inherited, and the kernel completes handshakes on it: the next
    daemon started on the same address and port would fail to bind while our probe connects to
    the dying one and reads nothing (seen in CI as "vsftpd did not start: ")."""
    while pids := {pid for pid in pids if _process_state(pid) not in ("Z", "")}:
        if time.monotonic() > deadline:
            raise DaemonError(f"processes {sorted(pids)} outlived SIGKILL")
        time.sleep(0.005)


def _process_state(pid: int) -> str:
    """The state letter of ``pid`` in /proc (R, S, T, Z, ...), or "" once it is gone."""
    fields = _stat_fields(pid)
    return fields[0] if fields else ""


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name (state, ppid, ...); [] once the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(errors="replace").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))):  # [] if it exited meanwhile
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


_FINAL_LINE = re.compile(rb"^\d{3}(?: [^\n]*)?\n", re.MULTILINE)


def _read_reply(sock: socket.socket, deadline: float) -> bytes:
    """Read up to the end of the first complete FTP reply ('ddd text' line) or EOF.

    A failure reply (not 2xx) is read on to EOF, so ``raw`` keeps what the daemon said as it
    exited. Raises TimeoutError if no complete reply and no EOF came before the deadline.
    """
    data = b""
    while not _FINAL_LINE.search(data):
        chunk = _recv(sock, deadline)
        if chunk is None:
            raise TimeoutError(f"no complete reply before the deadline; got {data!r}")
        if not chunk:
            return data
        data += chunk
    if not data.startswith(b"2"):
        while chunk := _recv(sock, min(deadline, time.monotonic() + 0.5)):
            data += chunk
    return data


def _recv(sock: socket.socket, deadline: float) -> bytes | None:
    """One recv() bounded by the deadline; None on timeout, b'' on EOF or reset."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None
    sock.settimeout(remaining)
    try:
        return sock.recv(65536)
    except TimeoutError:
        return None
    except ConnectionError:
        return b""


def _first_line(raw: bytes) -> str:
    return raw.split(b"\n", 1)[0].removesuffix(b"\r").decode("latin-1")


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    """Has it exited? Leaves the zombie unreaped, so its PID cannot be reused before we kill."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _await_greeting(
    proc: subprocess.Popen[bytes], port: int, deadline: float, hosts: Sequence[str] = ("127.0.0.1",)
) -> bytes | None:
    """Wait until the daemon accepts a connection on ``port`` and return the first reply it
    sends there; None if the process exits first."""
    while time.monotonic() < deadline:
        if _exited(proc):
            return None
        for host in hosts:
            try:
                conn = socket.create_connection((host, port), timeout=0.5)
            except OSError:
                continue
            with conn:
                return _read_reply(conn, deadline)
        time.sleep(0.02)
    raise TimeoutError(f"{proc.args!r} neither listened on port {port} nor exited")


def _no_reply(output: bytes) -> str:
    """Describe a daemon that answered nothing (e.g. a missing library)."""
    text = output.decode("latin-1").strip()
    return "no reply" + (f": {text}" if text else "")


@contextmanager
def _standalone(
    argv: Sequence[str],
    port: int,
    timeout: float,
    output: Path,
    hosts: Sequence[str] = ("127.0.0.1",),
    cwd: Path | None = None,
) -> Iterator[bytes | None]:
    """Start a standalone daemon that should listen on ``port`` and yield the first reply of a
    connection to it, or None if it exited instead (then ``output`` holds what it wrote).

    fds 0-2 all go to ``output``: vsftpd and pure-ftpd write startup errors to fd 0, so it
    must be writable, and it must not be a socket (pure-ftpd would take it for inetd mode).
    """
    with output.open("w+b") as out, _started(argv, stdin=out, stdout=out, stderr=out, cwd=cwd) as proc:
        greeting = _await_greeting(proc, port, time.monotonic() + timeout, hosts)
        if greeting is None:
            proc.wait(timeout)
        yield greeting


# --- vsftpd -----------------------------------------------------------------------------------


def _vsftpd_host_settings(tmp: Path) -> list[str]:
    """Settings this host needs before vsftpd can start a session: the Debian default
    secure_chroot_dir (/var/run/vsftpd/empty) does not exist without the package installed.

    They are passed as ``-o`` arguments *before* the config file: vsftpd applies its arguments
    left to right, so the tested file still overrides them, and the file stays byte-exact
    (offsets, the 100 000-byte read cap and a BOM at byte 0 are the user's own).
    """
    empty = tmp / "empty"
    empty.mkdir(exist_ok=True)
    return [f"-osecure_chroot_dir={empty}"]


def _vsftpd_verdict_from(raw: bytes, fallback: str) -> Verdict:
    """220 = accepted (message: the banner line); 500 OOPS = rejected (message: the text)."""
    line = _first_line(raw)
    if line.startswith("220"):
        return Verdict(True, line, raw)
    if line.startswith("500 OOPS: "):
        return Verdict(False, line.removeprefix("500 OOPS: "), raw)
    return Verdict(False, line or fallback, raw)


def vsftpd_verdict(
    config: bytes, argv_extra: Sequence[str] = (), *, timeout: float = TIMEOUT, release: str = DEFAULT_RELEASE
) -> Verdict:
    """Start vsftpd in inetd mode on ``config`` and report its first reply.

    As in docs/daemons/vsftpd.md §0: stdin/stdout are the accepted end of a TCP connection on 127.0.0.1,
    the config is a file we own. argv is
    ``vsftpd <host settings> FILE <argv_extra> -olisten=NO -olisten_ipv6=NO``: ``-o`` items in
    ``argv_extra`` override the file (see ``_vsftpd_host_settings``), and the last two are
    forced because vsftpd picks standalone mode from them, whatever fd 0 is: with
    ``listen=YES`` (or Debian's ``listen_ipv6=YES``) it would bind port 21 instead of answering.
    Accepted: message is the banner line (``220 (vsFTPd 3.0.3)``); rejected: the text after
    ``500 OOPS: `` (CRLF stripped, trailing blanks kept). The standalone-only checks
    (listen + listen_ipv6, listen_address) need ``vsftpd_standalone_verdict``.
    """
    with tempfile.TemporaryDirectory(prefix="ftpconf-vsftpd-") as tmpdir:
        tmp = Path(tmpdir)
        conf = tmp / "vsftpd.conf"
        conf.write_bytes(config)
        output = tmp / "output"
        argv = [
            _binary(VSFTPD, release),
            *_vsftpd_host_settings(tmp),
            str(conf),
            *argv_extra,
            "-olisten=NO",
            "-olisten_ipv6=NO",
        ]
        server, client = _tcp_pair()
        with client, server, output.open("wb") as out, _started(argv, stdin=server, stdout=server, stderr=out) as proc:
            server.close()  # the daemon holds the only server end: EOF when it exits
            raw = _read_reply(client, time.monotonic() + timeout)
            if not raw:
                proc.wait(timeout)
        if not raw:
            return Verdict(False, _no_reply(output.read_bytes()), raw)
    return _vsftpd_verdict_from(raw, "")


def _config_value(config: bytes, argv_extra: Sequence[str], name: str) -> str | None:
    """The last value vsftpd would read for string option ``name`` (file, then -o items),
    following the parser rules: lines end at \\n, leading blanks skipped, a NUL ends the line,
    string values are trimmed. Only used to keep the daemon on loopback."""
    lines = [*config.split(b"\n"), *(a[2:].encode("latin-1") for a in argv_extra if a[:2] == "-o")]
    value = None
    for line in lines:
        line = line.split(b"\0", 1)[0].lstrip(b" \t")
        if line.startswith(name.encode() + b"="):
            value = line.split(b"=", 1)[1].strip().decode("latin-1")
    return value


def _valid_address(family: socket.AddressFamily, text: str) -> bool:
    try:
        socket.inet_pton(family, text) if family == socket.AF_INET6 else socket.inet_aton(text)
    except (OSError, ValueError, UnicodeError):
        return False
    return True


def _loopback_guard(config: bytes, argv_extra: Sequence[str]) -> list[str]:
    """Force listen_address(6) to loopback when the config sets a valid address, so the daemon
    never binds elsewhere. An invalid address is left alone: vsftpd rejects it before binding,
    and that rejection is what a standalone verdict is for."""
    guard = []
    for name, family, loopback in (
        ("listen_address", socket.AF_INET, "127.0.0.1"),
        ("listen_address6", socket.AF_INET6, "::1"),
    ):
        value = _config_value(config, argv_extra, name)
        if not value or _valid_address(family, value):
            guard.append(f"-o{name}={loopback}")
    return guard


@contextmanager
def _vsftpd_standalone(
    config: bytes,
    before: Sequence[str],
    after: Sequence[str],
    timeout: float,
    listen: tuple[str, int] | None = None,
    release: str = DEFAULT_RELEASE,
) -> Iterator[tuple[int, Verdict]]:
    """Start vsftpd standalone (``before`` FILE ``after`` as -o settings) on a free port, wait
    until it listens or exits, and yield (port, verdict of the first connection or of the exit).
    With ``listen`` (a loopback address and port the config itself sets) no port is forced and
    the daemon is awaited there. The daemon is killed when the block ends."""
    port = free_port() if listen is None else listen[1]
    forced_port = [f"-olisten_port={port}"] if listen is None else []
    hosts = ("127.0.0.1", "::1") if listen is None else (listen[0],)
    with tempfile.TemporaryDirectory(prefix="ftpconf-vsftpd-") as tmpdir:
        tmp = Path(tmpdir)
        conf = tmp / "vsftpd.conf"
        conf.write_bytes(config)
        argv = [
            _binary(VSFTPD, release),
            *_vsftpd_host_settings(tmp),
            *before,
            str(conf),
            *after,
            *forced_port,
            "-obackground=NO",  # stay our child: background=YES would fork away
        ]
        with _standalone(argv, port, timeout, tmp / "output", hosts) as greeting:
            if greeting is not None:  # ::1 above: the config may have turned on listen_ipv6
                yield port, _vsftpd_verdict_from(greeting, "")
            else:
                output = (tmp / "output").read_bytes()
                yield port, _vsftpd_verdict_from(output, _no_reply(output))


def vsftpd_standalone_verdict(
    config: bytes, argv_extra: Sequence[str] = (), *, timeout: float = TIMEOUT, release: str = DEFAULT_RELEASE
) -> Verdict:
    """Start vsftpd standalone on ``config`` and report whether it came up and greeted.

    Needed for the checks an inetd start skips (listen + listen_ipv6, listen_address).
    ``listen=YES`` and ``listen_address=127.0.0.1`` are prepended (the file may override them);
    ``listen_port`` (a free high port) and ``background=NO`` are forced after the file, and a
    valid listen_address(6) from the file is forced back to loopback. Accepted = it listens and
    the first connection gets 220; rejected = it exited (or the session said 500 OOPS).
    """
    before = ["-olisten=YES", "-olisten_address=127.0.0.1"]
    after = [*argv_extra, *_loopback_guard(config, argv_extra)]
    with _vsftpd_standalone(config, before, after, timeout, release=release) as (_, verdict):
        return verdict


def probe_vsftpd(
    config: bytes,
    samples: int = 20,
    argv_extra: Sequence[str] = (),
    *,
    timeout: float = TIMEOUT,
    release: str = DEFAULT_RELEASE,
) -> Probe:
    """Run vsftpd standalone on ``config`` (see ``running_vsftpd``) and record its answers to
    PASV, EPSV, PORT, EPRT (see Probe)."""
    with running_vsftpd(config, argv_extra, timeout=timeout, release=release) as (_, port):
        return _probe_ftp(port, samples, timeout)


@contextmanager
def running_vsftpd(
    config: bytes,
    argv_extra: Sequence[str] = (),
    *,
    listen: tuple[str, int] | None = None,
    timeout: float = TIMEOUT,
    release: str = DEFAULT_RELEASE,
) -> Iterator[tuple[str, int]]:
    """vsftpd standalone on ``config``, anonymous login into an empty temp dir (with a
    world-writable ``upload/``), serving while the block runs; yields (host, port).

    anon_root is prepended; listen=YES and listen_ipv6=NO are forced after the file, and unless
    ``listen`` is given, listen_address=127.0.0.1 and a free port too. ``listen`` keeps the
    config's own address and port (``_check_listen``); DaemonError if it does not start."""
    _check_listen(listen)
    with tempfile.TemporaryDirectory(prefix="ftpconf-anon-") as anon:
        _anonymous_root(Path(anon))
        before = [f"-oanon_root={anon}"]
        after = [*argv_extra, "-olisten=YES", "-olisten_ipv6=NO"]
        after += ["-olisten_address=127.0.0.1"] if listen is None else []
        with _vsftpd_standalone(config, before, after, timeout, listen, release) as (port, verdict):
            if not verdict.accepted:
                raise DaemonError(f"vsftpd did not start: {verdict.message}")
            yield _served_at(listen, port)


def _anonymous_root(path: Path) -> None:
    """An anonymous root the ftp user can enter, with an ``upload/`` it could write to: so a
    refused upload shows the configuration's refusal, not the file system's."""
    os.chmod(path, 0o755)
    (path / "upload").mkdir(exist_ok=True)
    os.chmod(path / "upload", 0o777)


def _check_listen(listen: tuple[str, int] | None) -> None:
    """A daemon kept on its config's own control address may only use a loopback address other
    than 127.0.0.1, so that ``_served_at`` can tell it is bound there alone."""
    if listen is not None and (not ipaddress.ip_address(listen[0]).is_loopback or listen[0] == "127.0.0.1"):
        raise ValueError(f"a daemon kept on its own address needs a loopback address but 127.0.0.1, not {listen[0]}")


def _served_at(listen: tuple[str, int] | None, port: int) -> tuple[str, int]:
    """Where a started daemon serves. One kept on its own address (``listen``) must not answer
    on 127.0.0.1 too (DaemonError): bound to every address, it is killed as the caller's block
    ends, a moment after it started."""
    if listen is not None:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            raise DaemonError(f"the daemon meant for {listen[0]}:{port} also answers on 127.0.0.1:{port}")
    return listen or ("127.0.0.1", port)


# --- proftpd ----------------------------------------------------------------------------------

# "<date> <time> <host> proftpd[<pid>]: " or, from a module, "... proftpd[<pid>] <server>: "
_SYSLOG_PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \S+ proftpd\[\d+\][^:]*: ")


def proftpd_configtest(
    config: bytes | Path,
    defines: Sequence[str] = (),
    *,
    module_path: bool = True,
    timeout: float = 15.0,
    release: str = DEFAULT_RELEASE,
) -> Verdict:
    """Run ``proftpd -t -c FILE [-D NAME ...]`` from the unpacked tree.

    accepted = exit status 0 (1.3.8 prints no "Syntax OK"; warnings do not change the status).
    message = the first ``fatal:`` line, else the first other diagnostic (``warning: ...``), with
    the syslog prefix removed; for a crash, the signal. ``raw`` = stdout + stderr.

    With ``module_path`` (default) the line ``ModulePath <unpacked usr/lib/proftpd>`` is
    prepended so LoadModule finds the unpacked modules (the compiled-in /usr/lib/proftpd does not
    exist); the file may set its own ModulePath later. Line numbers in ``message`` are shifted
    back so they count the caller's lines (an error that proftpd attributes to the main file but
    that sits in an included file, see docs/daemons/proftpd.md §4, gets shifted too). ``-n`` is not
    needed: with -t everything goes to stdout/stderr anyway.

    Bytes are written to a temp file shown as 'main.conf' in messages; a Path keeps its own name
    (it is copied only when a line has to be prepended).
    """
    with tempfile.TemporaryDirectory(prefix="ftpconf-proftpd-") as tmpdir:
        shown = config if isinstance(config, Path) else Path("main.conf")
        body = config.read_bytes() if isinstance(config, Path) else config
        if module_path:
            modules = release_root(release) / PROFTPD_MODULES
            body = f"ModulePath {modules}\n".encode() + body
        path = config if isinstance(config, Path) and not module_path else Path(tmpdir, shown.name)
        if path != config:
            path.write_bytes(body)
        argv = [_binary(PROFTPD, release), "-t", "-c", str(path)]
        for name in defines:
            argv += ["-D", name]
        with _started(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                raise TimeoutError(f"proftpd -t still running after {timeout} s") from exc
    lines = [_SYSLOG_PREFIX.sub("", line) for line in err.decode("latin-1").splitlines()]
    lines = [line.replace(f"'{path}'", f"'{shown}'") for line in lines]
    if module_path:
        lines = [_shift_line_numbers(line, shown) for line in lines]
    message = next((line for line in lines if line.startswith("fatal:")), None)
    if message is None and proc.returncode < 0:
        message = f"killed by {signal.Signals(-proc.returncode).name}"
    if message is None:
        message = next((line for line in lines if line and not line.startswith(" ")), "")
    return Verdict(proc.returncode == 0, message, out + err)


def _shift_line_numbers(line: str, shown: Path) -> str:
    return re.sub(
        rf"\b(on|at) line (\d+) of '{re.escape(str(shown))}'",
        lambda m: f"{m[1]} line {int(m[2]) - 1} of '{shown}'",
        line,
    )


def probe_proftpd(
    config: bytes, samples: int = 20, *, timeout: float = TIMEOUT, release: str = DEFAULT_RELEASE
) -> Probe:
    """Run ``proftpd -n`` standalone on ``config`` (see ``running_proftpd``) and record its
    answers (see Probe)."""
    with running_proftpd(config, timeout=timeout, release=release) as (_, port):
        return _probe_ftp(port, samples, timeout)


@contextmanager
def running_proftpd(
    config: bytes,
    *,
    listen: tuple[str, int] | None = None,
    timeout: float = TIMEOUT,
    release: str = DEFAULT_RELEASE,
) -> Iterator[tuple[str, int]]:
    """``proftpd -n`` standalone on ``config``, serving while the block runs; yields (host, port).

    proftpd keeps the first value of some directives (Port) and the last of others
    (ServerType, DefaultAddress), so the host settings (127.0.0.1 only via SocketBindTight, a
    free port, pid/scoreboard files in a temp dir, no delay table or wtmp) are written both
    before and after the config; ModulePath only before. An ``<Anonymous>`` section for user ftp
    in an empty temp dir is appended unless the config has its own. A config with
    ``<VirtualHost>`` is refused (ValueError): that section would bind an address of its own.
    The anonymous root has a world-writable ``upload/``. ``PROFTPD_STOCK_LOADS`` of ``release`` are
    loaded first, as its stock modules.conf would. With ``listen`` (see ``_check_listen``)
    Port, DefaultAddress and SocketBindTight are left to the config. DaemonError if it does not
    start.
    """
    if re.search(rb"(?im)^\s*<VirtualHost[\s>]", config):
        raise ValueError("probe_proftpd probes the main server; <VirtualHost> would bind its own address")
    _check_listen(listen)
    port = free_port() if listen is None else listen[1]
    with (
        tempfile.TemporaryDirectory(prefix="ftpconf-proftpd-") as tmpdir,
        tempfile.TemporaryDirectory(prefix="ftpconf-anon-") as anon,
    ):
        _anonymous_root(Path(anon))
        tmp = Path(tmpdir)
        address = f"DefaultAddress 127.0.0.1\nSocketBindTight on\nPort {port}\n" if listen is None else ""
        host = (
            f"ServerType standalone\n{address}"
            f"UseIPv6 off\nPidFile {tmp}/proftpd.pid\nScoreboardFile {tmp}/proftpd.scoreboard\n"
            "DelayTable none\nWtmpLog off\nTransferLog none\n"
        ).encode()
        modules = f"ModulePath {release_root(release) / PROFTPD_MODULES}\n".encode()
        modules += b"".join(f"LoadModule {name}\n".encode() for name in PROFTPD_STOCK_LOADS.get(release, ()))
        body = modules + host + config + b"\n" + host
        if not re.search(rb"(?im)^\s*<Anonymous[\s>]", config):
            body += (
                f"<Anonymous {anon}>\n  User ftp\n  Group ftp\n  UserAlias anonymous ftp\n"
                "  RequireValidShell off\n</Anonymous>\n"
            ).encode()
        (tmp / "proftpd.conf").write_bytes(body)
        argv = [_binary(PROFTPD, release), "-n", "-c", str(tmp / "proftpd.conf")]
        hosts = [(listen or ("127.0.0.1", port))[0]]
        with _standalone(argv, port, timeout, tmp / "output", hosts) as greeting:
            if greeting is None or not greeting.startswith(b"220"):
                raise DaemonError(f"proftpd did not start: {greeting!r} {_tail(tmp / 'output')}")
            yield _served_at(listen, port)


def _tail(path: Path, lines: int = 10) -> str:
    return "\n".join(path.read_bytes().decode("latin-1").splitlines()[-lines:])


# --- pure-ftpd --------------------------------------------------------------------------------


def _pureftpd_tree(build: str) -> tuple[str, str]:
    """(directory under .daemons, binary in it) of Debian's vanilla, mysql, postgresql or ldap build."""
    if build == "vanilla":
        return PUREFTPD_TREE, PUREFTPD
    return f"pure-ftpd-{build}", f"usr/sbin/pure-ftpd-{build}"


def _pureftpd_argv(state: Path, network: bool, binary: str = PUREFTPD) -> list[str]:
    """pure-ftpd wrapped in private namespaces (we are root):

    * PID: pure-ftpd is the namespace's init, so if a config makes it daemonize (``-B``,
      ``Daemonize yes``) the forked server dies with the process we started instead of escaping.
    * mount: a per-run /run/pure-ftpd (bind of ``state``), because pure-ftpd counts leftover
      client-<pid> files there as logged-in users (docs/daemons/pureftpd.md §5).
    * network (verdicts only): nothing the config asks to bind can reach the host.
    """
    PUREFTPD_STATE.mkdir(parents=True, exist_ok=True)  # the mount point; pure-ftpd makes it too
    namespaces = ["--pid", "--fork", "--kill-child", "--mount", *(["--net"] if network else [])]
    script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"'
    return ["unshare", *namespaces, "sh", "-c", script, "sh", str(state), str(PUREFTPD_STATE), binary]


def pureftpd_verdict(
    args: Sequence[str] | None = None,
    config: bytes | None = None,
    *,
    timeout: float = TIMEOUT,
    build: str = "vanilla",
    release: str = DEFAULT_RELEASE,
) -> Verdict:
    """Start pure-ftpd in inetd mode and report its reply (docs/daemons/pureftpd.md §0).

    With ``config`` the daemon gets the path of a pure-ftpd.conf holding those bytes as its
    first argument (``args``, if also given, follow it: F93 shows the daemon refuses that);
    otherwise ``args`` are the flags. Accepted = a 220 welcome (message: its first line);
    rejected = 421, exit 252 (message: the final reply line without "421 ", then on new lines
    what pure-ftpd wrote on stderr: conf syntax errors, getopt complaints). Paths inside the
    temp dir are shown relative to it (``pure-ftpd.conf:1:16: ...``) and argv[0] as
    ``usr/sbin/pure-ftpd``. A config that daemonizes (-B, ``Daemonize yes``) exits 0 before
    answering: reported as accepted with message ``daemonized``.  ``build``: which of Debian's binaries
    (vanilla, mysql, postgresql, ldap).
    """
    tree, binary = _pureftpd_tree(build)
    with tempfile.TemporaryDirectory(prefix="ftpconf-pureftpd-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "state").mkdir()
        argv = _pureftpd_argv(tmp / "state", network=True, binary=binary)
        if config is not None:
            (tmp / "pure-ftpd.conf").write_bytes(config)
            argv.append(str(tmp / "pure-ftpd.conf"))
        argv += args or ()
        stderr = tmp / "stderr"
        server, client = _tcp_pair()
        cwd = release_root(release) / tree
        with (
            client,
            server,
            stderr.open("wb") as err,
            _started(argv, stdin=server, stdout=server, stderr=err, cwd=cwd) as proc,
        ):
            server.close()
            raw = _read_reply(client, time.monotonic() + timeout)
            status = None if raw else proc.wait(timeout)
        complaint = stderr.read_bytes().decode("latin-1").strip()
        reply = raw.decode("latin-1").rstrip("\r\n").split("\n")[-1].removesuffix("\r")
        reply, complaint = (text.replace(f"{tmp}/", "") for text in (reply, complaint))
    if not raw:
        head = "daemonized" if status == 0 else f"no reply (exit status {status})"
        return Verdict(status == 0, "\n".join(filter(None, [head, complaint])), raw)
    if raw.startswith(b"220"):
        return Verdict(True, _first_line(raw), raw)
    return Verdict(False, "\n".join(filter(None, [reply.removeprefix("421 "), complaint])), raw)


def probe_pureftpd(
    args: Sequence[str] | None = None,
    config: bytes | None = None,
    samples: int = 20,
    *,
    timeout: float = TIMEOUT,
    release: str = DEFAULT_RELEASE,
) -> Probe:
    """Run pure-ftpd standalone (see ``running_pureftpd``) and record its answers (see Probe)."""
    with running_pureftpd(args, config, timeout=timeout, release=release) as (_, port):
        return _probe_ftp(port, samples, timeout)


@contextmanager
def running_pureftpd(
    args: Sequence[str] | None = None,
    config: bytes | None = None,
    *,
    listen: tuple[str, int] | None = None,
    timeout: float = TIMEOUT,
    release: str = DEFAULT_RELEASE,
) -> Iterator[tuple[str, int]]:
    """pure-ftpd standalone (flags ``args``, or a pure-ftpd.conf holding ``config``), serving
    while the block runs; yields (host, port). Anonymous sessions land in the ftp user's home (/srv/ftp,
    made by the provisioning script). The listen address 127.0.0.1 on a free port and a pid
    file in a temp dir are given both before and after the caller's flags (``-S``, ``-g``) or
    config lines (``Bind``, ``PIDFile``): with several ``-S`` the first address but the last
    port wins. Runs in the same PID and mount namespaces as ``pureftpd_verdict`` (not in a
    network one: we must reach it). With ``listen`` (see ``_check_listen``) no address is
    forced: the config's own ``Bind`` / ``-S`` decides. DaemonError if it does not start.
    """
    _check_listen(listen)
    port = free_port() if listen is None else listen[1]
    with tempfile.TemporaryDirectory(prefix="ftpconf-pureftpd-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "state").mkdir()
        argv = _pureftpd_argv(tmp / "state", network=False)
        pidfile = f"{tmp}/pure-ftpd.pid"
        bind = f"127.0.0.1,{port}" if listen is None else None
        if config is not None:
            forced = (f"Bind {bind}\n" if bind else "") + f"PIDFile {pidfile}\n"
            (tmp / "pure-ftpd.conf").write_bytes(forced.encode() + config + b"\n" + forced.encode())
            argv += [str(tmp / "pure-ftpd.conf"), *(args or ())]
        else:
            forced_flags = [*(["-S", bind] if bind else []), "-g", pidfile]
            argv += [*forced_flags, *(args or ()), *forced_flags]
        cwd = release_root(release) / PUREFTPD_TREE
        hosts = [(listen or ("127.0.0.1", port))[0]]
        with _standalone(argv, port, timeout, tmp / "output", hosts, cwd=cwd) as greeting:
            if greeting is None or not greeting.startswith(b"220"):
                raise DaemonError(f"pure-ftpd did not start: {greeting!r} {_tail(tmp / 'output')}")
            yield _served_at(listen, port)


# --- runtime probes ---------------------------------------------------------------------------


def _command(ftp: ftplib.FTP, line: str) -> str:
    """Send one command; the reply text whatever its code, '' if the session was dropped."""
    try:
        return ftp.sendcmd(line)
    except (ftplib.error_reply, ftplib.error_temp, ftplib.error_perm, ftplib.error_proto) as exc:
        return str(exc)
    except (EOFError, OSError):
        return ""


@contextmanager
def _session(port: int, timeout: float) -> Iterator[ftplib.FTP]:
    """A fresh anonymous session on 127.0.0.1:port; DaemonError if the login fails."""
    ftp = ftplib.FTP(timeout=timeout)
    try:
        try:
            ftp.connect("127.0.0.1", port)
            reply = ftp.login()  # anonymous
        except (ftplib.Error, EOFError, OSError) as exc:
            raise DaemonError(f"anonymous login on port {port} failed: {exc}") from exc
        if not reply.startswith("230"):
            raise DaemonError(f"anonymous login on port {port}: {reply}")
        yield ftp
    finally:
        ftp.close()


def _probe_ftp(port: int, samples: int, timeout: float) -> Probe:
    replies = {}
    with socket.create_server(("127.0.0.1", 0)) as listener:  # target of PORT/EPRT
        data_port = listener.getsockname()[1]
        port_arg = f"127,0,0,1,{data_port >> 8},{data_port & 0xFF}"
        for name, line in (
            ("PASV", "PASV"),
            ("EPSV", "EPSV"),
            ("PORT", f"PORT {port_arg}"),
            ("EPRT", f"EPRT |1|127.0.0.1|{data_port}|"),
        ):
            with _session(port, timeout) as ftp:
                replies[name] = _command(ftp, line)
    host, ports = None, []
    with _session(port, timeout) as ftp:
        for _ in range(samples):
            reply = _command(ftp, "PASV")
            if not reply.startswith("227"):
                continue
            address, pasv_port = ftplib.parse227(reply)
            host = host or address
            ports.append(pasv_port)
    return Probe(replies, host, tuple(ports))
