"""nftables text: /etc/nftables.conf (with ``define`` and ``include``), ``nft list ruleset`` output, and
command-style files (``add rule inet filter input ...``).

The reader keeps what decides a TCP connection: base chains on the input/prerouting and
output/postrouting hooks with their policies, rules reduced to :class:`Match`, named and anonymous
sets, verdict maps, and ``ct helper`` objects of type "ftp" attached with ``ct helper set``.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field, replace

from ftpconf.firewall.policy import (
    BOTH,
    Chain,
    Family,
    FirewallError,
    HelperAttach,
    Match,
    Ports,
    Rule,
    Ruleset,
)
from ftpconf.firewall.readers.common import ReadResult, port_range
from ftpconf.integers import is_digits
from ftpconf.source import SourceFile, Span, read_source

FAMILIES: dict[str, frozenset[Family]] = {
    "ip": frozenset(("ipv4",)),
    "ip6": frozenset(("ipv6",)),
    "inet": BOTH,
    "arp": frozenset(),
    "bridge": frozenset(),
    "netdev": frozenset(),
}
HOOKS = {"input": "in", "prerouting": "in", "output": "out", "postrouting": "out"}
VERDICTS = {"accept", "drop", "reject", "return", "continue", "jump", "goto", "queue"}
OPERATORS = {"==", "!=", "eq", "ne", "<", ">", "<=", ">=", "lt", "gt", "le", "ge"}
STATES = {"new", "established", "related", "invalid", "untracked"}
L4 = {"tcp", "udp", "th", "sctp", "dccp", "udplite"}
BARE_META = {"iif", "iifname", "oif", "oifname", "mark", "skuid", "skgid", "pkttype", "iiftype", "oiftype", "cpu",
             "cgroup", "iifgroup", "oifgroup", "nfproto", "l4proto"}
TCP_FLAG_WORDS = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr", "&", "|", "==", "!=", "/", "(", ")"}
TOKEN = re.compile(r'(?P<nl>\n)|(?P<ws>[ \t\r]+|\\\r?\n)|(?P<comment>#[^\n]*)|"(?P<str>[^"\n]*)"|(?P<punct>[{},;])'
                   r'|(?P<word>[^\s{},;"#]+)')
MAX_INCLUDE_DEPTH = 16


@dataclass(frozen=True)
class Tok:
    kind: str  # word, str, punct, nl
    value: str
    path: str
    line: int
    col: int

    @property
    def end(self) -> int:
        return self.col + len(self.value) + (2 if self.kind == "str" else 0)

    def span(self) -> Span:
        return Span(self.path, self.line, self.col, self.end)


@dataclass
class _Chain:
    name: str
    hook: str | None = None
    type: str = "filter"
    policy: str = "accept"
    policy_span: Span | None = None
    rules: list[list[Tok]] = field(default_factory=list)


@dataclass
class _Table:
    family: str
    name: str
    chains: dict[str, _Chain] = field(default_factory=dict)
    sets: dict[str, tuple[str, list[Tok]]] = field(default_factory=dict)  # name -> (type, element tokens)
    helpers: dict[str, str] = field(default_factory=dict)  # ct helper object -> its type
    dormant: bool = False


def tokenize(source: SourceFile) -> list[Tok]:
    out: list[Tok] = []
    line, line_start = 1, 0
    text = source.text
    for m in TOKEN.finditer(text):
        col = m.start() - line_start + 1
        if m.lastgroup == "nl":
            out.append(Tok("nl", "\n", source.path, line, col))
        elif m.lastgroup == "str":
            out.append(Tok("str", m.group("str"), source.path, line, col))
        elif m.lastgroup in ("punct", "word"):
            out.append(Tok(m.lastgroup, m.group(), source.path, line, col))
        if "\n" in m.group():
            line += m.group().count("\n")
            line_start = m.start() + m.group().rindex("\n") + 1
    return out


def _statements(tokens: list[Tok]) -> list[list[Tok]]:
    """Split at newlines and semicolons outside braces; a brace block stays inside its statement."""
    out: list[list[Tok]] = []
    current: list[Tok] = []
    depth = 0
    for tok in tokens:
        if tok.kind == "punct" and tok.value == "{":
            depth += 1
        elif tok.kind == "punct" and tok.value == "}":
            depth -= 1
            if depth < 0:
                raise FirewallError(tok.path, tok.line, "unexpected '}'")
        if depth == 0 and (tok.kind == "nl" or (tok.kind == "punct" and tok.value == ";")):
            if current:
                out.append(current)
            current = []
            continue
        if tok.kind != "nl" or depth > 0:  # a block's own statements still need their newlines
            current.append(tok)
    if depth > 0:
        raise FirewallError(tokens[-1].path, tokens[-1].line, "a '{' is never closed")
    if current:
        out.append(current)
    return out


def _block(statement: list[Tok]) -> tuple[list[Tok], list[Tok] | None]:
    """A statement's head and the tokens inside its (last) brace block, if it has one."""
    for i, tok in enumerate(statement):
        if tok.kind == "punct" and tok.value == "{":
            if statement[-1].value != "}":
                raise FirewallError(tok.path, tok.line, "text after the closing '}'")
            return statement[:i], statement[i + 1 : -1]
    return statement, None


