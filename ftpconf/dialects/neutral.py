"""The model as a neutral TOML or JSON file a team can keep as its source of truth, both directions.

The file states what each server *does* (the effective behaviour), in the model's words, plus the
dialect-specific settings the model does not cover (``extras``, tagged with their dialect so that
rendering back to that dialect carries them).  Reading it back gives a model whose provenance
points at the TOML/JSON lines.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ftpconf import model

FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NeutralListen(_Strict):
    standalone: bool = True
    address: str | None = None
    port: int = Field(21, ge=0, le=65535)  # proftpd's Port 0: the server does not listen
    ipv4: bool = True
    ipv6: bool = False


class NeutralActive(_Strict):
    enabled: bool = True
    source_port: int | None = Field(None, ge=1, le=65535)
    allow_foreign_address: bool = False


class NeutralPassive(_Strict):
    enabled: bool = True
    ports: str | None = Field(None, pattern=r"^[0-9]{1,5}-[0-9]{1,5}$")  # "30000-30999"; None: any port
    advertised_address: str | None = None
    resolve_hostname: bool = False
    allow_foreign_address: bool = False


class NeutralTls(_Strict):
    mode: model.TlsMode = model.TlsMode.OFF
    required_for_login: bool = False
    required_for_data: bool = False
    anonymous_allowed: bool = False
    protocols: list[str] = Field(default_factory=list)
    session_reuse_required: bool = False


class NeutralAccess(_Strict):
    anonymous: bool = False
    anonymous_upload: bool = False
    anonymous_mkdir: bool = False
    anonymous_other_write: bool = False
    local_users: bool = True
    write: bool = False
    chroot_local_users: bool = False
    writable_chroot_allowed: bool = False


class NeutralLimits(_Strict):
    max_clients: int | None = Field(None, ge=1)
    max_per_ip: int | None = Field(None, ge=1)


class NeutralExtra(_Strict):
    dialect: Literal["vsftpd", "proftpd", "pureftpd"]
    name: str
    value: str | None = None
    section: str | None = None  # proftpd: the section it stands in ("Anonymous")


class NeutralServer(_Strict):
    name: str = "main"
    listen: NeutralListen = Field(default_factory=NeutralListen)
    active: NeutralActive = Field(default_factory=NeutralActive)
    passive: NeutralPassive = Field(default_factory=NeutralPassive)
    commands: list[model.DataCommand] = Field(default_factory=lambda: list(model.DATA_COMMANDS))  # accepted ones
    tls: NeutralTls = Field(default_factory=NeutralTls)
    access: NeutralAccess = Field(default_factory=NeutralAccess)
    limits: NeutralLimits = Field(default_factory=NeutralLimits)
    extras: list[NeutralExtra] = Field(default_factory=list)


class NeutralMeta(_Strict):
    format: Literal[1] = 1
    source: list[str] = Field(default_factory=list)  # informational: what this was converted from


class NeutralFile(_Strict):
    ftpconf: NeutralMeta = Field(default_factory=NeutralMeta)
    server: list[NeutralServer] = Field(min_length=1)


class NeutralError(Exception):
    """An invalid neutral file; the message names the file and, where found, the line."""


# -- model -> neutral -------------------------------------------------------------------------------


def to_neutral(config: model.Config, secret: frozenset[str] = frozenset()) -> NeutralFile:
    """``secret``: extra names (lower case) whose values must not be exported."""
    servers = []
    for server in config.servers:
        passive = server.passive
        servers.append(
            NeutralServer(
                name=server.name,
                listen=NeutralListen(
                    standalone=server.listen.standalone.effective,
                    address=server.listen.address.effective,
                    port=server.listen.port.effective,
                    ipv4=server.listen.ipv4,
                    ipv6=server.listen.ipv6,
                ),
                active=NeutralActive(
                    enabled=server.active.enabled.effective,
                    source_port=server.active.source_port.effective,
                    allow_foreign_address=server.active.allow_foreign_address.effective,
                ),
                passive=NeutralPassive(
                    enabled=passive.enabled.effective,
                    ports=str(passive.effective_range),  # behaviour: the daemons' defaults differ
                    advertised_address=passive.advertised_address.effective,
                    resolve_hostname=passive.resolve_hostname.effective,
                    allow_foreign_address=passive.allow_foreign_address.effective,
                ),
                commands=[c for c in model.DATA_COMMANDS if server.commands.accepts(c)],
                tls=NeutralTls(
                    mode=server.tls.mode.effective,
                    required_for_login=server.tls.required_for_login.effective,
                    required_for_data=server.tls.required_for_data.effective,
                    anonymous_allowed=server.tls.anonymous_allowed.effective,
                    protocols=list(server.tls.protocols.effective),
                    session_reuse_required=server.tls.session_reuse_required.effective,
                ),
                access=NeutralAccess(**{name: getattr(server.access, name).effective for name in _ACCESS}),
                limits=NeutralLimits(
                    max_clients=server.limits.max_clients.effective, max_per_ip=server.limits.max_per_ip.effective
                ),
                extras=[
                    NeutralExtra(dialect=e.dialect or config.dialect, name=e.name, value=e.value, section=e.section)
                    for e in server.extras
                    if e.name.lower() not in secret
                ],
            )
        )
    return NeutralFile(ftpconf=NeutralMeta(source=list(config.sources)), server=servers)


_ACCESS = tuple(NeutralAccess.model_fields)


def _plain(neutral: NeutralFile) -> dict[str, Any]:
    """JSON-able data without nulls (TOML has no null: an absent key means the default)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    result: dict[str, Any] = strip(neutral.model_dump(mode="json"))
    return result


