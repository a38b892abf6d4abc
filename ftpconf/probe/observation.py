"""What a probe saw, as plain data: printable, saved as JSON and read back (``--observed``) unchanged.

Nothing here holds a password: the observation names the user, never the secret it logged in with.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DataStatus = Literal["ok", "timeout", "refused", "unreachable", "closed", "error", "not-tried"]
TlsChoice = Literal["off", "explicit", "implicit"]
FORMAT_VERSION = 1


class ObservationError(ValueError):
    """A saved observation that cannot be read (not JSON, or not what ``probe --format json`` writes)."""


@dataclass(frozen=True)
class DataConnection:
    """One data connection: where it went (passive) or where it came from (active), and how it ended.

    ``status``: ok (the listing arrived), timeout (nothing answered: a firewall drops it), refused (RST),
    unreachable (no route), closed (the server shut it without a listing), error (anything else),
    not-tried (the command was refused, or PORT over IPv6: ``note`` says why).
    """

    status: DataStatus
    seconds: float = 0.0
    address: str | None = None  # passive: where we connected; active: the server's source address
    port: int | None = None  # passive: the port we connected to; active: the server's source port
    reply: str = ""  # the server's final reply to LIST
    note: str = ""  # which address was used, when not simply the advertised one
    error: str = ""  # why it failed, in words


@dataclass(frozen=True)
class CommandProbe:
    """One data command (PASV, EPSV, PORT, EPRT) in a fresh session, and the LIST after it."""

    command: str
    reply: str
    code: int | None
    advertised_address: str | None = None  # 227 only
    advertised_port: int | None = None  # 227 and 229
    data: DataConnection = field(default_factory=lambda: DataConnection("not-tried"))

    @property
    def accepted(self) -> bool:
        return self.code is not None and self.code < 400


@dataclass(frozen=True)
class Observation:
    """Everything one probe run saw of the server at ``host``:``port`` (``address``: the IP it reached)."""

    host: str
    port: int
    address: str
    tls: TlsChoice
    user: str
    banner: str
    login_reply: str
    features: tuple[str, ...] = ()
    tls_offered: bool | None = None  # AUTH TLS answered 234 (None: not asked)
    tls_reply: str = ""
    commands: tuple[CommandProbe, ...] = ()
    passive_ports: tuple[int, ...] = ()  # every sampled 227/229 port, in order
    seconds: float = 0.0
    notes: tuple[str, ...] = ()

    def command(self, name: str) -> CommandProbe | None:
        return next((c for c in self.commands if c.command == name), None)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT_VERSION, **asdict(self)}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Observation:
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict) or raw.pop("format", None) != FORMAT_VERSION:
                raise ObservationError(
                    f"not an observation written by `ftpconf probe --format json` (format {FORMAT_VERSION})"
                )
            commands = tuple(
                CommandProbe(**{**c, "data": DataConnection(**c["data"])}) for c in raw.pop("commands", [])
            )
            return cls(
                **{
                    **raw,
                    "commands": commands,
                    "features": tuple(raw.get("features", ())),
                    "passive_ports": tuple(raw.get("passive_ports", ())),
                    "notes": tuple(raw.get("notes", ())),
                }
            )
        except ObservationError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ObservationError(f"not a probe observation: {type(exc).__name__}: {exc}") from None


def as_dict(observation: Observation) -> dict[str, Any]:
    return {"format": FORMAT_VERSION, **asdict(observation)}
