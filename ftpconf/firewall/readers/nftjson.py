"""``nft -j list ruleset`` (JSON schema 1): the same ruleset as the text listing, as objects.

``nft -j`` prints everything on one line, so each object's span is where it starts (line and column),
found by decoding the top-level array one element at a time.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ftpconf.firewall.policy import BOTH, Chain, Family, FirewallError, HelperAttach, Match, Ports, Rule, Ruleset
from ftpconf.firewall.readers.common import ReadResult, port_range
from ftpconf.firewall.readers.nftables import FAMILIES, HOOKS, STATES
from ftpconf.source import SourceFile, Span

_decoder = json.JSONDecoder()


def _names(right: Any) -> list[Any]:
    """A relation's right side as a list: ``"new"``, ``["established", "related"]`` or ``{"set": [...]}``."""
    if isinstance(right, list):
        return right
    if isinstance(right, dict):
        return list(right.get("set", []))
    return [right]


def _elements(source: SourceFile) -> list[tuple[dict[str, Any], Span]]:
    """The objects of ``{"nftables": [...]}`` with where each one starts."""
    text = source.text
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FirewallError(source.path, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(document, dict) or not isinstance(document.get("nftables"), list):
        raise FirewallError(source.path, 1, 'not nft -j output: expected {"nftables": [...]}')
    start = text.index("[", text.index('"nftables"')) + 1
    out: list[tuple[dict[str, Any], Span]] = []
    position = start
    for _ in document["nftables"]:
        while text[position] in " \t\r\n,":
            position += 1
        item, end = _decoder.raw_decode(text, position)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        end_column = column + (end - position) if "\n" not in text[position:end] else None
        out.append((item, Span(source.path, line, column, end_column)))
        position = end
    return out


def read(source: SourceFile) -> ReadResult:
    items = _elements(source)
    sets: dict[tuple[str, str, str], list[Any]] = {}
    helpers: dict[tuple[str, str, str], str] = {}
    for item, _ in items:
        if "set" in item or "map" in item:
            body = item.get("set") or item.get("map") or {}
            sets[(body["family"], body["table"], body["name"])] = list(body.get("elem", []))
        elif "ct helper" in item and isinstance(item["ct helper"], dict):
            body = item["ct helper"]
            helpers[(body["family"], body["table"], body["name"])] = body.get("type", "")
        elif "element" in item:
            body = item["element"]
            sets.setdefault((body["family"], body["table"], body["name"]), []).extend(body.get("elem", []))
    ruleset = Ruleset(source.path, "nftables", BOTH)
    for item, span in items:
        if "chain" in item:
            body = item["chain"]
            families = FAMILIES.get(body["family"], frozenset())
            key = f"{body['family']} {body['table']} {body['name']}"
            hook = HOOKS.get(body.get("hook", "")) if body.get("type", "filter") == "filter" else None
            existing = ruleset.chains.get(key)
            chain = Chain(key, existing.rules if existing else [], hook, "drop" if body.get("policy") == "drop"  # type: ignore[arg-type]
                          else "accept", span if body.get("policy") else None, families)
            if families:
                ruleset.chains[key] = chain
        elif "rule" in item:
            body = item["rule"]
            families = FAMILIES.get(body["family"], frozenset())
            if not families:
                continue
            key = f"{body['family']} {body['table']} {body['chain']}"
            chain = ruleset.chains.setdefault(key, Chain(key, families=families))
            reader = _Rule(body, families, span, sets, helpers, source.path)
            rules, helper = reader.read()
            chain.rules.extend(rules)
            if helper is not None:
                ruleset.helpers.append(helper)
    return ReadResult(rulesets=[ruleset], texts={source.path: source.text})


class _Rule:
    def __init__(self, body: dict[str, Any], families: frozenset[Family], span: Span,
                 sets: dict[tuple[str, str, str], list[Any]], helpers: dict[tuple[str, str, str], str],
                 path: str) -> None:
        self.family, self.table = body["family"], body["table"]
        self.exprs: list[Any] = body.get("expr", [])
        self.span = span
        self.path = path
        self.sets, self.helpers = sets, helpers
        self.match = Match(families=families, port_span=None)
        self.restrictions: list[str] = []
        self.action = "continue"
        self.target: str | None = None
        self.vmap: list[tuple[Match, str, str | None]] | None = None
        self.helper = False

    def chain_key(self, name: str) -> str:
        return f"{self.family} {self.table} {name}"

    def read(self) -> tuple[list[Rule], HelperAttach | None]:
        for expr in self.exprs:
            self.one(expr)
        match = replace(self.match, restriction=", ".join(self.restrictions) or None)
        helper = HelperAttach(match.dports, match.families if match.never is None else frozenset(), self.span) \
            if self.helper else None
        if self.vmap is not None:
            rules = []
            for entry, action, target in self.vmap:
                one = replace(match, dports=entry.dports or match.dports, states=entry.states or match.states)
                rules.append(Rule(one, action, self.span, target))  # type: ignore[arg-type]
            return rules, helper
        return [Rule(match, self.action, self.span, self.target)], helper  # type: ignore[arg-type]

    def one(self, expr: dict[str, Any]) -> None:
        if not isinstance(expr, dict) or not expr:
            return
        kind, value = next(iter(expr.items()))
        if kind in ("accept", "drop", "return", "continue"):
            self.action = kind
        elif kind == "reject":
            self.action = "drop"
        elif kind in ("jump", "goto"):
            self.action, self.target = kind, self.chain_key(value["target"])
        elif kind == "queue":
            self.action = "accept"
        elif kind == "ct helper" and isinstance(value, str):
            self.helper = self.helpers.get((self.family, self.table, value), "") == "ftp"
        elif kind == "match":
            self.relation(value["left"], value.get("op", "=="), value["right"])
        elif kind == "vmap":
            self.verdict_map(value["key"], value["data"])
        elif kind == "xt":
            self.restrictions.append(f"iptables-nft rule (xt {value.get('type')} {value.get('name')})")
        elif kind in ("counter", "log", "limit", "comment", "notrack", "mangle", "meter", "set", "masquerade", "snat",
                      "dnat", "redirect"):
            if kind == "limit" and isinstance(value, dict) and value.get("inv"):
                self.restrictions.append("limit rate over")
        else:
            self.restrictions.append(kind)

    def relation(self, left: Any, op: str, right: Any) -> None:
        if not isinstance(left, dict):
            self.restrictions.append("match")
            return
        if "payload" in left:
            protocol, field_name = left["payload"].get("protocol"), left["payload"].get("field")
            if protocol in ("tcp", "th") and field_name in ("dport", "sport"):
                ports = self.ports(right)
                ports = ports.complement() if op == "!=" else ports
                if field_name == "dport":
                    self.match = replace(self.match, dports=ports)
                else:
                    self.match = replace(self.match, sports=ports)
            elif protocol in ("udp", "sctp", "dccp", "icmp", "icmpv6"):
                self.match = replace(self.match, never=f"protocol {protocol}")
            elif protocol in ("ip", "ip6"):
                fam: Family = "ipv4" if protocol == "ip" else "ipv6"
                self.match = replace(self.match, families=self.match.families & frozenset((fam,)))
                if field_name in ("protocol", "nexthdr"):
                    self.protocol(op, right)
                elif field_name in ("saddr", "daddr"):
                    self.restrictions.append(f"{field_name} {json.dumps(right)}")
            else:
                self.restrictions.append(f"{protocol} {field_name}")
        elif "meta" in left:
            key = left["meta"].get("key")
            if key == "l4proto":
                self.protocol(op, right)
            elif key in ("iif", "iifname", "oif", "oifname"):
                if right == "lo" and op == "==":
                    self.match = replace(self.match, never="interface lo")
                elif not (right == "lo" and op == "!="):
                    self.restrictions.append(f"interface {right}")
            elif key == "nfproto":
                names = _names(right)
                fams: set[Family] = {"ipv4" if n == "ipv4" else "ipv6" for n in names}
                self.match = replace(self.match, families=self.match.families & frozenset(fams))
            else:
                self.restrictions.append(f"meta {key}")
        elif "ct" in left:
            key = left["ct"].get("key")
            if key == "state":
                states = frozenset(str(n) for n in _names(right)) & STATES
                self.match = replace(self.match, states=frozenset(STATES - states) if op == "!=" else states)
            elif key == "helper":
                self.match = replace(self.match, states=frozenset({"related", "established"}))
            else:
                self.restrictions.append(f"ct {key}")
        else:
            self.restrictions.append(next(iter(left), "match"))

    def protocol(self, op: str, right: Any) -> None:
        names = _names(right)
        has_tcp = any(n in ("tcp", 6) for n in names)
        if has_tcp == (op == "!="):
            self.match = replace(self.match, never=f"protocol {names}")

    def ports(self, value: Any) -> Ports:
        pairs: list[tuple[int, int]] = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "set" in item:
                pairs.extend(self.ports(item["set"]).intervals)
            elif isinstance(item, dict) and "range" in item:
                low, high = item["range"]
                pairs.append((self.port(low), self.port(high)))
            elif isinstance(item, str) and item.startswith("@"):
                elements = self.sets.get((self.family, self.table, item[1:]))
                if elements is None:
                    raise FirewallError(self.path, self.span.line, f"set {item} does not exist")
                pairs.extend(self.ports(elements).intervals)
            else:
                port = self.port(item)
                pairs.append((port, port))
        return Ports.of(pairs)

    def port(self, value: Any) -> int:
        if isinstance(value, int) and 0 <= value <= 65535:
            return value
        if isinstance(value, str):
            return port_range(value, "-", self.path, self.span.line)[0]
        raise FirewallError(self.path, self.span.line, f"not a port: {json.dumps(value)}")

    def verdict_map(self, key: Any, data: Any) -> None:
        entries = data.get("set", []) if isinstance(data, dict) else []
        if isinstance(data, str) and data.startswith("@"):
            entries = self.sets.get((self.family, self.table, data[1:]), [])
        out: list[tuple[Match, str, str | None]] = []
        is_state = isinstance(key, dict) and "ct" in key
        for entry in entries:
            if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[1], dict) or not entry[1]:
                continue
            verdict, detail = next(iter(entry[1].items()))
            target = self.chain_key(detail["target"]) if verdict in ("jump", "goto") else None
            action = "drop" if verdict == "reject" else verdict if verdict in ("accept", "drop", "return", "jump",
                                                                              "goto") else "continue"
            if is_state:
                names = entry[0] if isinstance(entry[0], list) else [entry[0]]
                out.append((Match(states=frozenset(str(n) for n in names)), action, target))
            else:
                out.append((Match(dports=self.ports(entry[0])), action, target))
        self.vmap = out