class _Reader:
    def __init__(self) -> None:
        self.tables: dict[tuple[str, str], _Table] = {}
        self.defines: dict[str, list[Tok]] = {}
        self.texts: dict[str, str] = {}
        self.seen: list[str] = []

    # --- files and top-level commands ---------------------------------------------------------------

    def file(self, source: SourceFile, depth: int = 0) -> None:
        if depth > MAX_INCLUDE_DEPTH:
            raise FirewallError(source.path, None, "includes nested too deep (an include loop?)")
        self.texts[source.path] = source.text
        for statement in _statements(tokenize(source)):
            self.top(statement, depth)

    def expand(self, tokens: list[Tok]) -> list[Tok]:
        out: list[Tok] = []
        for tok in tokens:
            if tok.kind == "word" and tok.value.startswith("$"):
                name = tok.value[1:]
                if name not in self.defines:
                    raise FirewallError(tok.path, tok.line, f"undefined variable ${name}")
                out.extend(replace(t, path=tok.path, line=tok.line, col=tok.col) for t in self.defines[name])
            else:
                out.append(tok)
        return out

    def top(self, statement: list[Tok], depth: int) -> None:
        first = statement[0]
        word = first.value
        if word in ("define", "redefine"):
            self.define(statement)
            return
        if word == "undefine" and len(statement) > 1:
            self.defines.pop(statement[1].value, None)
            return
        if word == "include":
            self.include(statement, depth)
            return
        statement = self.expand(statement)
        if word in ("add", "create", "insert", "replace"):
            self.command(word, statement[1:], statement)
        elif word in ("table", "chain", "set", "map", "element", "rule"):
            self.command("add", statement, statement)
        elif word == "flush":
            self.flush(statement)
        elif word == "delete" and len(statement) >= 2 and statement[1].value == "table":
            family, name, _ = self.names(statement[2:], 2, statement)
            self.tables.pop((family, name[0]), None)
        elif word in ("list", "delete", "destroy", "reset", "monitor", "describe", "export", "import"):
            return
        else:
            raise FirewallError(first.path, first.line, f"syntax error, unexpected {word!r}")

    def define(self, statement: list[Tok]) -> None:
        words = statement[1:]
        if words and "=" in words[0].value and words[0].value != "=":  # define X=1
            name, _, rest = words[0].value.partition("=")
            words = [replace(words[0], value=rest, col=words[0].col + len(name) + 1), *words[1:]]
            words = [w for w in words if w.value]
        else:
            if len(words) < 3 or words[1].value != "=":
                raise FirewallError(statement[0].path, statement[0].line, "define needs NAME = value")
            name = words[0].value
            words = words[2:]
        self.defines[name] = self.expand(words)

    def include(self, statement: list[Tok], depth: int) -> None:
        tok = statement[1] if len(statement) > 1 else statement[0]
        if tok.kind != "str":
            raise FirewallError(tok.path, tok.line, 'include needs a quoted file name: include "file"')
        pattern = tok.value
        if not os.path.isabs(pattern):
            pattern = os.path.join(os.path.dirname(tok.path) or ".", pattern)
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        for path in found:
            if path in self.seen:
                raise FirewallError(tok.path, tok.line, f"include loop: {path} is already being read")
            if not os.path.isfile(path):
                raise FirewallError(tok.path, tok.line, f"include {tok.value!r}: no such file ({path})")
            self.seen.append(path)
            try:
                self.file(read_source(path), depth + 1)
            finally:
                self.seen.pop()

    def names(self, words: list[Tok], count: int, statement: list[Tok]) -> tuple[str, list[str], int]:
        """``[family] table [chain ...]``: the family (default ip), ``count`` names, and how many words were used."""
        family = "ip"
        used = 0
        if words and words[0].value in FAMILIES and len(words) > count:
            family = words[0].value
            used = 1
        names = [w.value for w in words[used : used + count]]
        if len(names) < count or any(w.kind == "punct" for w in words[used : used + count]):
            raise FirewallError(statement[0].path, statement[0].line, "missing table or chain name")
        return family, names, used + count

    def table(self, family: str, name: str) -> _Table:
        return self.tables.setdefault((family, name), _Table(family, name))

    def command(self, verb: str, words: list[Tok], statement: list[Tok]) -> None:
        if not words:
            raise FirewallError(statement[0].path, statement[0].line, f"{verb} what?")
        what = words[0].value
        head, body = _block(words[1:]) if what in ("table", "chain", "set", "map", "element") else (words[1:], None)
        if what == "table":
            family, names, _ = self.names(head, 1, statement)
            table = self.table(family, names[0])
            if body is not None:
                self.table_body(table, body)
        elif what == "chain":
            family, names, _ = self.names(head, 2, statement)
            chain = self.table(family, names[0]).chains.setdefault(names[1], _Chain(names[1]))
            if body is not None:
                self.chain_body(chain, body)
        elif what == "rule":
            family, names, used = self.names(words[1:], 2, statement)
            chain = self.table(family, names[0]).chains.setdefault(names[1], _Chain(names[1]))
            rest = [t for t in words[1 + used :] if t.kind != "nl"]
            if rest and rest[0].value in ("position", "index", "handle") and len(rest) > 1:
                rest = rest[2:]
            if rest:
                if verb == "insert":
                    chain.rules.insert(0, rest)
                else:
                    chain.rules.append(rest)
        elif what in ("set", "map"):
            family, names, _ = self.names(head, 2, statement)
            self.set_body(self.table(family, names[0]), names[1], body or [])
        elif what == "element":
            family, names, _ = self.names(head, 2, statement)
            table = self.table(family, names[0])
            kind, elements = table.sets.get(names[1], ("", []))
            body = [t for t in body or [] if t.kind != "nl"]
            table.sets[names[1]] = (kind, [*elements, Tok("punct", ",", "", 0, 0), *body])
        elif what == "ct" and len(words) > 1 and words[1].value == "helper":
            head, body = _block(words[2:])
            family, names, _ = self.names(head, 2, statement)
            self.helper_body(self.table(family, names[0]), names[1], body or [])
        # counters, quotas, flowtables and the like do not filter

    def flush(self, statement: list[Tok]) -> None:
        what = statement[1].value if len(statement) > 1 else ""
        if what == "ruleset":
            self.tables.clear()
        elif what == "table":
            family, names, _ = self.names(statement[2:], 1, statement)
            for chain in self.tables.get((family, names[0]), _Table(family, names[0])).chains.values():
                chain.rules.clear()
        elif what == "chain":
            family, names, _ = self.names(statement[2:], 2, statement)
            table = self.tables.get((family, names[0]))
            if table is not None and names[1] in table.chains:
                table.chains[names[1]].rules.clear()

    # --- blocks -------------------------------------------------------------------------------------

    def table_body(self, table: _Table, body: list[Tok]) -> None:
        for statement in _statements(body):
            statement = self.expand(statement)
            word = statement[0].value
            head, inner = _block(statement[1:])
            if word == "chain" and head:
                chain = table.chains.setdefault(head[0].value, _Chain(head[0].value))
                self.chain_body(chain, inner or [])
            elif word in ("set", "map") and head:
                self.set_body(table, head[0].value, inner or [])
            elif word == "ct" and len(head) >= 2 and head[0].value == "helper":
                self.helper_body(table, head[1].value, inner or [])
            elif word == "flags" and any(t.value == "dormant" for t in statement):
                table.dormant = True

    def chain_body(self, chain: _Chain, body: list[Tok]) -> None:
        for statement in _statements(body):
            statement = self.expand(statement)
            word = statement[0].value
            if word == "type":
                values = [t.value for t in statement]
                chain.type = values[1] if len(values) > 1 else "filter"
                if "hook" in values and values.index("hook") + 1 < len(values):
                    chain.hook = values[values.index("hook") + 1]
            elif word == "policy":
                if len(statement) < 2 or statement[1].value not in ("accept", "drop"):
                    raise FirewallError(statement[0].path, statement[0].line, "policy must be accept or drop")
                chain.policy = statement[1].value
                chain.policy_span = Span(statement[0].path, statement[0].line, statement[0].col, statement[1].end)
            elif word in ("comment", "devices", "device"):
                continue
            else:
                chain.rules.append([t for t in statement if t.kind != "nl"])

    def set_body(self, table: _Table, name: str, body: list[Tok]) -> None:
        kind, elements = table.sets.get(name, ("", []))
        for statement in _statements(body):
            word = statement[0].value
            if word in ("type", "typeof"):
                kind = " ".join(t.value for t in statement[1:])
            elif word == "elements":
                _, inner = _block(statement[1:])
                inner = [t for t in inner or [] if t.kind != "nl"]
                elements = [*elements, Tok("punct", ",", "", 0, 0), *self.expand(inner)]
        table.sets[name] = (kind, elements)

    def helper_body(self, table: _Table, name: str, body: list[Tok]) -> None:
        for statement in _statements(body):
            if statement[0].value == "type" and len(statement) > 1:
                table.helpers[name.strip('"')] = statement[1].value


