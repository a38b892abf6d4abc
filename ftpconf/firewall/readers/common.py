"""What the readers share: service names, port parsing, and the result every reader returns."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from ftpconf.diagnostics import Diagnostic
from ftpconf.firewall.policy import MAX_PORT, ComposeService, FirewallError, Ruleset
from ftpconf.integers import is_digits, parse_decimal
from ftpconf.source import Span, printable

# The /etc/services names firewall files use most (Debian netbase); others are asked of the system.
SERVICES: dict[str, int] = {
    "ftp-data": 20,
    "ftp": 21,
    "ssh": 22,
    "telnet": 23,
    "smtp": 25,
    "domain": 53,
    "http": 80,
    "www": 80,
    "pop3": 110,
    "imap2": 143,
    "imap": 143,
    "https": 443,
    "submission": 587,
    "ftps-data": 989,
    "ftps": 990,
    "imaps": 993,
    "pop3s": 995,
}


def service_port(name: str) -> int | None:
    if name in SERVICES:
        return SERVICES[name]
    if not name.isascii() or not name.isprintable():  # an undecodable byte or a NUL names no service
        return None
    try:
        return socket.getservbyname(name, "tcp")
    except OSError:
        return None


@dataclass
class ReadResult:
    """What one firewall file (or directory) gave: filters, compose services, notes, texts for code frames."""

    rulesets: list[Ruleset] = field(default_factory=list)
    compose: list[ComposeService] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    def extend(self, other: ReadResult) -> None:
        self.rulesets.extend(other.rulesets)
        self.compose.extend(other.compose)
        self.notes.extend(other.notes)
        self.texts.update(other.texts)


def shown(text: str, limit: int = 40) -> str:
    """A word from a firewall file for a message: controls and undecodable bytes visible, a long one cut."""
    if len(text) > limit:
        return f"{printable(text[:limit])}... ({len(text)} characters)"
    return printable(text)


def port_number(text: str, path: str, line: int) -> int:
    """A port given as a number or a service name; anything else is an error the real tool reports too."""
    value = parse_decimal(text)
    if value is not None:
        if value > MAX_PORT:
            raise FirewallError(path, line, f"port {shown(text)} is out of range (0-65535)")
        return value
    value_or_none = service_port(text)
    if value_or_none is None:
        raise FirewallError(path, line, f"invalid port or service name '{shown(text)}'")
    return value_or_none


def port_range(text: str, separator: str, path: str, line: int, open_ended: bool = False) -> tuple[int, int]:
    """``N`` or ``N<sep>M`` (iptables and ufw use ':', nftables, firewalld and compose '-')."""
    other = "-" if separator == ":" else ":"
    if separator not in text or service_port(text) is not None:  # "ftp-data" is a name, not a range
        if other in text and not is_digits(text) and service_port(text) is None:
            raise FirewallError(
                path, line, f"invalid port range '{shown(text)}': ranges are written with {separator!r} here"
            )
        port = port_number(text, path, line)
        return port, port
    low_text, high_text = text.split(separator, 1)
    if open_ended:  # iptables: "30000:" is 30000-65535 and ":1023" is 0-1023
        low = port_number(low_text, path, line) if low_text else 0
        high = port_number(high_text, path, line) if high_text else MAX_PORT
    else:
        low, high = port_number(low_text, path, line), port_number(high_text, path, line)
    if low > high:
        if separator == ":":  # iptables swaps an inverted range, nft and firewalld refuse it
            return high, low
        raise FirewallError(path, line, f"invalid port range '{shown(text)}': the first port is above the second")
    return low, high


def line_span(path: str, line: int, text: str, column: int = 1) -> Span:
    return Span(path, line, column, len(text.rstrip("\r\n")) + 1 if column <= len(text) else None)
