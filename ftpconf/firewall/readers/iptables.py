"""iptables-restore format: ``iptables-save`` output, /etc/sysconfig/iptables, /etc/iptables/rules.v4 (and v6).

Only the ``filter`` table decides what is accepted; the ``raw`` table matters for ``-j CT --helper ftp``.
Options are read the way iptables-restore reads them (``!`` before an option negates it, ``--dport``
ranges use a colon, port names come from /etc/services).  A line iptables-restore would refuse is a
:class:`FirewallError`; a match this reader does not know makes the rule admit only "some" clients.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ftpconf.firewall.policy import Chain, Family, FirewallError, HelperAttach, Match, Ports, Rule, Ruleset
from ftpconf.firewall.readers.common import ReadResult, port_range, shown
from ftpconf.integers import decimal, is_digits
from ftpconf.source import SourceFile, Span

BUILTIN_HOOKS = {"INPUT": "in", "OUTPUT": "out"}
# Extension targets that do not end the chain's walk (or that do not filter: nat, mangle).
EXTENSION_TARGETS = {"LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "TRACE", "AUDIT", "NOTRACK", "TCPMSS", "DSCP", "TOS",
                     "CLASSIFY", "SET", "SECMARK", "CONNSECMARK", "CHECKSUM", "TEE", "DNAT", "SNAT", "MASQUERADE",
                     "REDIRECT", "NFQUEUE", "QUEUE", "CT", "LED", "IDLETIMER", "HMARK", "TPROXY", "RATEEST"}
TERMINAL = {"ACCEPT": "accept", "DROP": "drop", "REJECT": "drop", "RETURN": "return"}
STATES = {"NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT"}
ANYWHERE = {"0.0.0.0/0", "::/0", "0/0", "0.0.0.0/0.0.0.0"}
# Match modules that neither restrict clients nor need their options understood.
HARMLESS_MODULES = {"tcp", "udp", "multiport", "state", "conntrack", "comment", "limit", "hashlimit", "helper", "icmp",
                    "icmp6", "addrtype", "pkttype", "length", "tcpmss", "mark", "connmark"}
# The match iptables loads by itself for `-p PROTO` (libxtables: an option it does not know yet is looked
# up in the protocol's match), so `-p icmp --icmp-type any`, as RHEL's stock file writes it, needs no -m.
# None of them concerns FTP beyond the protocol, which -p already decides.
PROTOCOL_MODULES = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp",
                    "udplite": "udplite", "136": "udplite", "sctp": "sctp", "132": "sctp", "dccp": "dccp", "33": "dccp",
                    "esp": "esp", "50": "esp", "ah": "ah", "51": "ah", "icmpv6": "icmp6", "ipv6-icmp": "icmp6",
                    "58": "icmp6", "mh": "mh", "ipv6-mh": "mh", "135": "mh"}
# Options of the tcp match that select some TCP packets only; not modelled, so a rule with one admits "some".
TCP_NARROWING = {"--tcp-flags", "--tcp-option"}
INT_MAX = (1 << 31) - 1
COUNTERS = re.compile(r"^\[\d+:\d+\]\s*")
TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|(\S+)')


@dataclass
class _Table:
    name: str
    line: int
    chains: dict[str, Chain] = field(default_factory=dict)
    helpers: list[HelperAttach] = field(default_factory=list)


def _tokens(text: str) -> list[tuple[str, int]]:
    """Words with their 1-based columns; quotes group words (``--comment "a b"``)."""
    out = []
    for m in TOKEN.finditer(text):
        value = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
        out.append((value, m.start() + 1))
    return out


def family_of(source: SourceFile) -> frozenset[Family]:
    """ip6tables files: by the save header, the file name, or an IPv6 address or ICMPv6 in the rules."""
    head = source.text[:4000]
    name = source.path.rsplit("/", 1)[-1]
    if "ip6tables" in head or re.search(r"(v6|6\.rules|ip6tables)", name) or "icmpv6" in head or "ipv6-icmp" in head:
        return frozenset(("ipv6",))
    if re.search(r"\s-[sd]\s+[0-9a-fA-F]*:[0-9a-fA-F:]*(/\d+)?\s", source.text[:200000]):
        return frozenset(("ipv6",))
    return frozenset(("ipv4",))


def read(source: SourceFile, families: frozenset[Family] | None = None, kind: str = "iptables") -> ReadResult:
    families = families or family_of(source)
    path = source.path
    tables: dict[str, _Table] = {}
    table: _Table | None = None
    for number, raw in enumerate(source.text.split("\n"), 1):
        line = raw.rstrip("\r")
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        lead = len(line) - len(line.lstrip())
        counters = COUNTERS.match(text)
        if counters:
            lead += counters.end()
            text = text[counters.end() :]
        if text.startswith("*"):
            if table is not None:
                raise FirewallError(path, number, f"table *{text[1:]} starts before COMMIT of *{table.name}")
            table = tables.setdefault(text[1:].strip(), _Table(text[1:].strip(), number))
            continue
        if table is None:
            raise FirewallError(path, number, f"{text.split()[0]!r} outside a table: a table starts with *filter")
        if text == "COMMIT":
            table = None
            continue
        span = Span(path, number, lead + 1, len(line) + 1)
        if text.startswith(":"):
            _chain_line(table, text, span, families)
            continue
        _command(table, [(t, c + lead) for t, c in _tokens(text)], span, families)
    if table is not None:
        raise FirewallError(path, None, f"COMMIT expected: table *{table.name} (line {table.line}) is never committed")
    return _result(source, tables, families, kind)


def _chain_line(table: _Table, text: str, span: Span, families: frozenset[Family]) -> None:
    parts = text[1:].split()
    if len(parts) < 2:
        raise FirewallError(span.path, span.line, f"chain line {text!r} needs a name and a policy")
    name, policy = parts[0], parts[1]
    chain = table.chains.setdefault(name, Chain(name, families=families))
    if policy != "-":
        if policy not in ("ACCEPT", "DROP"):
            raise FirewallError(span.path, span.line, f"bad policy {policy!r} for chain {name} (ACCEPT or DROP)")
        chain.policy = "accept" if policy == "ACCEPT" else "drop"
        chain.policy_span = span
        if table.name == "filter" and name in BUILTIN_HOOKS:
            chain.hook = "in" if name == "INPUT" else "out"


def _builtin(table: _Table, name: str, families: frozenset[Family]) -> Chain:
    chain = table.chains.setdefault(name, Chain(name, families=families))
    if table.name == "filter" and name in BUILTIN_HOOKS:
        chain.hook = "in" if name == "INPUT" else "out"
    return chain


def _command(table: _Table, tokens: list[tuple[str, int]], span: Span, families: frozenset[Family]) -> None:
    path, number = span.path, span.line
    verb = tokens[0][0]
    if verb in ("-N", "--new-chain", "-X", "--delete-chain", "-Z", "--zero") and len(tokens) <= 2:
        if verb in ("-N", "--new-chain") and len(tokens) == 2:
            table.chains.setdefault(tokens[1][0], Chain(tokens[1][0], families=families))
        return
    if len(tokens) < 2:
        raise FirewallError(path, number, f"{verb} needs a chain name")
    chain = _builtin(table, tokens[1][0], families)
    if verb in ("-P", "--policy"):
        if len(tokens) != 3 or tokens[2][0] not in ("ACCEPT", "DROP"):
            raise FirewallError(path, number, "-P needs a built-in chain and ACCEPT or DROP")
        chain.policy = "accept" if tokens[2][0] == "ACCEPT" else "drop"
        chain.policy_span = span
        return
    if verb in ("-F", "--flush"):
        chain.rules.clear()
        return
    if verb not in ("-A", "--append", "-I", "--insert"):
        raise FirewallError(path, number, f"unsupported command {verb!r} (iptables-save files use -A)")
    rest = tokens[2:]
    position = len(chain.rules)
    if verb in ("-I", "--insert"):
        position = 0
        if rest and is_digits(rest[0][0]):
            if decimal(rest[0][0]) > INT_MAX:  # iptables reads the rule number as an int, 1 to INT_MAX
                raise FirewallError(path, number, f"invalid rule number '{shown(rest[0][0])}'")
            position = max(0, decimal(rest[0][0]) - 1)
            rest = rest[1:]
    rule, helper = _rule(table.name, rest, span, families)
    if helper is not None and table.name == "raw":
        table.helpers.append(helper)
    if rule is not None:
        chain.rules.insert(position, rule)


def _parse_ports(values: str, span: Span, multi: bool) -> Ports:
    items = values.split(",") if multi else [values]
    if multi and len(items) > 15:
        raise FirewallError(span.path, span.line, "multiport takes at most 15 ports")
    return Ports.of(port_range(item, ":", span.path, span.line, open_ended=True) for item in items)


def _states(value: str, span: Span) -> frozenset[str]:
    names = value.split(",")
    for name in names:
        if name not in STATES:
            raise FirewallError(span.path, span.line, f"bad conntrack state {name!r}")
    return frozenset(n.lower() for n in names)


def _rule(
    table: str, tokens: list[tuple[str, int]], span: Span, families: frozenset[Family]
) -> tuple[Rule | None, HelperAttach | None]:
    path, number = span.path, span.line
    match = Match(families=families)
    restrictions: list[str] = []
    target: str | None = None
    goto = False
    helper_name: str | None = None
    modules: set[str] = set()
    protocol_seen = False
    negate = False
    i = 0

    def value() -> tuple[str, int]:
        nonlocal i
        if i + 1 >= len(tokens):
            raise FirewallError(path, number, f"option {tokens[i][0]} needs a value")
        i += 1
        return tokens[i]

    while i < len(tokens):
        word, column = tokens[i]
        if word == "!":
            negate = True
            i += 1
            continue
        if word in ("-p", "--protocol"):
            proto, _ = value()
            protocol_seen = True
            implicit = PROTOCOL_MODULES.get(proto.lower())
            if implicit is not None and not negate:
                modules.add(implicit)
            is_tcp = proto.lower() in ("tcp", "6")
            if proto.lower() in ("all", "0") and not negate:
                pass
            elif is_tcp == negate:
                match = replace(match, never=f"protocol {'! ' if negate else ''}{proto}")
        elif word in ("-s", "--source", "-d", "--destination", "--src-range", "--dst-range"):
            address, _ = value()
            if address not in ANYWHERE or negate:
                side = "source" if word in ("-s", "--source", "--src-range") else "destination"
                restrictions.append(f"{side} {'not ' if negate else ''}{address}")
        elif word in ("-i", "--in-interface", "-o", "--out-interface"):
            name, _ = value()
            if name == "lo" and not negate:
                match = replace(match, never="interface lo")
            elif not (name == "lo" and negate) and name != "+":
                restrictions.append(f"interface {'not ' if negate else ''}{name}")
        elif word in ("-m", "--match"):
            module, _ = value()
            modules.add(module)
            if module not in HARMLESS_MODULES:
                restrictions.append(f"-m {module}")
        elif word in ("--dport", "--destination-port", "--dports", "--destination-ports", "--ports", "--sport",
                      "--source-port", "--sports", "--source-ports"):
            if not protocol_seen:
                raise FirewallError(path, number, f'unknown option "{word}": it needs -p tcp before it')
            text, value_column = value()
            ports = _parse_ports(text, span, multi=word.endswith("s"))
            if negate:
                ports = ports.complement()
            start = column - (2 if negate else 0)
            if word.startswith("--s"):
                match = replace(match, sports=ports)
            else:
                port_span = Span(path, number, start, value_column + len(text))
                match = replace(match, dports=ports, port_span=port_span)
        elif word in ("--state", "--ctstate"):
            text, _ = value()
            states = _states(text, span)
            match = replace(match, states=frozenset({"new", "established", "related", "invalid", "untracked"}) - states
                            if negate else states)
        elif word == "--syn":
            if negate:
                match = replace(match, states=frozenset({"established"}))
        elif word == "--helper" and target is None:  # -m helper --helper ftp: connections the helper expected
            name, _ = value()
            match = replace(match, states=frozenset({"related"} if name == "ftp" and not negate else set()))
        elif word in ("-j", "--jump", "-g", "--goto"):
            target, _ = value()
            goto = word in ("-g", "--goto")
        elif word == "--helper":  # -j CT --helper NAME
            helper_name, _ = value()
        elif word in ("-f", "--fragment"):
            if not negate:  # later fragments carry no TCP header, so no port
                match = replace(match, never="fragments")
        elif word in ("-4", "--ipv4", "-6", "--ipv6"):  # ip46tables: a rule for one family only
            wanted: Family = "ipv4" if word in ("-4", "--ipv4") else "ipv6"
            match = replace(match, families=match.families & frozenset((wanted,)))
        elif word in ("-c", "--set-counters"):
            value()
            value()
        elif word.startswith("-") and target is None and word not in ("--comment",):
            if word.startswith("--") and modules:  # an option of a module we do not model: skip its values
                if word in TCP_NARROWING:
                    restrictions.append(f"{'! ' if negate else ''}{word}")
                while i + 1 < len(tokens) and not tokens[i + 1][0].startswith("-") and tokens[i + 1][0] != "!":
                    i += 1
            else:
                raise FirewallError(path, number, f"unknown option {word!r}")
        else:  # a target option (--reject-with, --log-prefix ...) or a module option's value
            while i + 1 < len(tokens) and not tokens[i + 1][0].startswith("-") and tokens[i + 1][0] != "!":
                i += 1
        negate = False
        i += 1

    if restrictions:
        match = replace(match, restriction=", ".join(restrictions))
    if target == "CT":
        if helper_name == "ftp" and table == "raw":
            return None, HelperAttach(match.dports, families if match.never is None else frozenset(), span)
        return None, None
    if target is None:
        return Rule(match, "continue", span), None
    action = TERMINAL.get(target)
    if action is not None:
        return Rule(match, action, span), None  # type: ignore[arg-type]
    return Rule(match, "goto" if goto else "jump", span, target), None


def _result(source: SourceFile, tables: dict[str, _Table], families: frozenset[Family], kind: str) -> ReadResult:
    ruleset = Ruleset(source.path, kind, families)
    filter_table = tables.get("filter")
    if filter_table is not None:
        for chain in filter_table.chains.values():
            chain.rules = [_resolve(rule, filter_table) for rule in chain.rules]
        ruleset.chains = filter_table.chains
    raw = tables.get("raw")
    if raw is not None:
        ruleset.helpers = [h for h in raw.helpers if h.families]
    return ReadResult(rulesets=[ruleset], texts={source.path: source.text})



def _resolve(rule: Rule, table: _Table) -> Rule:
    """A jump to a target that is not a chain: a non-terminal extension target (LOG, MARK, ...) or an error."""
    if rule.action not in ("jump", "goto") or rule.target in table.chains:
        return rule
    if rule.target in EXTENSION_TARGETS:
        return replace(rule, action="continue")
    raise FirewallError(rule.span.path, rule.span.line, f"chain {rule.target!r} does not exist")
