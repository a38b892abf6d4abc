"""Measure how proftpd checks each argument position of multi-argument directives:
data/proftpd-argument-positions.tsv (the first argument alone: tools/probe_proftpd_args.py).

For every directive the binary takes with 2, 3 or 4 arguments (or exactly its minimum, when that is more:
QuotaDefault takes 9), a *base* line of that many arguments that ``proftpd -t`` accepts is found: the
lines of the configurations the project holds (tests/mutation.py's seeds), then generated ones (a first
argument the binary took alone, the rest filled with one value).  Then each position of each base is
given one representative of every value class of ``values.value_class`` and the words the documented
syntax names (the first-argument probe's words for an option list), the other positions kept.  A class is
refused at (count, position) when it is refused with every base found.  Where no base of a count is
found, the last position is the one varied: the first argument taken, every value tried refused there.

A word class is judged only where the words tried are all the position takes (``words_closed``): a
boolean or number parser, or a handler that names a fixed set in its message (``unknown restriction``,
``expected 'soft' or 'hard'``), or the option words of an option list.

    PYTHONPATH=. python tools/probe_proftpd_positions.py [--only=NAME,...] [OUT]   (needs the daemons: make daemons)
"""

from __future__ import annotations

import csv
import os
import re
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.dialects.proftpd.values import CLASS_SAMPLES
from tools import probe_proftpd_args as first

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "data" / "proftpd-argument-positions.tsv"
# one representative per class: a class refused for it is refused (the first-argument probe tried them all)
SAMPLES = {klass: next((v for v in values if v), '""') for klass, values in CLASS_SAMPLES.items()}
SAMPLES["empty"] = '""'
FILL = ("1", "on", "abc", "/tmp", "none")  # the later positions of a generated base
# a handler comparing against a fixed set says so (a set of names OpenSSL or a table knows is not judged)
_CLOSED_MESSAGE = re.compile(r"unknown|expected '|must be (one of|either)|missing required", re.IGNORECASE)


@dataclass(frozen=True)
class Base:
    directive: ProftpdDirective
    context: str
    args: tuple[str, ...]
    only_last: bool = False  # no line of this count was accepted: only the last position is varied


def counts(directive: ProftpdDirective) -> list[int]:
    """The argument counts to probe: 2-4 where the binary took them, else exactly the handler's minimum."""
    if directive.arities is None:
        return []
    found = sorted(n for n in directive.arities if 1 < n <= 4)
    least = directive.min_args
    if not found and least is not None and least > 4 and (not directive.arities or least in directive.arities):
        found = [directive.min_args]
    return found


def directives() -> list[tuple[ProftpdDirective, str]]:
    return first.probed_directives(lambda directive: bool(counts(directive)))

def refused_lines(lines: list[tuple[ProftpdDirective, str, str]]) -> dict[int, str]:
    """index -> proftpd's message, for the lines (directive, context, arguments) it refuses, many to a file."""
    refused: dict[int, str] = {}
    left = list(range(len(lines)))
    while left:
        text, owner = [], {}
        for index in left:
            directive, context, args = lines[index]
            block = first.WRAPPERS[context].format(f"{directive.name} {args}")
            start = sum(t.count("\n") + 1 for t in text) + 1
            for offset in range(block.count("\n") + 1):
                owner[start + offset] = index
            text.append(block)
        verdict = first.configtest("\n".join(text) + "\n", list({lines[i][0].name: lines[i][0] for i in left}.values()))
        if verdict.accepted:
            return refused
        found = first._LINE.search(verdict.message)
        if found is None or int(found[1]) not in owner:  # a crash or an unplaced error: halves
            if len(left) == 1:
                directive, context, args = lines[left[0]]
                if b"STACK TRACE" in verdict.raw and context == "server" and directive.allowed_in("Global"):
                    # 1.3.8's mod_sftp dies on a valid algorithm list as a server's first setting (FTP153): a crash
                    # there is no verdict on the value, <Global> reads it
                    verdict = first.configtest(
                        first.WRAPPERS["Global"].format(f"{directive.name} {args}") + "\n", [directive]
                    )
                    if verdict.accepted:
                        return refused
                refused[left[0]] = verdict.message
                return refused
            half = len(left) // 2
            for part in (left[:half], left[half:]):
                sub = refused_lines([lines[i] for i in part])
                refused.update({part[i]: m for i, m in sub.items()})
            return refused
        index = owner[int(found[1])]
        refused[index] = re.sub(r" on line \d+ of 'main\.conf'", "", verdict.message)
        left.remove(index)
    return refused