def dump_toml(neutral: NeutralFile, header: str = "") -> str:
    import tomli_w

    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + tomli_w.dumps(_plain(neutral))


def dump_json(neutral: NeutralFile) -> str:
    return json.dumps(_plain(neutral), indent=2) + "\n"


# -- neutral -> model -------------------------------------------------------------------------------


MAX_DEPTH = 32  # the schema nests 5 deep; the parsers recurse once per level and would overflow the stack


def nesting(text: str, kind: Literal["toml", "json"]) -> tuple[int, int]:
    """(deepest nesting of arrays and inline tables, its line): brackets in strings and comments do not count.

    Stops counting past MAX_DEPTH, so a hostile file costs one pass."""
    depth = deepest = 0
    line = deepest_line = 1
    i, end = 0, len(text)
    while i < end:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
                if deepest > MAX_DEPTH:
                    break
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "#" and kind == "toml":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
            continue
        elif ch == '"' or (ch == "'" and kind == "toml"):
            quote = text[i : i + 3] if kind == "toml" and text[i : i + 3] == ch * 3 else ch
            j = i + len(quote)
            while j < end and not text.startswith(quote, j) and (len(quote) == 3 or text[j] != "\n"):
                j += 2 if ch == '"' and text[j] == "\\" else 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            continue
        i += 1
    return deepest, deepest_line


def load(path: str, text: str, kind: Literal["toml", "json"]) -> NeutralFile:
    depth, deepest_line = nesting(text, kind)
    if depth > MAX_DEPTH:
        raise NeutralError(
            f"{path}:{deepest_line}: not a neutral {kind.upper()} file: arrays or tables nest over {MAX_DEPTH} deep"
        )
    try:
        if kind == "toml":
            from ftpconf.catalog import parse_toml

            data = parse_toml(text)
        else:
            data = json.loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError and json.JSONDecodeError are ValueErrors
        lineno = getattr(exc, "lineno", None)
        at = f"{path}:{lineno}" if isinstance(lineno, int) else path
        raise NeutralError(f"{at}: not valid {kind.upper()}: {exc}") from None
    try:
        return NeutralFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            line = locate(text, tuple(error["loc"]), kind)
            problems.append(f"{path}:{line}: {where}: {error['msg']}" if line else f"{path}: {where}: {error['msg']}")
        raise NeutralError("; ".join(problems)) from None


def locate(text: str, location: tuple[Any, ...], kind: str) -> int | None:
    """The line of the last key in ``location`` (best effort; TOML/JSON parsers keep no positions):
    its n-th occurrence for the n-th server, read from an index of the text's keys built once."""
    keys = [part for part in location if isinstance(part, str)]
    if not keys:
        return None
    hits = _key_lines(text, kind).get(keys[-1])
    if not hits:
        return None
    index = [i for i, part in enumerate(location) if isinstance(part, int)]
    wanted = location[index[0]] if index else 0
    return hits[min(wanted, len(hits) - 1)]


_TOML_KEY = re.compile(r'^[ \t]*(?:"([^"\n]*)"|([^"\s=]+))[ \t]*=', re.MULTILINE)
_JSON_KEY = re.compile(r'^[ \t]*"([^"\n]*)"()[ \t]*:', re.MULTILINE)


@functools.lru_cache(maxsize=4)
def _key_lines(text: str, kind: str) -> dict[str, list[int]]:
    """Each key that starts a line -> the numbers of those lines, in order (one pass: a lookup per
    setting used to scan every line, quadratic in the number of servers)."""
    found: dict[str, list[int]] = {}
    line, at = 1, 0
    for match in (_TOML_KEY if kind == "toml" else _JSON_KEY).finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        found.setdefault(match[1] if match[1] is not None else match[2], []).append(line)
    return found


