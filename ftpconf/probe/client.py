"""The probing client: standard library only (socket, ssl, ftplib), a timeout on every step.

Each data command gets a fresh session (a refused command must not spoil the next one), then a LIST
over the data connection it set up.  Passive replies are sampled in one more session to see which
ports the server draws from.  Where a 227 reply names another address than the one probed, the
client connects to it only with ``follow_advertised``; otherwise it tries the advertised port on the
probed address (as FileZilla and curl do with an unroutable 227 address) and says so.
"""

from __future__ import annotations

import dataclasses
import errno
import ftplib
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from ftpconf.model import DATA_COMMANDS, PASSIVE_COMMANDS
from ftpconf.probe.observation import CommandProbe, DataConnection, DataStatus, Observation, TlsChoice

ANONYMOUS_PASSWORD = "ftpconf-probe@"  # what anonymous FTP asks for: an address-like word, not a secret
# A 421 "too many users" at connect is asked again, BUSY_RETRIES - 1 times, BUSY_PAUSE seconds apart.
BUSY_RETRIES, BUSY_PAUSE = 4, 0.5
IPV4_ONLY = "PASV and PORT carry IPv4 addresses only (RFC 2428): on an IPv6 connection clients use EPSV and EPRT"


class ProbeError(Exception):
    """The control connection did not work (refused, unreachable, timed out, login refused): no observation."""


@dataclass(frozen=True)
class Target:
    host: str
    port: int = 21
    tls: TlsChoice = "off"
    user: str = "anonymous"
    password: str = ANONYMOUS_PASSWORD
    timeout: float = 5.0  # seconds, for each connect, reply and data read
    samples: int = 5  # passive replies of each kind sampled for the port range
    follow_advertised: bool = False


def probe(target: Target) -> Observation:
    """Observe the server at ``target``; ProbeError when no session can be had at all."""
    started = time.monotonic()
    address = _resolve(target)
    client = _Client(target, address)
    try:
        with client.session(feat=True):
            banner, login_reply, features = client.banner, client.login_reply, client.features
    except ProbeError:
        if not client.handshake_failed:
            raise
        # No implicit TLS on the port: see what it does speak, so the report can say TLS is not offered.
        plain = probe(dataclasses.replace(target, tls="off"))
        return dataclasses.replace(
            plain,
            tls_offered=False,
            tls_reply=client.handshake_failed,
            notes=(*plain.notes, f"implicit TLS: {client.handshake_failed}; probed again without TLS"),
        )
    tls_offered, tls_reply = client.tls_check()
    commands = tuple(client.data_command(name) for name in DATA_COMMANDS)
    accepted = {c.command for c in commands if c.accepted}
    ports = client.passive_samples(accepted) if accepted & set(PASSIVE_COMMANDS) else ()
    return Observation(
        host=target.host,
        port=target.port,
        address=address,
        tls=target.tls,
        user=target.user,
        banner=banner,
        login_reply=login_reply,
        features=features,
        tls_offered=tls_offered,
        tls_reply=tls_reply,
        commands=commands,
        passive_ports=ports,
        seconds=round(time.monotonic() - started, 2),
        notes=tuple(client.notes),
    )


def _resolve(target: Target) -> str:
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ProbeError(f"{target.host}: cannot resolve the name ({exc})") from None
    return str(found[0][4][0])


def _why(exc: BaseException) -> tuple[DataStatus, str]:
    """A socket failure as a data status and words for people."""
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timeout", "no answer (timed out)"
    if isinstance(exc, ConnectionRefusedError):
        return "refused", "connection refused"
    if isinstance(exc, OSError) and exc.errno is not None and exc.errno in _UNREACHABLE:
        return "unreachable", f"unreachable ({exc.strerror})"
    if isinstance(exc, (EOFError, ConnectionResetError, BrokenPipeError)):
        return "closed", "the server closed the connection"
    return "error", f"{type(exc).__name__}: {exc}"


_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH})


def _code(reply: str) -> int | None:
    return int(reply[:3]) if reply[:3].isdigit() else None


