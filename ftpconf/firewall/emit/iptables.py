"""iptables-restore format (``/etc/iptables/rules.v4`` / ``rules.v6``), one address family per file.

``--format iptables`` is the IPv4 file, ``--format ip6tables`` the IPv6 one: the two tools never
share a file.  Loading replaces the ``raw`` (when a helper is attached) and ``filter`` tables; the
FORWARD chain is left out, so its policy stays what it was (docs/firewall.md §1a, §2.2, §4).
"""

from __future__ import annotations

from ftpconf.firewall.emit import common
from ftpconf.firewall.emit.plan import Family, IPAddress, Plan
from ftpconf.model import PortRange


def emit(plan: Plan) -> str:
    return _emit(plan, 4)


def emit6(plan: Plan) -> str:
    return _emit(plan, 6)


def _emit(full: Plan, family: Family) -> str:
    fmt, tool, other, other_fmt = (
        ("iptables", "iptables-restore", 6, "ip6tables")
        if family == 4
        else ("ip6tables", "ip6tables-restore", 4, "iptables")
    )
    plan = full.for_family(family)
    notes = [
        f"A complete IPv{family} inbound policy for this FTP server: INPUT drops what is not accepted here. "
        f"Add the host's other services (e.g. ssh: -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT) before loading. "
        f"Load: {tool} < FILE (replaces the {'raw and filter tables' if plan.helpers else 'filter table'})."
    ]
    if other in full.families:
        notes.append(f"The config also listens on IPv{other}: see --format {other_fmt}.")
    if not plan.openings:
        notes.append(f"No server listens on IPv{family}: nothing FTP is opened in this file.")
    lines = common.head(full, fmt, notes)
    if plan.helpers:
        lines += ["*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
        lines += common.comment([common.helper_why(plan.helpers)])
        for helper in plan.helpers:
            lines.append(f"-A PREROUTING{_dest(helper.address)} -p tcp -m tcp --dport {helper.port} -j CT --helper ftp")
        lines.append("COMMIT")
    lines += [
        "*filter",
        ":INPUT DROP [0:0]",
        ":OUTPUT ACCEPT [0:0]",
        "-A INPUT -i lo -j ACCEPT",
        "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    ]
    if family == 6:
        lines.append("-A INPUT -p ipv6-icmp -j ACCEPT")  # neighbour discovery: IPv6 stops working without it
    for opening in plan.openings:
        lines += common.comment([common.what(opening)])
        lines.append(
            f"-A INPUT{_dest(opening.address)} -p tcp -m conntrack --ctstate NEW -m tcp --dport {_ports(opening.ports)}"
            " -j ACCEPT"
        )
    lines += common.egress_comment(plan, _egress)
    lines.append("COMMIT")
    return "\n".join(lines) + "\n"


def _dest(address: IPAddress | None) -> str:
    return "" if address is None else f" -d {address}/{address.max_prefixlen}"


def _ports(ports: PortRange) -> str:
    return common.port_span(ports, ":")


_egress = common.egress_rules(
    {
        "sport": "-A OUTPUT -p tcp -m tcp --sport {source_port} -m conntrack --ctstate NEW -j ACCEPT    ({server})",
        "related": "-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT    ({server}, through the helper)",
        "any": "-A OUTPUT -p tcp -m conntrack --ctstate NEW -j ACCEPT    ({server}: TLS, ephemeral source port)",
    }
)
