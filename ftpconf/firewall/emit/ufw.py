"""ufw: a shell script of ``ufw allow`` commands, each one accepted by ``ufw --dry-run`` on its own.

ufw's defaults (incoming deny, outgoing allow, RELATED/ESTABLISHED accepted in before.rules) are
the baseline, so only the openings are commands.  ``to any`` opens IPv4 and IPv6 (with ufw's
IPV6=yes); ``to 0.0.0.0/0`` or ``to ::/0`` keeps a rule to one family.  ufw has no command for a
conntrack helper: the raw-table block for /etc/ufw/before.rules is printed as a comment
(docs/firewall.md §1d, §2.2, §4).
"""

from __future__ import annotations

import shlex

from ftpconf.firewall.emit import common
from ftpconf.firewall.emit.plan import Family, IPAddress, Plan
from ftpconf.model import PortRange

USAGE = (  # the advice at the top of the file
    "ufw commands for this FTP server; ufw's default incoming policy (deny) keeps everything else "
    "closed. Run as root, then `ufw enable` if ufw is not active yet."
)


def emit(plan: Plan) -> str:
    lines = common.head(plan, "ufw", [USAGE], interpreter="#!/bin/sh")
    lines.append("set -e")
    for opening in plan.openings:
        lines += common.comment([common.what(opening)])
        label = f"ftpconf {opening.purpose}: {', '.join(opening.servers)}"
        lines.append(
            f"ufw allow proto tcp to {_to(opening.address, opening.families)} port {_ports(opening.ports)}"
            f" comment {shlex.quote(label)}"
        )
    if plan.helpers:
        lines += common.comment([common.helper_why(plan.helpers)])
    for family, name in ((4, "before.rules"), (6, "before6.rules")):
        helpers = [h for h in plan.helpers if family in h.families]
        if not helpers:
            continue
        lines += common.comment([f"ufw cannot attach a helper itself: append to /etc/ufw/{name}, then `ufw reload`:"])
        lines += ["#   *raw", "#   :PREROUTING ACCEPT [0:0]"]
        for helper in helpers:
            dest = "" if helper.address is None else f" -d {helper.address}"
            lines.append(f"#   -A PREROUTING{dest} -p tcp --dport {helper.port} -j CT --helper ftp")
        lines.append("#   COMMIT")
    lines += common.egress_comment(plan, _egress)
    return "\n".join(lines) + "\n"


def _to(address: IPAddress | None, families: frozenset[Family]) -> str:
    return str(address) if address is not None else common.by_family(families, "0.0.0.0/0", "::/0", "any")


def _ports(ports: PortRange) -> str:
    return common.port_span(ports, ":")


_egress = common.egress_rules(
    {
        "sport": "ufw allow out proto tcp from any port {source_port}    ({server})",
        "related": "(nothing: before.rules accepts RELATED, and the helper makes it so)    ({server})",
        "any": "ufw default allow outgoing    ({server}: TLS, ephemeral source port)",
    }
)
