"""An observation for people: what the server said and which data connections worked (``probe`` without
``--config``, and above the findings with it)."""

from __future__ import annotations

from ftpconf.probe.observation import CommandProbe, Observation

_WORDS = {
    "ok": "data connection ok",
    "timeout": "data connection timed out",
    "refused": "data connection refused",
    "unreachable": "data connection unreachable",
    "closed": "data connection closed by the server",
    "error": "data connection failed",
}


def render(seen: Observation) -> str:
    tls = {"off": "plain FTP", "explicit": "explicit TLS", "implicit": "implicit TLS"}[seen.tls]
    reached = f" ({seen.address})" if seen.address != seen.host else ""
    lines = [
        f"probe {_hostport(seen.host, seen.port)}{reached} as {seen.user}, {tls}, {seen.seconds:g} s",
        f"  banner    {_one_line(seen.banner)}",
        f"  login     {_one_line(seen.login_reply)}",
        f"  TLS       {_tls(seen)}",
    ]
    if seen.features:
        lines.append(f"  FEAT      {' '.join(seen.features)}")
    lines.append("Data connections")
    lines += [f"  {_command(c)}" for c in seen.commands]
    lines.append(f"  passive ports seen: {_ports(seen.passive_ports)}")
    lines += [f"  - {note}" for note in _notes(seen)]
    return "\n".join(lines) + "\n"


def _hostport(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _one_line(text: str) -> str:
    return " / ".join(part.strip() for part in text.splitlines() if part.strip()) or "(none)"


def _tls(seen: Observation) -> str:
    if seen.tls_offered is None:
        return "not asked"
    return f"{'offered' if seen.tls_offered else 'not offered'} ({_one_line(seen.tls_reply)})"


def _command(probe: CommandProbe) -> str:
    verdict = "accepted" if probe.accepted else "refused " if probe.code is not None else "not sent"
    head = f"{probe.command:<5} {verdict}  {_one_line(probe.reply) if probe.reply else ''}".rstrip()
    if not probe.accepted:
        return head
    data = probe.data
    if data.status == "not-tried":
        return f"{head}\n        no data connection: {data.note}"
    where = f" {'from' if probe.command in ('PORT', 'EPRT') else 'to'} {_hostport(data.address or '?', data.port or 0)}"
    return f"{head}\n        {_WORDS[data.status]}{where if data.address else ''} in {data.seconds:.2f} s"


def _ports(ports: tuple[int, ...]) -> str:
    if not ports:
        return "none"
    distinct = sorted(set(ports))
    return f"{distinct[0]}-{distinct[-1]} ({len(ports)} replies, {len(distinct)} distinct ports)"


def _notes(seen: Observation) -> list[str]:
    notes = list(seen.notes)
    notes += [f"{c.command}: {c.data.note}" for c in seen.commands if c.data.note and c.data.status != "not-tried"]
    notes += [f"{c.command}: {c.data.error}" for c in seen.commands if c.data.status == "error" and c.data.error]
    return notes