def read(source: SourceFile) -> ReadResult:
    reader = _Reader()
    reader.seen.append(source.path)
    reader.file(source)
    ruleset = Ruleset(source.path, "nftables", BOTH)
    for table in reader.tables.values():
        families = FAMILIES.get(table.family, frozenset())
        if not families or table.dormant:
            continue
        for chain in table.chains.values():
            key = f"{table.family} {table.name} {chain.name}"
            hook = HOOKS.get(chain.hook or "") if chain.type == "filter" else None
            built = Chain(key, hook=hook, families=families,  # type: ignore[arg-type]
                          policy="drop" if chain.policy == "drop" else "accept", policy_span=chain.policy_span)
            for tokens in chain.rules:
                rules, helper = RuleReader(table, families, tokens).read()
                built.rules.extend(rules)
                if helper is not None:
                    ruleset.helpers.append(helper)
            ruleset.chains[key] = built
    return ReadResult(rulesets=[ruleset], texts=reader.texts)


# --- one rule -----------------------------------------------------------------------------------------


def rule_span(tokens: list[Tok]) -> Span:
    first = tokens[0]
    last = [t for t in tokens if t.line == first.line and t.path == first.path][-1]
    return Span(first.path, first.line, first.col, last.end)


class RuleReader:
    """Walks one rule's tokens: selectors with their values, statements, and the verdict."""

    def __init__(self, table: _Table, families: frozenset[Family], tokens: list[Tok]) -> None:
        self.table = table
        self.tokens = tokens
        self.i = 0
        self.span = rule_span(tokens)
        self.match = Match(families=families)
        self.restrictions: list[str] = []
        self.action: str = "continue"
        self.target: str | None = None
        self.vmap: list[tuple[Match, str, str | None]] | None = None
        self.helper: str | None = None

    def error(self, tok: Tok, message: str) -> FirewallError:
        return FirewallError(tok.path, tok.line, message)

    def peek(self, offset: int = 0) -> Tok | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise self.error(self.tokens[-1], "rule ends too early")
        self.i += 1
        return tok

    def value(self) -> tuple[str, list[Tok]]:
        """An optional operator, then a value: a word, a string, ``@set``, ``{ ... }``, or ``a, b`` (listings)."""
        op = "=="
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.value in OPERATORS:
            op = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}.get(tok.value, tok.value)
            self.i += 1
        tok = self.take()
        if tok.kind == "punct" and tok.value == "{":
            items: list[Tok] = []
            depth = 1
            while depth:
                inner = self.take()
                depth += {"{": 1, "}": -1}.get(inner.value, 0) if inner.kind == "punct" else 0
                if depth:
                    items.append(inner)
            return op, items
        items = [tok]
        while (comma := self.peek()) is not None and comma.value == "," and self.peek(1) is not None:
            self.i += 1
            items.append(self.take())
        return op, items

    def read(self) -> tuple[list[Rule], HelperAttach | None]:
        while self.peek() is not None:
            self.step()
        if self.restrictions:
            self.match = replace(self.match, restriction=", ".join(self.restrictions))
        helper = None
        if self.helper is not None and self.table.helpers.get(self.helper, "").strip('"') == "ftp":
            families = self.match.families if self.match.never is None else frozenset()
            helper = HelperAttach(self.match.dports, families, self.span)
        if self.vmap is not None:
            rules = [Rule(_merge(self.match, m), action, self.span, target)  # type: ignore[arg-type]
                     for m, action, target in self.vmap]
            return rules, helper
        return [Rule(self.match, self.action, self.span, self.target)], helper  # type: ignore[arg-type]

    def chain_key(self, name: str) -> str:
        return f"{self.table.family} {self.table.name} {name}"

    def step(self) -> None:
        tok = self.take()
        word = tok.value
        nxt = self.peek()
        if word in VERDICTS:
            self.verdict(word)
        elif word in L4 and nxt is not None and nxt.value in ("dport", "sport", "flags"):
            field_name = self.take().value
            if word in ("udp", "sctp", "dccp", "udplite"):
                self.match = replace(self.match, never=f"protocol {word}")
            if field_name == "flags":
                while (t := self.peek()) is not None and (t.value in TCP_FLAG_WORDS or t.value.startswith("(")):
                    self.i += 1
                self.restrictions.append("tcp flags")
            elif self.peek() is not None and self.peek().value == "vmap":  # type: ignore[union-attr]
                self.i += 1
                self.verdict_map(field_name)
            else:
                start = tok
                op, items = self.value()
                self.ports(field_name, op, items, start)
        elif word in ("ip", "ip6") and nxt is not None:
            key = self.take().value
            fam: Family = "ipv4" if word == "ip" else "ipv6"
            self.match = replace(self.match, families=self.match.families & frozenset((fam,)))
            op, items = self.value()
            values = {t.value for t in items if t.value != ","}
            if key in ("protocol", "nexthdr"):
                self.protocol(op, values)
            elif key in ("saddr", "daddr"):
                if not values <= {"0.0.0.0/0", "::/0"}:
                    self.restrictions.append(f"{key} {'!= ' if op == '!=' else ''}{' '.join(sorted(values))}")
            elif key not in ("version",):
                self.restrictions.append(f"{word} {key}")
        elif word == "meta" or word in BARE_META:
            key = self.take().value if word == "meta" else word
            if key in ("mark", "l4proto", "nfproto") and self.peek() is not None and self.peek().value == "set":  # type: ignore[union-attr]
                self.i += 1
                self.value()
                return
            op, items = self.value()
            values = {t.value for t in items if t.value != ","}
            if key == "l4proto":
                self.protocol(op, values)
            elif key == "nfproto":
                fams: set[Family] = {"ipv4" if v == "ipv4" else "ipv6" for v in values}
                self.match = replace(self.match, families=self.match.families & frozenset(fams))
            elif key in ("iif", "iifname", "oif", "oifname"):
                if values == {"lo"} and op == "==":
                    self.match = replace(self.match, never="interface lo")
                elif not (values == {"lo"} and op == "!="):
                    self.restrictions.append(f"interface {'!= ' if op == '!=' else ''}{' '.join(sorted(values))}")
            else:
                self.restrictions.append(f"meta {key}")
        elif word == "ct" and nxt is not None:
            self.conntrack(tok)
        elif word == "counter":
            while (t := self.peek()) is not None and t.value in ("packets", "bytes", "name"):
                self.i += 2
        elif word == "log":
            while (t := self.peek()) is not None and t.value in ("prefix", "level", "flags", "group", "snaplen",
                                                                 "queue-threshold"):
                self.i += 2
        elif word == "limit":
            self.take()  # rate
            if (t := self.peek()) is not None and t.value == "over":
                self.i += 1
                self.restrictions.append("limit rate over")
            self.take()
            while (t := self.peek()) is not None and (t.value in ("burst", "packets", "bytes") or is_digits(t.value)
                                                     or "/" in t.value):
                self.i += 1
        elif word == "comment":
            self.take()
        elif word in ("notrack", "masquerade"):
            return
        elif word in ("snat", "dnat", "redirect", "dup", "fwd", "tproxy") :
            while (t := self.peek()) is not None and t.value not in VERDICTS:
                self.i += 1
        elif word in ("add", "update", "delete") and nxt is not None and nxt.value.startswith("@"):
            self.i += 1
            self.value()
        elif word in ("icmp", "icmpv6", "igmp", "arp"):
            if nxt is not None and nxt.kind == "word" and nxt.value not in VERDICTS:
                self.i += 1
                self.value()
            self.match = replace(self.match, never=f"protocol {word}")
        elif word == "xt":
            blob = " ".join(t.value for t in self.tokens[self.i : self.i + 2])
            self.restrictions.append(f"iptables-nft rule (xt {blob})")
            self.i += 2
        else:
            self.restrictions.append(word)

    def protocol(self, op: str, values: set[str]) -> None:
        has_tcp = bool(values & {"tcp", "6"})
        if has_tcp == (op == "!="):
            self.match = replace(self.match, never=f"protocol {' '.join(sorted(values))}")

    def ports(self, field_name: str, op: str, items: list[Tok], start: Tok) -> None:
        ports = self.port_set(items)
        low = ports.intervals[0][0] if ports.intervals else 0
        high = ports.intervals[-1][1] if ports.intervals else 0
        if op == "!=":
            ports = ports.complement()
        elif op in ("<", "<="):
            ports = Ports.single(0, high - (op == "<"))
        elif op in (">", ">="):
            ports = Ports.single(low + (op == ">"), 65535)
        if field_name == "sport":
            self.match = replace(self.match, sports=ports)
        else:
            end = max((t.end for t in items if t.line == start.line), default=start.end)
            self.match = replace(self.match, dports=ports, port_span=Span(start.path, start.line, start.col, end))

    def port_set(self, items: list[Tok]) -> Ports:
        pairs: list[tuple[int, int]] = []
        for tok in items:
            if tok.value == ",":
                continue
            if tok.value.startswith("@"):
                _, elements = self.table.sets.get(tok.value[1:], ("", []))
                if tok.value[1:] not in self.table.sets:
                    raise self.error(tok, f"set {tok.value} does not exist in table {self.table.name}")
                pairs.extend(self.port_set([e for e in elements if e.path]).intervals)
                continue
            text = tok.value.strip('"')
            pairs.append(port_range(text, "-", tok.path, tok.line))
        return Ports.of(pairs)

    def conntrack(self, tok: Tok) -> None:
        key = self.take().value
        if key == "helper" and self.peek() is not None and self.peek().value == "set":  # type: ignore[union-attr]
            self.i += 1
            self.helper = self.take().value.strip('"')
            return
        if self.peek() is not None and self.peek().value == "set":  # type: ignore[union-attr]
            self.i += 1
            self.value()
            return
        if key == "state" and self.peek() is not None and self.peek().value == "vmap":  # type: ignore[union-attr]
            self.i += 1
            self.verdict_map("state")
            return
        op, items = self.value()
        values = {t.value.lower() for t in items if t.value != ","}
        if key == "state":
            unknown = values - STATES
            if unknown:
                raise self.error(tok, f"unknown conntrack state {sorted(unknown)[0]!r}")
            self.match = replace(self.match, states=frozenset(STATES - values if op == "!=" else values))
        elif key == "helper":  # a match: connections the helper handles (and those it expected)
            self.match = replace(self.match, states=frozenset({"related", "established"}))
        else:
            self.restrictions.append(f"ct {key}")

    def verdict(self, word: str) -> None:
        if word in ("jump", "goto"):
            target = self.take()
            self.action, self.target = word, self.chain_key(target.value.strip('"'))
        elif word == "reject":
            self.action = "drop"
            if (t := self.peek()) is not None and t.value == "with":
                self.i += 1
                while (t := self.peek()) is not None and t.value not in VERDICTS and t.value != "comment":
                    self.i += 1
        elif word in ("accept", "drop", "return"):
            self.action = word
        elif word == "queue":
            self.action = "accept"
            while self.peek() is not None and self.peek().value not in ("comment",):  # type: ignore[union-attr]
                self.i += 1

    def verdict_map(self, key: str) -> None:
        _, items = self.value()
        if len(items) == 1 and items[0].value.startswith("@"):
            items = [e for e in self.table.sets.get(items[0].value[1:], ("", []))[1] if e.path]
        entries: list[tuple[Match, str, str | None]] = []
        for element in _split_commas(items):
            words = " ".join(t.value for t in element)
            key_text, sep, verdict_text = words.partition(":")
            if not sep:
                raise self.error(element[0], f"verdict map element {words!r} has no ':'")
            verdict = verdict_text.split()
            action, target = verdict[0], None
            if action in ("jump", "goto") and len(verdict) > 1:
                target = self.chain_key(verdict[1].strip('"'))
            elif action == "reject":
                action = "drop"
            elif action not in ("accept", "drop", "return", "continue"):
                action = "continue"
            keys = [Tok("word", k, element[0].path, element[0].line, element[0].col) for k in key_text.split()]
            if key == "state":
                match = Match(states=frozenset(k.value for k in keys))
            elif key == "sport":
                match = Match(sports=self.port_set(keys))
            else:
                span = Span(element[0].path, element[0].line, element[0].col, element[-1].end)
                match = Match(dports=self.port_set(keys), port_span=span)
            entries.append((match, action, target))
        self.vmap = entries


def _split_commas(items: list[Tok]) -> list[list[Tok]]:
    out: list[list[Tok]] = [[]]
    for tok in items:
        if tok.value == ",":
            out.append([])
        else:
            out[-1].append(tok)
    return [e for e in out if e]


def _merge(base: Match, extra: Match) -> Match:
    return replace(
        base,
        dports=extra.dports if extra.dports is not None else base.dports,
        sports=extra.sports if extra.sports is not None else base.sports,
        states=extra.states if extra.states is not None else base.states,
        port_span=extra.port_span or base.port_span,
    )
