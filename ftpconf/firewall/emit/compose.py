"""docker compose: the ``ports:`` a service needs, as an override file merged with ``-f``.

``docker compose -f compose.yaml -f THIS config`` appends these ports to the service's own.  The
passive range is published 1:1 because the server puts its *own* (container) port numbers into
its 227/229 replies: a shifted mapping sends clients to ports nothing listens on.  Entries are
quoted: unquoted ``21:21`` is the base-60 integer 1281 to a YAML 1.1 reader such as compose v1
(docs/firewall.md §1e).  Listen addresses are the container's, not the host's, so they do not
become ``host_ip``; published ports bypass the host's INPUT chain, so no helper applies here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ftpconf.firewall.emit.common import head
from ftpconf.firewall.emit.plan import Plan
from ftpconf.model import PortRange

DEFAULT_SERVICE = "ftp"


def emit(plan: Plan, service: str = DEFAULT_SERVICE) -> str:
    notes = [
        f"Ports for the compose service {service!r}: merge with `docker compose -f compose.yaml -f THIS-FILE up`.",
        "PASV/EPSV replies carry the container's own port numbers, so the passive range is published 1:1 "
        "(host port = container port); never shift it, and make the advertised passive address the host's.",
    ]
    if plan.helpers:
        notes.append(
            "Active mode from a container goes out through Docker's NAT: for plain FTP the host needs the FTP "
            "conntrack helper (nf_nat_ftp) to rewrite PORT/EPRT; published ports never pass the INPUT chain."
        )
    lines = head(plan, "compose", notes)
    lines += ["services:", f"  {_key(service)}:", "    ports:"]
    for ports in _union(o.ports for o in plan.openings):
        text = str(ports.low) if ports.size == 1 else f"{ports.low}-{ports.high}"
        lines.append(f'      - "{text}:{text}"')
    return "\n".join(lines) + "\n"


def _union(ranges: Iterable[PortRange]) -> list[PortRange]:
    """Overlapping ranges merged: Docker refuses to publish one host port twice."""
    merged: list[PortRange] = []
    for ports in sorted(ranges, key=lambda p: (p.low, p.high)):
        if merged and ports.low <= merged[-1].high:
            last = merged.pop()
            ports = PortRange(low=last.low, high=max(last.high, ports.high))
        merged.append(ports)
    return merged


def _key(name: str) -> str:
    """A YAML mapping key: plain when it is a safe service name, else double-quoted."""
    if name and all(c.isalnum() or c in "._-" for c in name) and name[0].isalnum():
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
