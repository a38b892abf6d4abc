"""Observe a running FTP daemon the way a client sees it, for comparing two daemons.

Each data command (PASV, EPSV, PORT, EPRT) gets a fresh anonymous session, as in
``tests.daemons._probe_ftp``; on top of that this records the source port of an active data
connection, the control channel's TLS (AUTH TLS, then the commands under PROT P) and whether
anonymous users can write. Only what a scenario asks for is measured, to keep runs short.
"""

from __future__ import annotations

import ftplib
import io
import socket
import ssl
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Literal

from ftpconf.model import DATA_COMMANDS
from tests.daemons import TIMEOUT, DaemonError

Aspect = Literal["commands", "ports", "address", "active-source", "listen", "tls", "anonymous"]


@dataclass(frozen=True)
class Observation:
    """What one daemon did. ``accepted``: data commands answered below 400. ``pasv_ports``:
    ports of sampled 227/229 replies, ``pasv_host``: the address of the first 227.
    ``active_from_20``: a PORT data connection came from port 20 (vsftpd, pure-ftpd) or from the
    control port - 1 (proftpd's L-1, which is 20 on port 21) rather than from any other port. ``tls``: AUTH TLS was
    accepted. ``anonymous_write``: (upload worked, mkdir worked, rename or delete worked)."""

    replies: dict[str, str]
    accepted: frozenset[str]
    pasv_host: str | None = None
    pasv_ports: tuple[int, ...] = ()
    active_from_20: bool | None = None
    tls: bool | None = None
    anonymous_write: tuple[bool, bool, bool] | None = None


def _code(reply: str) -> int | None:
    return int(reply[:3]) if reply[:3].isdigit() else None


def _command(ftp: ftplib.FTP, line: str) -> str:
    try:
        return ftp.sendcmd(line)
    except (ftplib.error_reply, ftplib.error_temp, ftplib.error_perm, ftplib.error_proto) as exc:
        return str(exc)
    except (EOFError, OSError):
        return ""


class _QuietTLS(ftplib.FTP_TLS):
    """FTP_TLS that does not verify the test certificate; ``maximum``: the highest protocol version it offers."""

    def __init__(self, timeout: float, maximum: ssl.TLSVersion | None = None) -> None:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        if maximum is not None:
            context.maximum_version = maximum
        super().__init__(context=context, timeout=timeout)


def tls_version(host: str, port: int, maximum: ssl.TLSVersion | None = None) -> str | None:
    """The protocol version AUTH TLS negotiates with a client offering up to ``maximum`` (all it can by
    default); None when the server refuses AUTH TLS or no version is common to both."""
    ftp = _QuietTLS(TIMEOUT, maximum)
    try:
        ftp.connect(host, port)
        ftp.auth()
        return ftp.sock.version() if isinstance(ftp.sock, ssl.SSLSocket) else None
    except (ftplib.Error, ssl.SSLError, EOFError, OSError):
        return None
    finally:
        ftp.close()


@contextmanager
def session(host: str, port: int, *, tls: bool = False, timeout: float = TIMEOUT) -> Iterator[ftplib.FTP]:
    """A fresh anonymous session; with ``tls``: AUTH TLS first, PROT P after login."""
    ftp: ftplib.FTP = _QuietTLS(timeout) if tls else ftplib.FTP(timeout=timeout)
    try:
        try:
            ftp.connect(host, port)
            reply = ftp.login()  # FTP_TLS.login sends AUTH TLS first
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()
        except (ftplib.Error, EOFError, OSError) as exc:
            raise DaemonError(f"anonymous login on {host}:{port}{' over TLS' if tls else ''} failed: {exc}") from exc
        if not reply.startswith("230"):
            raise DaemonError(f"anonymous login on {host}:{port}: {reply}")
        yield ftp
    finally:
        ftp.close()