def to_config(neutral: NeutralFile, path: str, text: str, kind: Literal["toml", "json"]) -> model.Config:
    servers = tuple(_server(s, i, path, text, kind) for i, s in enumerate(neutral.server))
    return model.Config(dialect=_dialect_of(neutral), sources=(path,), servers=servers)


def _dialect_of(neutral: NeutralFile) -> Literal["vsftpd", "proftpd", "pureftpd"]:
    dialects = {e.dialect for s in neutral.server for e in s.extras}
    return dialects.pop() if len(dialects) == 1 else "vsftpd"


def _server(s: NeutralServer, index: int, path: str, text: str, kind: Literal["toml", "json"]) -> model.Server:
    def origin(*keys: str) -> model.Origin:
        line = locate(text, ("server", index, *keys), kind)
        if line is None:
            return model.Origin.default(f"ftpconf neutral default for {'.'.join(keys)}")
        return model.Origin(kind="file", path=path, line=line, column=1, detail=".".join(keys))

    set_keys = _set_keys(s)

    def setting(value: Any, *keys: str) -> Any:
        declared = None if ".".join(keys) not in set_keys else json.dumps(value) if value is not None else None
        return model.Setting[Any](effective=value, declared=declared, origin=origin(*keys))

    low: int | None = None
    high: int | None = None
    if s.passive.ports:
        first, second = (int(p) for p in s.passive.ports.split("-"))
        low, high = min(first, second), max(first, second)
    effective_range = model.PortRange(low=low or 1024, high=high or 65535)
    accepted = frozenset(s.commands)
    command_origin = origin("commands")
    return model.Server(
        name=s.name,
        listen=model.Listen(
            standalone=setting(s.listen.standalone, "listen", "standalone"),
            address=setting(s.listen.address, "listen", "address"),
            port=setting(s.listen.port, "listen", "port"),
            ipv4=s.listen.ipv4,
            ipv6=s.listen.ipv6,
        ),
        active=model.ActiveMode(
            enabled=setting(s.active.enabled, "active", "enabled"),
            source_port=setting(s.active.source_port, "active", "source_port"),
            allow_foreign_address=setting(s.active.allow_foreign_address, "active", "allow_foreign_address"),
        ),
        passive=model.PassiveMode(
            enabled=setting(s.passive.enabled, "passive", "enabled"),
            range_low=setting(low, "passive", "ports"),
            range_high=setting(high, "passive", "ports"),
            effective_range=effective_range,
            advertised_address=setting(s.passive.advertised_address, "passive", "advertised_address"),
            resolve_hostname=setting(s.passive.resolve_hostname, "passive", "resolve_hostname"),
            allow_foreign_address=setting(s.passive.allow_foreign_address, "passive", "allow_foreign_address"),
        ),
        commands=model.Commands(accepted=accepted, origins={c: command_origin for c in model.DATA_COMMANDS}),
        tls=model.Tls(
            mode=setting(s.tls.mode, "tls", "mode"),
            required_for_login=setting(s.tls.required_for_login, "tls", "required_for_login"),
            required_for_data=setting(s.tls.required_for_data, "tls", "required_for_data"),
            anonymous_allowed=setting(s.tls.anonymous_allowed, "tls", "anonymous_allowed"),
            protocols=setting(tuple(s.tls.protocols), "tls", "protocols"),
            session_reuse_required=setting(s.tls.session_reuse_required, "tls", "session_reuse_required"),
        ),
        access=model.Access(**{name: setting(getattr(s.access, name), "access", name) for name in _ACCESS}),
        limits=model.Limits(
            max_clients=setting(s.limits.max_clients, "limits", "max_clients"),
            max_per_ip=setting(s.limits.max_per_ip, "limits", "max_per_ip"),
        ),
        extras=tuple(
            model.Extra(
                name=e.name,
                value=e.value,
                origin=_extra_origin(text, path, e.name),
                dialect=e.dialect,
                section=e.section,
            )
            for e in s.extras
        ),
    )


def _set_keys(s: NeutralServer) -> set[str]:
    found: set[str] = set()
    for section in ("listen", "active", "passive", "tls", "access", "limits"):
        part = getattr(s, section)
        found.update(f"{section}.{name}" for name in part.model_fields_set)
    return found


def _extra_origin(text: str, path: str, name: str) -> model.Origin:
    line = _name_lines(text).get(json.dumps(name), 1)
    return model.Origin(kind="file", path=path, line=line, column=1, detail=f"extra {name}")


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_NAME_KEY = re.compile(r"\bname\b")


@functools.lru_cache(maxsize=4)
def _name_lines(text: str) -> dict[str, int]:
    """Each quoted string on a line that has a ``name`` key -> the first such line (built once per text)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if _NAME_KEY.search(line):
            for quoted in _QUOTED.findall(line):
                found.setdefault(quoted, number)
    return found