def batched(lines: list[tuple[ProftpdDirective, str, str]]) -> dict[int, str]:
    """refused_lines per module and per directive name (a directive given twice in one file may be refused
    for that), run on two workers."""
    groups: dict[tuple[str, int], list[int]] = {}
    seen: dict[tuple[str, str], int] = {}
    for index, (directive, _, _) in enumerate(lines):
        copy = seen[(directive.module, directive.name)] = seen.get((directive.module, directive.name), -1) + 1
        groups.setdefault((directive.module, copy), []).append(index)
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(lambda ids: refused_lines([lines[i] for i in ids]), groups.values()))
    return {ids[i]: m for ids, part in zip(groups.values(), parts, strict=True) for i, m in part.items()}


def harvested(items: list[tuple[ProftpdDirective, str]]) -> list[Base]:
    """The multi-argument lines of the configurations the project holds, for the directives probed."""
    from tests import mutation

    wanted = {d.name.lower(): (d, c) for d, c in items}
    found: dict[tuple[str, tuple[str, ...]], Base] = {}
    for daemon_seed in mutation.candidate_seeds("proftpd"):
        for text in daemon_seed.config.decode("latin-1").splitlines():
            words = text.split()
            if len(words) < 3 or words[0].lower() not in wanted or any(w[:1] in "\"'%#" for w in words[1:]):
                continue
            directive, context = wanted[words[0].lower()]
            if len(words) - 1 in counts(directive):
                found.setdefault((directive.name, tuple(words[1:])), Base(directive, context, tuple(words[1:])))
    bases = list(found.values())
    refused = batched([(b.directive, b.context, " ".join(b.args)) for b in bases])
    return _few([b for i, b in enumerate(bases) if i not in refused], lambda b: len(b.args), MOST_BASES)


def first_values(directive: ProftpdDirective, rules: dict[str, dict[str, str]]) -> list[str]:
    row = rules.get(directive.name)
    if row is None:
        return ["abc", "/etc/group"]  # a file every Linux host has
    taken = [w for w in row["words"].split(",") if w][:1]
    taken += [SAMPLES[k] for k in row["accepted_classes"].split(",") if k and k != "empty"][:1]
    return taken or ["/tmp"]


def generated(
    items: list[tuple[ProftpdDirective, str]], have: set[tuple[str, int]], rules: dict[str, dict[str, str]]
) -> list[Base]:
    """A base for every (directive, count) without one: rounds of candidates, the first accepted kept."""
    wanted = [(d, c, n) for d, c in items for n in counts(d) if (d.name, n) not in have]
    candidates = {
        (d.name, n): [(v, *([fill] * (n - 1))) for v in first_values(d, rules) for fill in FILL] for d, _, n in wanted
    }
    found: list[Base] = []
    for attempt in range(max((len(c) for c in candidates.values()), default=0)):
        left = [(d, c, n) for d, c, n in wanted if (d.name, n) not in have and attempt < len(candidates[(d.name, n)])]
        lines = [(d, c, " ".join(candidates[(d.name, n)][attempt])) for d, c, n in left]
        refused = batched(lines)
        for index, (d, c, n) in enumerate(left):
            if index not in refused:
                have.add((d.name, n))
                found.append(Base(d, c, candidates[(d.name, n)][attempt]))
    return found


def own_word_bases(items: list[tuple[ProftpdDirective, str]], rules: dict[str, dict[str, str]]) -> list[Base]:
    """For an option list, lines repeating one of its own words (``TLSProtocol TLSv1.2 TLSv1.2``) that the
    binary accepts: a position's words then do not depend on the one base found (``ALL -SSLv3``)."""
    lines = []
    for directive, context in items:
        row = rules.get(directive.name)
        if row is None or row["each_argument"] != "yes":
            continue
        words = _full_words(row["words"].split(","))
        own = [w for w in words if w and w[:1] not in "+-"][:3] + [w for w in words if w[:1] in "+-"][:1]
        own += [w for w in words if w.lower() in first.SPECIAL_WORDS and w not in own]  # ALL -SSLv3
        for lead in own:  # ALL -SSLv3 -TLSv1, TLSv1.2 TLSv1.3: what may follow depends on what leads
            lines += [Base(directive, context, (lead, *[w] * (n - 1))) for w in own for n in counts(directive)]
    refused = batched([(b.directive, b.context, " ".join(b.args)) for b in lines])
    return _few([b for i, b in enumerate(lines) if i not in refused], lambda b: (b.args[0].lower(), len(b.args)))


