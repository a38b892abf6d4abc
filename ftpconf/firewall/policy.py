"""A firewall, whatever its format, as what it does to TCP connections to and from this host.

Readers turn iptables-save, nftables, firewalld and ufw files into :class:`Ruleset` objects: chains of
rules whose matches are reduced to what decides an FTP connection (family, conntrack state,
destination and source ports) plus a free-text *restriction* for everything that admits only some
clients (a source address, an interface, an unknown match).  :func:`scan` then answers, for a run of
destination ports, whether a new (or RELATED) connection is accepted for every client, for some, or
for none, and which rule or policy line decided it.  Docker compose publishing is a different
mechanism (DNAT, not INPUT) and has its own small record, :class:`ComposeService`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from ftpconf.source import Span

Family = Literal["ipv4", "ipv6"]
BOTH: frozenset[Family] = frozenset(("ipv4", "ipv6"))
Hook = Literal["in", "out"]  # in: prerouting + input; out: output + postrouting
Action = Literal["accept", "drop", "jump", "goto", "return", "continue"]
Status = Literal["open", "partial", "closed"]
CLIENT_PORTS = (1024, 65535)  # a client connects from (and is connected to on) an unprivileged port

MAX_PORT = 65535


class FirewallError(Exception):
    """A firewall file the real tool would refuse, or that cannot be read: exit status 2."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Ports:
    """A set of ports as sorted, merged, inclusive intervals."""

    intervals: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> Ports:
        merged: list[tuple[int, int]] = []
        for low, high in sorted(pairs):
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        return cls(tuple(merged))

    @classmethod
    def single(cls, low: int, high: int | None = None) -> Ports:
        return cls(((low, low if high is None else high),))

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and any(low <= port <= high for low, high in self.intervals)

    @property
    def size(self) -> int:
        return sum(high - low + 1 for low, high in self.intervals)

    def overlap(self, low: int, high: int) -> int:
        return sum(max(0, min(high, h) - max(low, lo) + 1) for lo, h in self.intervals)

    def complement(self) -> Ports:
        out: list[tuple[int, int]] = []
        start = 0
        for low, high in self.intervals:
            if low > start:
                out.append((start, low - 1))
            start = high + 1
        if start <= MAX_PORT:
            out.append((start, MAX_PORT))
        return Ports(tuple(out))

    def __str__(self) -> str:
        return ", ".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in self.intervals)


ANY_PORT = Ports.single(0, MAX_PORT)


@dataclass(frozen=True)
class Match:
    """What a rule asks of a TCP packet; ``None`` fields match anything."""

    families: frozenset[Family] = BOTH
    dports: Ports | None = None  # a negated match is stored as its complement
    sports: Ports | None = None
    states: frozenset[str] | None = None  # conntrack states: new, established, related, invalid, untracked
    restriction: str | None = None  # admits only some clients: "source 10.0.0.0/8", "interface eth0"
    never: str | None = None  # no TCP packet from a client matches: "protocol udp", "interface lo"
    port_span: Span | None = None  # where the destination ports are written, for findings about them


@dataclass(frozen=True)
class Rule:
    match: Match
    action: Action
    span: Span
    target: str | None = None  # the chain of a jump or goto


@dataclass
class Chain:
    name: str
    rules: list[Rule] = field(default_factory=list)
    hook: Hook | None = None  # None: only reached by jumps
    policy: Literal["accept", "drop"] = "accept"
    policy_span: Span | None = None
    families: frozenset[Family] = BOTH
    zone: str | None = None  # firewalld: a packet meets exactly one zone's chain, not all of them


@dataclass(frozen=True)
class HelperAttach:
    """A rule that attaches the FTP conntrack helper to new connections to ``dports``."""

    dports: Ports | None
    families: frozenset[Family]
    span: Span


@dataclass
class Ruleset:
    """One independent packet filter read from ``path``: a packet must pass every ruleset that covers its family."""

    path: str
    kind: str  # iptables, nftables, firewalld, ufw
    families: frozenset[Family]
    chains: dict[str, Chain] = field(default_factory=dict)
    helpers: list[HelperAttach] = field(default_factory=list)

    def base_chains(self, hook: Hook, family: Family) -> list[Chain]:
        return [c for c in self.chains.values() if c.hook == hook and family in c.families]


@dataclass(frozen=True)
class Packet:
    """A class of TCP packets: one destination port, a run of source ports, one conntrack state."""

    family: Family
    state: str
    dport: int
    sports: tuple[int, int]


@dataclass(frozen=True)
class Outcome:
    """Accepted for every client (open), only some (partial), or none (closed), and the lines that said so."""

    status: Status
    deciders: tuple[Span, ...] = ()  # open: the accepting rules; closed: the dropping rule or policy
    partial: tuple[tuple[Span, str], ...] = ()  # rules that accept only some clients, with the restriction


OPEN = Outcome("open")


# --- evaluation ---------------------------------------------------------------------------------------


def _ports_cover(ports: Ports, low: int, high: int) -> Literal["all", "none", "some"]:
    inside = ports.overlap(low, high)
    return "all" if inside == high - low + 1 else "none" if inside == 0 else "some"


def matches(match: Match, packet: Packet) -> tuple[Literal["all", "none", "some"], str]:
    if match.never is not None or packet.family not in match.families:
        return "none", ""
    if match.states is not None and packet.state not in match.states:
        return "none", ""
    if match.dports is not None and packet.dport not in match.dports:
        return "none", ""
    reason = match.restriction or ""
    if match.sports is not None:
        cover = _ports_cover(match.sports, *packet.sports)
        if cover == "none":
            return "none", ""
        if cover == "some":
            reason = reason or f"source port {match.sports}"
    return ("some", reason) if reason else ("all", "")


