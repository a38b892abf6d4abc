"""firewalld's permanent configuration: zone, service and helper XML files, and firewalld.conf.

A zone opens its ``<service>``s' ports, its ``<port>``s and its rich rules; anything else meets the
zone's target (``default`` rejects).  A packet meets exactly one zone, picked by interface or source,
so a port counts as open only if every zone in use opens it.  The ftp service brings the ftp helper,
which firewalld attaches on the *helper's* port (21), not the service's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from ftpconf.diagnostics import Diagnostic
from ftpconf.firewall.policy import BOTH, Chain, Family, FirewallError, HelperAttach, Match, Ports, Rule, Ruleset
from ftpconf.firewall.readers.common import ReadResult, port_range
from ftpconf.source import SourceFile, Span, printable

# The stock services (/usr/lib/firewalld/services, firewalld 1.3) a zone most often names: TCP ports, helpers.
STOCK_SERVICES: dict[str, tuple[tuple[tuple[int, int], ...], tuple[str, ...]]] = {
    "ftp": (((21, 21),), ("ftp",)),
    "ssh": (((22, 22),), ()),
    "telnet": (((23, 23),), ()),
    "smtp": (((25, 25),), ()),
    "dns": (((53, 53),), ()),
    "http": (((80, 80),), ()),
    "https": (((443, 443),), ()),
    "imaps": (((993, 993),), ()),
    "pop3s": (((995, 995),), ()),
    "mysql": (((3306, 3306),), ()),
    "postgresql": (((5432, 5432),), ()),
    "cockpit": (((9090, 9090),), ()),
    "dhcpv6-client": ((), ()),
    "mdns": ((), ()),
    "samba-client": ((), ()),  # its netbios-ns helper is for UDP
}
STOCK_HELPER_PORTS = {"ftp": Ports.single(21)}
MODULE_HELPERS = {"nf_conntrack_ftp": "ftp", "ip_conntrack_ftp": "ftp"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    span: Span
    children: list[Element] = field(default_factory=list)

    def all(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]


_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def parse_xml(source: SourceFile) -> Element:
    """The document as a small tree whose elements know their line and column."""
    parser = expat.ParserCreate()
    stack: list[Element] = []
    root: list[Element] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        span = Span(source.path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        element = Element(tag, attrs, span)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(source.raw, True)
    except expat.ExpatError as exc:
        raise FirewallError(source.path, exc.lineno, f"not well-formed XML: {expat.ErrorString(exc.code)}") from None
    except (LookupError, ValueError):  # expat asks Python's codecs for an encoding it lacks: unknown, or unusable
        declared = _DECLARED_ENCODING.search(source.raw[:1024])
        name = printable(declared.group(1).decode("ascii", "surrogateescape")) if declared else "?"
        raise FirewallError(
            source.path, 1, f"the XML declaration names encoding '{name}': it cannot be read, nor can firewalld load it"
        ) from None
    if not root:
        raise FirewallError(source.path, None, "no XML element")
    return root[0]


def xml_kind(source: SourceFile) -> str | None:
    head = re.sub(r"<\?xml[^>]*\?>|<!--.*?-->", "", source.text[:4000], flags=re.S).lstrip()
    m = re.match(r"<(zone|service|helper|policy|ipset|icmptype|direct)\b", head)
    return m.group(1) if m else None


@dataclass
class _Service:
    ports: list[tuple[int, int]]
    helpers: list[str]
    includes: list[str]


@dataclass
class _Config:
    zones: dict[str, Element] = field(default_factory=dict)
    services: dict[str, _Service] = field(default_factory=dict)
    helper_ports: dict[str, Ports] = field(default_factory=lambda: dict(STOCK_HELPER_PORTS))
    default_zone: str = "public"
    default_zone_span: Span | None = None


def _name(source: SourceFile) -> str:
    return os.path.basename(source.path).removesuffix(".xml")


def _ports_of(element: Element) -> tuple[int, int] | None:
    if element.attrs.get("protocol", "tcp") != "tcp":
        return None
    text = element.attrs.get("port", "")
    if not text:
        raise FirewallError(element.span.path, element.span.line, "<port> without port=")
    return port_range(text, "-", element.span.path, element.span.line)


def read(sources: list[SourceFile]) -> ReadResult:
    config = _Config()
    texts = {s.path: s.text for s in sources}
    for source in sources:
        if os.path.basename(source.path) == "firewalld.conf":
            for number, line in enumerate(source.text.split("\n"), 1):
                m = re.match(r"\s*DefaultZone\s*=\s*(\S+)", line)
                if m:
                    config.default_zone = m.group(1)
                    config.default_zone_span = Span(source.path, number, 1, len(line.rstrip()) + 1)
            continue
        root = parse_xml(source)
        if root.tag == "zone":
            config.zones[_name(source)] = root
        elif root.tag == "service":
            config.services[_name(source)] = _Service(
                [p for e in root.all("port") if (p := _ports_of(e)) is not None],
                [e.attrs.get("name", "") for e in root.all("helper")]
                + [MODULE_HELPERS.get(e.attrs.get("name", ""), "") for e in root.all("module")],
                [e.attrs.get("service", "") for e in root.all("include")],
            )
        elif root.tag == "helper":
            ports = [p for e in root.all("port") if (p := _ports_of(e)) is not None]
            config.helper_ports[_name(source)] = Ports.of(ports)
    result = ReadResult(texts=texts)
    if not config.zones:
        return result  # services alone open nothing
    ruleset = Ruleset(sources[0].path, "firewalld", BOTH)
    zones = _zones_in_use(config)
    for name in zones:
        chain, helpers, notes = _zone_chain(config, name, config.zones[name])
        ruleset.chains[f"zone {name}"] = chain
        ruleset.helpers.extend(helpers)
        result.notes.extend(notes)
    result.rulesets.append(ruleset)
    return result


def _zones_in_use(config: _Config) -> list[str]:
    """Zones bound to an interface or source, and the default zone (for every other interface)."""
    used = [n for n, z in config.zones.items() if z.all("interface") or z.all("source") or n == config.default_zone]
    return used or list(config.zones)


def _service(
    config: _Config, name: str, seen: frozenset[str] = frozenset()
) -> tuple[list[tuple[int, int]], list[str]] | None:
    if name in config.services:
        service = config.services[name]
        ports, helpers = list(service.ports), [h for h in service.helpers if h]
        for included in service.includes:
            if included not in seen:
                inner = _service(config, included, seen | {name})
                if inner is not None:
                    ports += inner[0]
                    helpers += inner[1]
        return ports, helpers
    if name in STOCK_SERVICES:
        ports_t, helpers_t = STOCK_SERVICES[name]
        return list(ports_t), list(helpers_t)
    return None


def _zone_chain(config: _Config, name: str, zone: Element) -> tuple[Chain, list[HelperAttach], list[Diagnostic]]:
    from ftpconf.rules.firewall import FIREWALL_INPUT_NOT_UNDERSTOOD

    notes: list[Diagnostic] = []
    restriction = None  # zones are alternatives: policy._one_of tells "open in one zone only"
    target = zone.attrs.get("target", "default")
    chain = Chain(f"zone {name}", hook="in", zone=name, policy="accept" if target == "ACCEPT" else "drop",
                  policy_span=zone.span)
    chain.rules.append(Rule(Match(states=frozenset({"established", "related"})), "accept", zone.span))
    helpers: list[HelperAttach] = []
    allow: list[Rule] = []
    deny: list[Rule] = []
    for element in zone.children:
        if element.tag == "service":
            found = _service(config, element.attrs.get("name", ""))
            if found is None:
                notes.append(FIREWALL_INPUT_NOT_UNDERSTOOD.at(
                    element.span, f"firewalld service {element.attrs.get('name')!r} is not a stock service ftpconf "
                    "knows and no service file for it was given: its ports are not counted"))
                continue
            ports, helper_names = found
            if ports:
                allow.append(Rule(Match(dports=Ports.of(ports), restriction=restriction, port_span=element.span),
                                  "accept", element.span))
            for helper in helper_names:
                if helper in config.helper_ports:
                    helpers.append(HelperAttach(config.helper_ports[helper], BOTH, element.span))
        elif element.tag == "port":
            ports_one = _ports_of(element)
            if ports_one is not None:
                allow.append(Rule(Match(dports=Ports.of([ports_one]), restriction=restriction, port_span=element.span),
                                  "accept", element.span))
        elif element.tag == "rule":
            rule = _rich_rule(config, element, restriction)
            if rule is not None:
                (allow if rule.action == "accept" else deny).append(rule)
    chain.rules.extend(deny + allow)
    return chain, helpers, notes


def _rich_rule(config: _Config, element: Element, restriction: str | None) -> Rule | None:
    by_family: dict[str, frozenset[Family]] = {"ipv4": frozenset(("ipv4",)), "ipv6": frozenset(("ipv6",))}
    families = by_family.get(element.attrs.get("family", ""), BOTH)
    restrictions = [restriction] if restriction else []
    ports: list[tuple[int, int]] = []
    action = None
    for child in element.children:
        if child.tag == "source":
            address = child.attrs.get("address") or child.attrs.get("ipset") or child.attrs.get("mac")
            restrictions.append(f"source {'not ' if child.attrs.get('invert') == 'True' else ''}{address}")
        elif child.tag == "destination":
            restrictions.append(f"destination {child.attrs.get('address')}")
        elif child.tag == "port":
            one = _ports_of(child)
            if one is None:
                return None
            ports.append(one)
        elif child.tag == "service":
            found = _service(config, child.attrs.get("name", ""))
            if found is None or not found[0]:
                return None
            ports.extend(found[0])
        elif child.tag in ("accept", "drop", "reject"):
            action = "accept" if child.tag == "accept" else "drop"
        elif child.tag in ("protocol", "icmp-block", "icmp-type", "masquerade", "forward-port", "source-port"):
            return None  # not about TCP ports on this host
    if action is None:
        return None
    match = Match(families=families, dports=Ports.of(ports) if ports else None,
                  restriction=", ".join(restrictions) or None, port_span=element.span)
    return Rule(match, action, element.span)  # type: ignore[arg-type]