class _ImplicitTLS(ftplib.FTP_TLS):
    """Implicit FTPS (port 990 style): TLS from the first byte, before the banner."""

    def connect(
        self, host: str = "", port: int = 0, timeout: float = -999, source_address: tuple[str, int] | None = None
    ) -> str:
        self.host, self.port = host, port
        raw = socket.create_connection((host, port), self.timeout)
        self.af = raw.family
        try:
            self.sock = self.context.wrap_socket(raw, server_hostname=host)
        except (OSError, ssl.SSLError):
            raw.close()
            raise
        self.file = self.sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome


def _context() -> ssl.SSLContext:
    # The probe asks whether TLS is offered, not whether the certificate is trusted: that is another check.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class _Client:
    def __init__(self, target: Target, address: str) -> None:
        self.target = target
        self.address = address
        self.banner = self.login_reply = ""
        self.features: tuple[str, ...] = ()
        self.notes: list[str] = []
        self.tls_refused = False  # explicit TLS asked for but AUTH TLS refused: go on in plain text
        self.handshake_failed = ""  # implicit TLS asked for, the port does not speak it: why
        self.ipv6 = ":" in address

    def _new(self) -> ftplib.FTP:
        if self.target.tls == "implicit":
            return _ImplicitTLS(context=_context(), timeout=self.target.timeout)
        if self.target.tls == "explicit" and not self.tls_refused:
            return ftplib.FTP_TLS(context=_context(), timeout=self.target.timeout)
        return ftplib.FTP(timeout=self.target.timeout)

    def _connect(self, ftp: ftplib.FTP) -> str:
        where = f"{self.target.host}:{self.target.port}"
        try:
            for attempt in range(BUSY_RETRIES):
                try:
                    return ftp.connect(self.address, self.target.port)
                except ftplib.error_temp as exc:
                    # 421: the server still counts our previous session (its process exits a moment after
                    # QUIT; pure-ftpd under load): ask again shortly, as a client's retry would.
                    if not str(exc).startswith("421") or attempt == BUSY_RETRIES - 1:
                        raise
                    ftp.close()
                    time.sleep(BUSY_PAUSE)
            raise AssertionError("unreachable")  # pragma: no cover
        except (OSError, EOFError, ftplib.Error) as exc:
            words = _why(exc)[1]
            if isinstance(exc, ssl.SSLError):
                words = f"no TLS handshake ({exc.reason or exc})"
                self.handshake_failed = words
            raise ProbeError(f"{where}: cannot open the control connection: {words}") from None

    @contextmanager
    def session(self, *, feat: bool = False) -> Iterator[ftplib.FTP]:
        """A logged-in session (TLS as asked, PROT P on TLS); ProbeError if it cannot be had."""
        ftp = self._new()
        where = f"{self.target.host}:{self.target.port}"
        try:
            self.banner = self._connect(ftp)
            if feat:
                self.features = self._features(ftp)
            if isinstance(ftp, ftplib.FTP_TLS) and self.target.tls == "explicit":
                try:
                    ftp.auth()
                except ftplib.error_perm as exc:  # refused: observe the rest in plain text
                    self.tls_refused = True
                    self.notes.append(f"AUTH TLS was refused ({exc}); the rest was probed without TLS")
                    ftp.close()
                    ftp = self._new()
                    self._connect(ftp)
                except (OSError, EOFError, ftplib.Error) as exc:
                    raise ProbeError(f"{where}: TLS negotiation failed: {_why(exc)[1]}") from None
            try:
                self.login_reply = ftp.login(self.target.user, self.target.password)
            except ftplib.Error as exc:
                raise ProbeError(f"{where}: login as {self.target.user} refused: {exc}") from None
            except (OSError, EOFError) as exc:
                raise ProbeError(f"{where}: login as {self.target.user} failed: {_why(exc)[1]}") from None
            if isinstance(ftp, ftplib.FTP_TLS):
                with suppress(ftplib.Error):
                    ftp.prot_p()
            yield ftp
        finally:
            if ftp.sock is not None:
                with suppress(OSError, EOFError, ftplib.Error):
                    ftp.quit()  # a polite end: the server frees the session slot before the next one
            ftp.close()

    def _features(self, ftp: ftplib.FTP) -> tuple[str, ...]:
        try:
            reply = ftp.sendcmd("FEAT")
        except (ftplib.Error, OSError, EOFError):
            return ()
        return tuple(line.strip() for line in reply.splitlines()[1:-1] if line.strip())

    def tls_check(self) -> tuple[bool | None, str]:
        """Does the server answer AUTH TLS with 234?  (Implicit TLS: the handshake itself is the answer.)"""
        if self.target.tls == "implicit":
            return True, "implicit TLS handshake completed"
        if self.target.tls == "explicit":
            return (not self.tls_refused), "AUTH TLS refused" if self.tls_refused else "234 AUTH TLS accepted"
        ftp = ftplib.FTP(timeout=self.target.timeout)
        try:
            self._connect(ftp)
            reply = _send(ftp, "AUTH TLS")
        except ProbeError as exc:
            return None, str(exc)
        finally:
            ftp.close()
        return _code(reply) == 234, reply

    def data_command(self, name: str) -> CommandProbe:
        try:
            with self.session() as ftp:
                _send(ftp, "TYPE A")  # a listing is text; some servers want it said
                if name in PASSIVE_COMMANDS:
                    return self._passive(ftp, name)
                return self._active(ftp, name)
        except ProbeError as exc:  # the first session worked: this one failing (421 too many users) is a note
            self.notes.append(f"{name} not asked: {exc}")
            return CommandProbe(name, "", None, data=DataConnection("not-tried", note=str(exc)))

    def _passive(self, ftp: ftplib.FTP, name: str) -> CommandProbe:
        reply = _send(ftp, name)
        code = _code(reply)
        if code is None or code >= 400:
            return CommandProbe(name, reply, code)
        if name == "PASV" and self.ipv6:  # RFC 2428: a 227 carries an IPv4 address only; IPv6 clients use EPSV
            return CommandProbe(name, reply, code, data=DataConnection("not-tried", note=IPV4_ONLY))
        try:
            if name == "PASV":
                advertised, port = ftplib.parse227(reply)
            else:
                advertised, port = self.address, ftplib.parse229(reply, (self.address, self.target.port))[1]
        except ftplib.Error:
            return CommandProbe(name, reply, code, data=DataConnection("error", error="the reply names no address"))
        connect_to, note = self._where_to(advertised)
        data = self._list_passive(ftp, connect_to, port, note)
        return CommandProbe(name, reply, code, advertised if name == "PASV" else None, port, data)

    def _where_to(self, advertised: str) -> tuple[str, str]:
        """The address a passive data connection may go to: the advertised one when it is the probed host
        (or both are loopback) or ``follow_advertised`` allows it; otherwise the probed address."""
        if advertised == self.address or _both_loopback(advertised, self.address):
            return advertised, ""
        if self.target.follow_advertised:
            return advertised, f"followed the advertised address {advertised} (--follow-advertised)"
        return self.address, (
            f"the server advertised {advertised}, not the probed address {self.address}: not connecting there "
            f"without --follow-advertised; tried the advertised port on {self.address} instead"
        )

    def _list_passive(self, ftp: ftplib.FTP, address: str, port: int, note: str) -> DataConnection:
        started = time.monotonic()
        try:
            conn = socket.create_connection((address, port), self.target.timeout)
        except OSError as exc:
            status, words = _why(exc)
            return DataConnection(status, _since(started), address, port, note=note, error=words)
        return self._transfer(ftp, conn, started, address, port, note)

    def _transfer(
        self, ftp: ftplib.FTP, conn: socket.socket, started: float, address: str, port: int, note: str
    ) -> DataConnection:
        """LIST over an open data connection; the listing's arrival is what counts."""
        with conn:
            try:
                ftp.putcmd("LIST")
                first = ftp.getresp()
                if _code(first) not in (125, 150):
                    return DataConnection("error", _since(started), address, port, first, note)
                self._drain(ftp, conn)
                final = ftp.getresp()
            except ftplib.Error as exc:
                return DataConnection("error", _since(started), address, port, str(exc), note)
            except (OSError, EOFError) as exc:
                status, words = _why(exc)
                return DataConnection(status, _since(started), address, port, note=note, error=words)
        return DataConnection("ok" if _code(final) == 226 else "error", _since(started), address, port, final, note)

    def _drain(self, ftp: ftplib.FTP, conn: socket.socket) -> None:
        """Read the listing to its end and close our side: proftpd sends its 226 only after the client has
        closed the data connection too."""
        conn.settimeout(self.target.timeout)
        data = conn
        if isinstance(ftp, ftplib.FTP_TLS) and isinstance(ftp.sock, ssl.SSLSocket):
            data = ftp.context.wrap_socket(conn, server_hostname=ftp.host, session=ftp.sock.session)
        while data.recv(8192):
            pass
        if isinstance(data, ssl.SSLSocket):
            with suppress(OSError, ValueError):
                data.unwrap()
        data.close()
        conn.close()

    def _active(self, ftp: ftplib.FTP, name: str) -> CommandProbe:
        assert ftp.sock is not None  # a logged-in session
        local = ftp.sock.getsockname()[0]
        family = socket.AF_INET6 if ":" in local else socket.AF_INET
        if name == "PORT" and family == socket.AF_INET6:
            return CommandProbe(name, "", None, data=DataConnection("not-tried", note=IPV4_ONLY))
        with socket.create_server((local, 0), family=family) as listener:
            listener.settimeout(self.target.timeout)
            port = listener.getsockname()[1]
            line = (
                f"PORT {local.replace('.', ',')},{port >> 8},{port & 0xFF}"
                if name == "PORT"
                else f"EPRT |{2 if family == socket.AF_INET6 else 1}|{local}|{port}|"
            )
            reply = _send(ftp, line)
            code = _code(reply)
            if code is None or code >= 400:
                return CommandProbe(name, reply, code)
            started = time.monotonic()
            try:
                ftp.putcmd("LIST")
                conn, peer = listener.accept()
            except (OSError, EOFError) as exc:
                status, words = _why(exc)
                late = _quick_reply(ftp)
                return CommandProbe(
                    name, reply, code, data=DataConnection(status, _since(started), reply=late, error=words)
                )
            data = self._transfer_active(ftp, conn, started, str(peer[0]), int(peer[1]))
        return CommandProbe(name, reply, code, data=data)

    def _transfer_active(
        self, ftp: ftplib.FTP, conn: socket.socket, started: float, address: str, port: int
    ) -> DataConnection:
        with conn:
            try:
                first = ftp.getresp()
                if _code(first) not in (125, 150):
                    return DataConnection("error", _since(started), address, port, first)
                self._drain(ftp, conn)
                final = ftp.getresp()
            except ftplib.Error as exc:
                return DataConnection("error", _since(started), address, port, str(exc))
            except (OSError, EOFError) as exc:
                status, words = _why(exc)
                return DataConnection(status, _since(started), address, port, error=words)
        return DataConnection("ok" if _code(final) == 226 else "error", _since(started), address, port, final)

    def passive_samples(self, accepted: set[str]) -> tuple[int, ...]:
        """Ports of ``samples`` replies to each accepted passive command, in one session."""
        ports: list[int] = []
        try:
            with self.session() as ftp:
                for _ in range(self.target.samples):
                    for name in PASSIVE_COMMANDS:
                        if name not in accepted or (name == "PASV" and self.ipv6):
                            continue
                        reply = _send(ftp, name)
                        with suppress(ftplib.Error):
                            if reply.startswith("227"):
                                ports.append(ftplib.parse227(reply)[1])
                            elif reply.startswith("229"):
                                ports.append(ftplib.parse229(reply, (self.address, self.target.port))[1])
        except ProbeError as exc:
            self.notes.append(f"sampling the passive ports stopped: {exc}")
        return tuple(ports)


def _send(ftp: ftplib.FTP, line: str) -> str:
    """One command; its reply whatever the code; '' when the session broke."""
    try:
        return ftp.sendcmd(line)
    except ftplib.Error as exc:
        return str(exc)
    except (OSError, EOFError):
        return ""


def _quick_reply(ftp: ftplib.FTP) -> str:
    """The reply already waiting on the control connection (e.g. 425 after a failed connect back), if any."""
    with suppress(OSError, EOFError, ftplib.Error, AttributeError):
        ftp.sock.settimeout(0.5)  # type: ignore[union-attr]  # None only after close: AttributeError
        return ftp.getline()
    return ""


def _both_loopback(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a).is_loopback and ipaddress.ip_address(b).is_loopback
    except ValueError:
        return False


def _since(started: float) -> float:
    return round(time.monotonic() - started, 2)