MOST_BASES = 2  # per (directive, count): each base costs a round of values at every position


def _few(bases: list[Base], key: Callable[[Base], object], most: int = 1) -> list[Base]:
    """At most ``most`` bases per directive and key, the first found kept."""
    kept: dict[tuple[str, object], list[Base]] = {}
    for base in bases:
        group = kept.setdefault((base.directive.name, key(base)), [])
        if len(group) < most:
            group.append(base)
    return [b for group in kept.values() for b in group]


def position_words(directive: ProftpdDirective, rules: dict[str, dict[str, str]]) -> list[str]:
    """Literal words of the documented syntax (``AuthGroupFile path [id min-max] [name regex]``), and for an
    option list the first-argument probe's words, tried at every position."""
    found = {
        w for w in re.split(r"[\s|\[\]\"]+", " ".join(directive.syntax.split()[1:])) if re.fullmatch(r"[A-Za-z]+", w)
    }
    found |= set(first.SPECIAL_WORDS)  # none, forever, ...: words numeric and clock parsers commonly take
    row = rules.get(directive.name)
    if row is not None and row["each_argument"] == "yes":  # a few of its words, signed ones among them
        words = _full_words(row["words"].split(","))
        found |= {*[w for w in words if w and w[:1] not in "+-"][:3], *[w for w in words if w[:1] in "+-"][:3]}
        found |= {w for w in words if w.lower() in first.SPECIAL_WORDS}  # ALL: first only (TLSProtocol)
    return sorted(found)


def _full_words(words: list[str]) -> list[str]:
    """The words no other one starts with: a handler's abbreviations (``SFTPAuthMethods pub``) left out."""
    return [w for w in words if not any(o != w and o.startswith(w) for o in words)]


def message_words(message: str) -> list[str]:
    """The words a refusal quotes as the ones expected (``expected 'soft' or 'hard' limit-type parameter``)."""
    return re.findall(r"'([A-Za-z][A-Za-z0-9_-]*)'", message.partition("expected")[2])