def observe(host: str, port: int, aspects: frozenset[Aspect], *, samples: int = 6) -> Observation:
    """Probe the daemon serving at host:port for the given aspects (commands always)."""
    tls = "tls" in aspects
    tls_accepted = _auth_tls(host, port) if tls else None
    use_tls = bool(tls_accepted)
    replies: dict[str, str] = {}
    with socket.create_server(("127.0.0.1", 0)) as listener:  # target of PORT/EPRT
        data_port = listener.getsockname()[1]
        lines = {
            "PASV": "PASV",
            "EPSV": "EPSV",
            "PORT": f"PORT 127,0,0,1,{data_port >> 8},{data_port & 0xFF}",
            "EPRT": f"EPRT |1|127.0.0.1|{data_port}|",
        }
        for name in DATA_COMMANDS:
            with session(host, port, tls=use_tls) as ftp:
                replies[name] = _command(ftp, lines[name])
            if 400 <= (_code(replies[name]) or 0) < 500:
                # A transient refusal (a one-port range still held by the previous session for a
                # moment): ask once more, so only a real refusal (5xx) counts as one.
                time.sleep(0.5)
                with session(host, port, tls=use_tls) as ftp:
                    replies[name] = _command(ftp, lines[name])
    accepted = frozenset(c for c in DATA_COMMANDS if (_code(replies[c]) or 500) < 400)
    pasv_host: str | None = None
    pasv_ports: list[int] = []
    if "ports" in aspects or "address" in aspects:
        pasv_host, pasv_ports = _passive_samples(host, port, use_tls, accepted, samples)
        for _ in range(3):
            # A one-port range can still be held by the previous session when the sampling one starts
            # (pure-ftpd answers 425 until it lets go; seen once on a loaded machine): sample again.
            got_address = pasv_host is not None or "PASV" not in accepted
            if got_address and (pasv_ports or not {"PASV", "EPSV"} & accepted):
                break
            time.sleep(0.5)
            pasv_host, pasv_ports = _passive_samples(host, port, use_tls, accepted, samples)
    active = None
    if "active-source" in aspects and "PORT" in accepted:
        # again if no connection came: proftpd's bind to L-1 can meet a port in use for a moment,
        # longer on a loaded machine (seen once in three full CI runs with two tries)
        active = _active_from_20(host, port, use_tls)
        for _ in range(3):
            if active is not None:
                break
            time.sleep(1.0)
            active = _active_from_20(host, port, use_tls)
    write = _anonymous_write(host, port, use_tls, accepted) if "anonymous" in aspects else None
    return Observation(replies, accepted, pasv_host, tuple(pasv_ports), active, tls_accepted, write)


def _auth_tls(host: str, port: int) -> bool:
    ftp = ftplib.FTP(timeout=TIMEOUT)
    try:
        ftp.connect(host, port)
        return _code(_command(ftp, "AUTH TLS")) == 234
    finally:
        ftp.close()


def _passive_samples(
    host: str, port: int, tls: bool, accepted: frozenset[str], samples: int
) -> tuple[str | None, list[int]]:
    """Ports of ``samples`` PASV and as many EPSV replies in one session; the first 227's address."""
    pasv_host: str | None = None
    ports: list[int] = []
    with session(host, port, tls=tls) as ftp:
        for _ in range(samples):
            if "PASV" in accepted and (reply := _command(ftp, "PASV")).startswith("227"):
                address, pasv_port = ftplib.parse227(reply)
                pasv_host = pasv_host or address
                ports.append(pasv_port)
            if "EPSV" in accepted and (reply := _command(ftp, "EPSV")).startswith("229"):
                ports.append(ftplib.parse229(reply, (host, port))[1])
    return pasv_host, ports


def _active_from_20(host: str, port: int, tls: bool) -> bool | None:
    """Open an active data connection (PORT + NLST): did it come from port 20 or L-1?"""
    with session(host, port, tls=tls) as ftp, socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(TIMEOUT)
        data_port = listener.getsockname()[1]
        if _code(_command(ftp, f"PORT 127,0,0,1,{data_port >> 8},{data_port & 0xFF}")) != 200:
            return None
        ftp.putcmd("NLST")
        try:
            conn, (_, source) = listener.accept()
        except TimeoutError:
            return None
        conn.close()
        with suppress(ftplib.Error, EOFError, OSError):
            ftp.getmultiline()
    return source in (20, port - 1)


def _anonymous_write(host: str, port: int, tls: bool, accepted: frozenset[str]) -> tuple[bool, bool, bool]:
    """Try to upload a file and make a directory in ``upload/`` (world-writable in the tests'
    anonymous roots), then to rename and delete what was made: the "other writes" vsftpd's
    anon_other_write_enable allows and pure-ftpd never does. What is left is removed as far as
    the daemon lets us."""
    name = f"upload/ftpconf-e2e-{uuid.uuid4().hex}"
    with session(host, port, tls=tls) as ftp:
        ftp.set_pasv("PASV" in accepted)
        try:
            uploaded = ftp.storbinary(f"STOR {name}", io.BytesIO(b"e2e\n")).startswith("226")
        except (ftplib.Error, EOFError, OSError):
            uploaded = False
        made = (_code(_command(ftp, f"MKD {name}.d")) or 500) < 300
        other = False
        if uploaded:
            renamed = (_code(_command(ftp, f"RNFR {name}")) or 500) < 400
            renamed = renamed and (_code(_command(ftp, f"RNTO {name}.r")) or 500) < 300
            deleted = (_code(_command(ftp, f"DELE {name}.r" if renamed else f"DELE {name}")) or 500) < 300
            other = renamed or deleted
        if made:
            other = other or (_code(_command(ftp, f"RMD {name}.d")) or 500) < 300
    return uploaded, made, other