_Verdict = tuple[Literal["accept", "drop"], Span | None]


def _run(
    ruleset: Ruleset, chain: Chain, packet: Packet, depth: int, partial: list[tuple[Span, str]]
) -> _Verdict | None:
    """First match wins; None: the packet fell off the end of the chain (or met RETURN)."""
    for rule in chain.rules:
        if rule.action == "continue":
            continue
        how, reason = matches(rule.match, packet)
        if how == "none":
            continue
        if rule.action in ("jump", "goto"):
            target = ruleset.chains.get(rule.target or "")
            if target is None or depth > 32:
                continue
            inner: list[tuple[Span, str]] = []
            verdict = _run(ruleset, target, packet, depth + 1, inner)
            partial.extend(inner)
            if how == "all":
                if verdict is not None:
                    return verdict
                if rule.action == "goto":
                    return None
            elif verdict is not None and verdict[0] == "accept":
                partial.append((verdict[1] or rule.span, reason))
            continue
        if rule.action == "return":
            if how == "all":
                return None
            continue
        if how == "some":
            if rule.action == "accept":  # a drop for some clients (a blocklist) does not concern us
                partial.append((rule.span, reason))
            continue
        return ("accept" if rule.action == "accept" else "drop"), rule.span
    return None


def _chain_outcome(ruleset: Ruleset, chain: Chain, packet: Packet) -> Outcome:
    partial: list[tuple[Span, str]] = []
    verdict = _run(ruleset, chain, packet, 0, partial)
    if verdict is None:
        verdict = chain.policy, chain.policy_span
    action, span = verdict
    deciders = (span,) if span is not None else ()
    if action == "accept":
        return Outcome("open", deciders)
    return Outcome("partial" if partial else "closed", deciders, tuple(partial))


def both(first: Outcome, second: Outcome) -> Outcome:
    """A packet that must pass two filters."""
    rank = {"open": 0, "partial": 1, "closed": 2}
    worse, other = (first, second) if rank[first.status] >= rank[second.status] else (second, first)
    if worse.status == "open":
        return Outcome("open", first.deciders + second.deciders)
    if worse.status == "closed":
        return worse
    return Outcome("partial", worse.deciders, worse.partial + other.partial)


def outcome(ruleset: Ruleset, hook: Hook, packet: Packet) -> Outcome:
    if packet.family not in ruleset.families:
        return OPEN
    result = OPEN
    zones: list[tuple[str, Outcome]] = []
    for chain in ruleset.base_chains(hook, packet.family):
        one = _chain_outcome(ruleset, chain, packet)
        if chain.zone is not None:
            zones.append((chain.zone, one))
        else:
            result = both(result, one)
    return both(result, _one_of(zones)) if zones else result


def _one_of(zones: list[tuple[str, Outcome]]) -> Outcome:
    """firewalld: a packet meets exactly one zone, so a port is open only if every zone opens it."""
    if all(o.status == "open" for _, o in zones):
        return Outcome("open", tuple(s for _, o in zones for s in o.deciders))
    closed = [o for _, o in zones if o.status == "closed"]
    if len(closed) == len(zones):
        return closed[0]
    partial = [p for _, o in zones for p in o.partial]
    partial += [(s, f"zone {name}") for name, o in zones if o.status == "open" for s in o.deciders]
    return Outcome("partial", closed[0].deciders if closed else (), tuple(partial))


def boundaries(rulesets: Iterable[Ruleset]) -> set[int]:
    """Ports where some rule's destination-port match starts or ends."""
    found: set[int] = set()
    for ruleset in rulesets:
        for chain in ruleset.chains.values():
            for rule in chain.rules:
                if rule.match.dports is not None:
                    for low, high in rule.match.dports.intervals:
                        found.update((low, high + 1))
    return found


@dataclass(frozen=True)
class Segment:
    low: int
    high: int
    outcome: Outcome


def scan(
    rulesets: list[Ruleset], hook: Hook, family: Family, state: str, dports: tuple[int, int], sports: tuple[int, int]
) -> list[Segment]:
    """The outcome for every destination port in ``dports`` through all ``rulesets``, as merged runs."""
    low, high = dports
    cuts = sorted({low, high + 1} | {b for b in boundaries(rulesets) if low < b <= high})
    segments: list[Segment] = []
    for start, end in pairwise(cuts):
        packet = Packet(family, state, start, sports)
        result = OPEN
        for ruleset in rulesets:
            result = both(result, outcome(ruleset, hook, packet))
        if segments and segments[-1].outcome == result and segments[-1].high == start - 1:
            segments[-1] = Segment(segments[-1].low, end - 1, result)
        else:
            segments.append(Segment(start, end - 1, result))
    return segments


def rule_at(rulesets: Iterable[Ruleset], span: Span) -> Rule | None:
    for ruleset in rulesets:
        for chain in ruleset.chains.values():
            for rule in chain.rules:
                if rule.span == span:
                    return rule
    return None


# --- docker compose publishing ----------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One ``ports:`` entry: container ports published on host ports (``None``: a random host port)."""

    container: tuple[int, int]
    host: tuple[int, int] | None
    host_ip: str | None
    protocol: str
    span: Span

    def host_port(self, container_port: int) -> int | None:
        if self.host is None:
            return None
        if self.host[0] == self.host[1]:
            return self.host[0]
        return self.host[0] + container_port - self.container[0]


@dataclass(frozen=True)
class ComposeService:
    path: str
    name: str
    span: Span
    ports: tuple[Published, ...]
    host_network: bool  # network_mode: host: nothing is published, the host firewall applies
    looks_like_ftp: bool  # its name or image says ftp

    def publishing(self, port: int) -> Iterator[Published]:
        return (p for p in self.ports if p.protocol == "tcp" and p.container[0] <= port <= p.container[1])