def main(out: Path, only: set[str] | None = None) -> None:
    scratch = tempfile.TemporaryDirectory(prefix="ftpconf-probe-")
    os.chdir(scratch.name)
    items = [item for item in directives() if only is None or item[0].name in only]
    with first.DEFAULT_OUT.open(encoding="utf-8") as handle:
        rules = {r["directive"]: r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    bases = harvested(items)
    # a generated base beside fewer than MOST_BASES harvested ones: `TLSRenegotiate ctrl 10` (a parity case) and
    # `none 1` read the first argument alike, and a rule holds only for lines shaped like its bases
    per_count: dict[tuple[str, int], int] = {}
    for base in bases:
        per_count[(base.directive.name, len(base.args))] = per_count.get((base.directive.name, len(base.args)), 0) + 1
    have = {key for key, number in per_count.items() if number >= MOST_BASES}
    bases += generated(items, have, rules)
    # (directive, count) without a base: the last position varied after a first argument the binary took
    missing = [(d, c, n) for d, c in items for n in counts(d) if (d.name, n) not in have]
    words = {d.name: position_words(d, rules) for d, _ in items}
    bases += [Base(d, c, (v, "x"), True) for d, c, n in missing if n == 2 for v in first_values(d, rules)]
    bases += own_word_bases(items, rules)
    jobs: list[tuple[Base, int, str, str]] = []  # base, position, class ("" for a word), value
    for base in bases:
        for position in range(len(base.args) - 1 if base.only_last else 0, len(base.args)):
            values = [*SAMPLES.items(), *(("", w) for w in words[base.directive.name])]
            jobs += [(base, position, klass, value) for klass, value in values]
    lines = []
    for base, position, _, value in jobs:
        args = list(base.args)
        args[position] = value
        lines.append((base.directive, base.context, " ".join(args)))
    print(f"{len(items)} directives, {len(bases)} bases: {len(lines)} lines to try", flush=True)
    refused = batched(lines)
    # expected words a refusal names, tried too (QuotaDefault: 'soft' or 'hard')
    extra = []
    for index, (base, position, klass, _) in enumerate(jobs):
        if klass == "word" and index in refused:
            extra += [
                (base, position, "", w) for w in message_words(refused[index]) if w not in words[base.directive.name]
            ]
    extra = list({(id(b), p, w): (b, p, k, w) for b, p, k, w in extra}.values())
    more_lines = []
    for base, position, _, value in extra:
        args = list(base.args)
        args[position] = value
        more_lines.append((base.directive, base.context, " ".join(args)))
    more = batched(more_lines)
    refused.update({len(jobs) + i: m for i, m in more.items()})
    jobs += extra
    table: dict[tuple[str, int, int], dict[str, object]] = {}
    for index, (base, position, klass, value) in enumerate(jobs):
        if index in refused and first._HOST.search(refused[index]):
            continue  # refused for a fact of this machine: says nothing of the value
        key = (base.directive.name, len(base.args), position + 1)
        cell = table.setdefault(
            key, {"context": base.context, "verdicts": {}, "words": {}, "messages": {}, "bases": set(), "own": set()}
        )
        cell["bases"].add(" ".join(base.args))  # type: ignore[union-attr]
        if not base.only_last:  # the base's own value there is taken (the base is accepted)
            cell["words"].setdefault(base.args[position], []).append(True)  # type: ignore[union-attr]
            cell["own"].add(base.args[position])  # type: ignore[union-attr]
        if klass:
            cell["verdicts"].setdefault(klass, []).append(index not in refused)  # type: ignore[union-attr]
            if index in refused:
                cell["messages"].setdefault(klass, refused[index])  # type: ignore[union-attr]
        else:
            cell["words"].setdefault(value, []).append(index not in refused)  # type: ignore[union-attr]
    rows = [
        "directive\tcontext\tcount\tposition\trefused_classes\taccepted_classes\twords\twords_closed\tbase\tmessage_example"
    ]
    for (name, count, position), cell in sorted(table.items()):
        verdicts: dict[str, list[bool]] = cell["verdicts"]  # type: ignore[assignment]
        taken_words: dict[str, list[bool]] = cell["words"]  # type: ignore[assignment]
        messages: dict[str, str] = cell["messages"]  # type: ignore[assignment]
        refused_classes = sorted(k for k, v in verdicts.items() if not any(v))
        accepted = sorted(k for k, v in verdicts.items() if all(v))
        ok_words = sorted(w for w, v in taken_words.items() if any(v))
        row = rules.get(name)
        if row is not None and row["each_argument"] == "yes":  # an option list's words not tried here: not judged
            ok_words = sorted({*ok_words, *(w for w in row["words"].split(",") if w and w not in taken_words)})
        if not refused_classes:
            continue
        # a message naming a fixed set closes the words where some were found beyond the bases' own (QuotaDefault
        # soft|hard) or none is taken at all (AuthGroupFile /etc/group x): `unknown quota type` after `user`
        # alone says nothing of group, class
        found_beyond = bool(set(ok_words) - cell["own"]) or not ok_words  # type: ignore[operator]
        word_message = messages.get("word", "")
        # a boolean, number or clock parser (BanOnEvent's expiry: `none` and `forever` are refused, measured: the
        # special words are tried at every position) takes no other word
        closed = bool({"boolean", "small", "clock"} & set(accepted))
        closed |= bool(found_beyond) and bool(_CLOSED_MESSAGE.search(word_message))
        closed |= row is not None and row["each_argument"] == "yes" and row["words_closed"] == "yes"
        # an option list whose words were found in its module (words_closed `words`): plain words judged alike
        plain = not closed and row is not None and row["each_argument"] == "yes" and row["words_closed"] == "words"
        closure = "yes" if closed else "words" if plain else "no"
        example = messages.get("empty") or next(iter(messages.values()), "")
        rows.append(
            f"{name}\t{cell['context']}\t{count}\t{position}\t{','.join(refused_classes)}\t{','.join(accepted)}\t"
            f"{','.join(ok_words)}\t{closure}\t{' | '.join(sorted(cell['bases']))}\t{example}"  # type: ignore[arg-type]
        )
    if only is not None:  # a partial run: the other directives' rows are kept
        probed = {d.name for d, _ in items}
        kept = out.read_text(encoding="utf-8").splitlines()[1:] if out.is_file() else []
        body = [*rows[1:], *(r for r in kept if r and r.split("\t", 1)[0] not in probed)]
        rows = [rows[0], *sorted(body, key=lambda r: (r.split("\t")[0], int(r.split("\t")[2]), int(r.split("\t")[3])))]
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(items)} directives, {len(bases)} bases, {len(jobs)} lines tried; {len(rows) - 1} rows -> {out}")


if __name__ == "__main__":
    flags = [a.removeprefix("--only=") for a in sys.argv[1:] if a.startswith("--only=")]  # NAME,NAME: those rows
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(paths[0]) if paths else DEFAULT_OUT, set(flags[0].split(",")) if flags else None)
