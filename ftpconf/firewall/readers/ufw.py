"""ufw: /etc/ufw/user.rules and user6.rules (read through their ``### tuple ###`` lines), ``ufw status``
output, and the files that set the defaults (/etc/default/ufw, /etc/ufw/ufw.conf).

ufw's stock before.rules accepts RELATED and ESTABLISHED traffic and loopback; a ``*raw`` block with
``-j CT --helper ftp`` appended to before.rules (the only way to get the helper under ufw) is read
with the iptables reader.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ftpconf.diagnostics import Diagnostic
from ftpconf.firewall.policy import BOTH, Chain, Family, FirewallError, HelperAttach, Match, Ports, Rule, Ruleset
from ftpconf.firewall.readers import iptables
from ftpconf.firewall.readers.common import ReadResult, port_range
from ftpconf.source import SourceFile, Span

TUPLE = re.compile(r"^\s*### tuple ### (.*)$")
ACTIONS = {"allow": "accept", "limit": "accept", "deny": "drop", "reject": "drop"}
ANYWHERE = {"0.0.0.0/0", "::/0", "any", "Anywhere", "Anywhere (v6)"}
STATUS_LINE = re.compile(
    r"^(?:\[\s*\d+\]\s*)?(?P<to>.+?)\s{2,}"  # "[ 1] " in numbered output
    r"(?P<action>(?:ALLOW|DENY|REJECT|LIMIT)(?: (?:IN|OUT|FWD))?)\s+(?P<from>.+?)\s*$"
)


@dataclass
class _Ufw:
    enabled: bool = True
    input_policy: str = "drop"
    output_policy: str = "accept"
    input_span: Span | None = None
    output_span: Span | None = None
    rules: dict[str, list[Rule]] = field(default_factory=lambda: {"in": [], "out": []})
    families: set[Family] = field(default_factory=set)
    notes: list[Diagnostic] = field(default_factory=list)


def is_ufw_rules(text: str) -> bool:
    return "### tuple ###" in text or ":ufw-user-input" in text or ":ufw6-user-input" in text


def is_status(text: str) -> bool:
    return re.match(r"\s*Status: (active|inactive)\b", text) is not None


def _ports(text: str, path: str, line: int) -> Ports | None:
    if text == "any":
        return None
    return Ports.of(port_range(item, ":", path, line) for item in text.split(","))


def _tuple_rule(words: list[str], span: Span, family: Family) -> tuple[str, Rule] | None:
    """``action proto dport dst sport src [dapp sapp] direction[_iface] [comment=hex]``."""
    words = [w for w in words if not w.startswith("comment=")]
    if len(words) not in (7, 9):
        raise FirewallError(span.path, span.line, f"ufw tuple with {len(words)} fields (7 or 9 expected)")
    action_word, proto, dport, dst, sport, src = words[:6]
    direction = words[-1]
    if action_word.startswith("route:"):
        return None  # routed (forwarded) traffic, not this host's
    action = ACTIONS.get(action_word.split("_", 1)[0])
    if action is None:
        raise FirewallError(span.path, span.line, f"unknown ufw action {action_word!r}")
    restrictions = []
    if dst not in ANYWHERE:
        restrictions.append(f"destination {dst}")
    if src not in ANYWHERE:
        restrictions.append(f"source {src}")
    hook, _, interface = direction.partition("_")
    if interface:
        restrictions.append(f"interface {interface}")
    match = Match(
        families=frozenset((family,)),
        dports=_ports(dport, span.path, span.line),
        sports=_ports(sport, span.path, span.line),
        restriction=", ".join(restrictions) or None,
        never=None if proto in ("tcp", "any") else f"protocol {proto}",
        port_span=span,
    )
    return ("in" if hook == "in" else "out"), Rule(match, action, span)  # type: ignore[arg-type]


def _read_rules_file(ufw: _Ufw, source: SourceFile) -> None:
    family: Family = "ipv6" if "user6" in os.path.basename(source.path) or ":ufw6-" in source.text else "ipv4"
    ufw.families.add(family)
    for number, line in enumerate(source.text.split("\n"), 1):
        m = TUPLE.match(line)
        if m:
            found = _tuple_rule(m.group(1).split(), Span(source.path, number, 1, len(line.rstrip()) + 1), family)
            if found is not None:
                ufw.rules[found[0]].append(found[1])


def _read_defaults(ufw: _Ufw, source: SourceFile) -> None:
    for number, line in enumerate(source.text.split("\n"), 1):
        m = re.match(r'\s*(DEFAULT_INPUT_POLICY|DEFAULT_OUTPUT_POLICY|ENABLED)\s*=\s*"?(\w+)"?', line)
        if not m:
            continue
        span = Span(source.path, number, 1, len(line.rstrip()) + 1)
        key, value = m.group(1), m.group(2).lower()
        if key == "ENABLED":
            ufw.enabled = value == "yes"
        elif key == "DEFAULT_INPUT_POLICY":
            ufw.input_policy, ufw.input_span = ("accept" if value == "accept" else "drop"), span
        else:
            ufw.output_policy, ufw.output_span = ("accept" if value == "accept" else "drop"), span


def _status_port(text: str, path: str, line: int) -> tuple[Ports | None, str | None, str | None]:
    """The To or From column: ``21/tcp``, ``30000:30009/tcp``, ``20,21/tcp``, ``Anywhere``, ``10.0.0.0/8 21/tcp``,
    ``990/tcp on eth0``; returns (ports, protocol, restriction)."""
    text = text.replace(" (v6)", "")
    restriction = None
    interface = re.search(r"\s+on\s+(\S+)$", text)
    if interface:
        restriction = f"interface {interface.group(1)}"
        text = text[: interface.start()]
    words = text.split()
    if not words:
        return None, None, restriction
    address = None
    if len(words) == 2 or (words[0] not in ("Anywhere",) and not re.match(r"^[\d:,]+(/\w+)?$", words[0])):
        address = words[0]
        words = words[1:]
    if address and address not in ANYWHERE:
        restriction = ", ".join(r for r in (f"address {address}", restriction) if r)
    if not words or words[0] in ANYWHERE:
        return None, None, restriction
    port_text, _, proto = words[0].partition("/")
    if not re.match(r"^[\d:,]+$", port_text):
        return None, "app", restriction  # an application profile: its ports are in applications.d
    return Ports.of(port_range(p, ":", path, line) for p in port_text.split(",")), proto or None, restriction


def _read_status(ufw: _Ufw, source: SourceFile) -> None:
    from ftpconf.rules.firewall import FIREWALL_INPUT_NOT_UNDERSTOOD

    for number, line in enumerate(source.text.split("\n"), 1):
        span = Span(source.path, number, 1, len(line.rstrip()) + 1)
        text = line.rstrip()
        if text.startswith("Status:"):
            ufw.enabled = text.split(":", 1)[1].strip() == "active"
            continue
        defaults = re.match(r"Default: (\w+) \(incoming\), (\w+) \(outgoing\)", text)
        if defaults:
            ufw.input_policy = "accept" if defaults.group(1) == "allow" else "drop"
            ufw.output_policy = "accept" if defaults.group(2) == "allow" else "drop"
            ufw.input_span = ufw.output_span = span
            continue
        m = STATUS_LINE.match(text)
        if not m or m.group("to").strip() in ("To", "--"):
            continue
        family: Family = "ipv6" if "(v6)" in m.group("to") or "(v6)" in m.group("from") else "ipv4"
        ufw.families.add(family)
        dports, proto, to_restriction = _status_port(m.group("to"), source.path, number)
        if proto == "app":
            ufw.notes.append(FIREWALL_INPUT_NOT_UNDERSTOOD.at(
                span, f"ufw application profile {m.group('to').strip()!r}: its ports are not counted"))
            continue
        sports, _, from_restriction = _status_port(m.group("from"), source.path, number)
        action_word, _, direction = m.group("action").partition(" ")
        if direction == "FWD":
            continue
        restriction = ", ".join(r for r in (to_restriction, from_restriction) if r) or None
        match = Match(families=frozenset((family,)), dports=dports, sports=sports, restriction=restriction,
                      never=None if proto in (None, "tcp") else f"protocol {proto}", port_span=span)
        ufw.rules["out" if direction == "OUT" else "in"].append(
            Rule(match, ACTIONS[action_word.lower()], span))  # type: ignore[arg-type]


def read(sources: list[SourceFile]) -> ReadResult:
    ufw = _Ufw()
    result = ReadResult(texts={s.path: s.text for s in sources})
    helpers: list[HelperAttach] = []
    filters = False  # before.rules alone carries helpers, not the user's rules or policies
    for source in sources:
        name = os.path.basename(source.path)
        if is_status(source.text):
            filters = True
            _read_status(ufw, source)
        elif name in ("ufw", "ufw.conf") or re.search(r"^\s*(DEFAULT_INPUT_POLICY|ENABLED)\s*=", source.text, re.M):
            filters = True
            _read_defaults(ufw, source)
        elif "### tuple ###" in source.text or name.startswith("user"):
            filters = True
            _read_rules_file(ufw, source)
        else:  # before.rules and friends: only a *raw helper block matters
            family: frozenset[Family] = frozenset(("ipv6",)) if "6" in name else frozenset(("ipv4",))
            helpers.extend(h for r in iptables.read(source, family, "ufw").rulesets for h in r.helpers)
    result.notes.extend(ufw.notes)
    if not filters:
        result.rulesets.append(Ruleset(sources[0].path, "ufw", BOTH, helpers=helpers))
        return result
    if not ufw.enabled:
        return result  # "Status: inactive" / ENABLED=no: nothing is filtered
    families = frozenset(ufw.families) or BOTH
    ruleset = Ruleset(sources[0].path, "ufw", families, helpers=helpers)
    before = [Rule(Match(states=frozenset({"established", "related"})), "accept", Span(sources[0].path, 1))]
    ruleset.chains["input"] = Chain("input", before + ufw.rules["in"], "in", ufw.input_policy,  # type: ignore[arg-type]
                                    ufw.input_span, families)
    ruleset.chains["output"] = Chain("output", before + ufw.rules["out"], "out",
                                     ufw.output_policy, ufw.output_span, families)  # type: ignore[arg-type]
    result.rulesets.append(ruleset)
    return result
