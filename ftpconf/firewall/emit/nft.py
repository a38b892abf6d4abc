"""nftables: one ``inet ftpconf`` table for ``nft -f``, checked with ``nft -c -f`` (docs/firewall.md §1b, §4).

The table is replaced as a whole on every load (``table`` + ``delete table`` + definition), so a
reload never duplicates rules and nothing outside the table is touched.  Its input chain drops by
default, like the minimal ruleset of docs/firewall.md §4.1; every statement ends with a newline (a statement
followed by ``}`` on one line is a syntax error).
"""

from __future__ import annotations

from ftpconf.firewall.emit import common
from ftpconf.firewall.emit.plan import Egress, Family, IPAddress, Plan
from ftpconf.model import PortRange

TABLE = "ftpconf"
HELPER = "ftp-standard"
T = "\t"

USAGE = (  # the advice at the top of the file
    "A complete inbound policy for this FTP server in its own table: anything not accepted here is "
    "dropped, even if another table accepts it. Add the host's other services (e.g. ssh: "
    '"tcp dport 22 ct state new accept") to chain input before loading. '
    "Load: nft -f FILE; check only: nft -c -f FILE."
)


def emit(plan: Plan) -> str:
    lines = common.head(plan, "nft", [USAGE], interpreter="#!/usr/sbin/nft -f")
    lines += ["", f"table inet {TABLE}", f"delete table inet {TABLE}", f"table inet {TABLE} {{"]
    if plan.helpers:
        lines += [
            f"{T}ct helper {HELPER} {{",
            f'{T}{T}type "ftp" protocol tcp',
            f"{T}{T}l3proto inet",
            f"{T}}}",
            "",
            f"{T}chain prerouting {{",
            f"{T}{T}type filter hook prerouting priority filter; policy accept;",
        ]
        lines += common.comment([common.helper_why(plan.helpers)], indent=T * 2)
        for helper in plan.helpers:
            lines.append(
                f'{T}{T}{_match(helper.address, helper.families)}tcp dport {helper.port} ct helper set "{HELPER}"'
            )
        lines += [f"{T}}}", ""]
    lines += [
        f"{T}chain input {{",
        f"{T}{T}type filter hook input priority filter; policy drop;",
        f'{T}{T}iif "lo" accept',
        f"{T}{T}ct state established,related accept",
        f"{T}{T}meta l4proto ipv6-icmp accept",  # neighbour discovery: IPv6 stops working without it
    ]
    for opening in plan.openings:
        lines += common.comment([common.what(opening)], indent=T * 2)
        lines.append(
            f"{T}{T}{_match(opening.address, opening.families)}tcp dport {_ports(opening.ports)} ct state new accept"
        )
    lines += [
        f"{T}}}",
        "",
        f"{T}chain output {{",
        f"{T}{T}type filter hook output priority filter; policy accept;",
        *common.egress_comment(plan, _egress, indent=T * 2),
        f"{T}}}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _match(address: IPAddress | None, families: frozenset[Family]) -> str:
    if address is not None:
        return f"ip daddr {address} " if address.version == 4 else f"ip6 daddr {address} "
    return common.by_family(families, "meta nfproto ipv4 ", "meta nfproto ipv6 ", "")


def _ports(ports: PortRange) -> str:
    return common.port_span(ports, "-")


_EGRESS: dict[common.EgressKind, str] = {
    "sport": "tcp sport {source_port} ct state new accept    # {server}",
    "related": "ct state related accept    # {server}, through the helper",
    "any": "meta l4proto tcp ct state new accept    # {server}: TLS, ephemeral source port",
}


def _egress(kind: common.EgressKind, item: Egress) -> str:
    return _match(None, item.families) + common.egress_rules(_EGRESS)(kind, item)
