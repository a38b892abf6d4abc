"""Measure how proftpd checks each directive's first argument: data/proftpd-argument-rules.tsv.

For every directive of the compiled-in modules that takes one argument, ``proftpd -t`` is run on
``Directive VALUE`` (inside the first section the directive is allowed in) for representatives of
each value class of ``ftpconf.dialects.proftpd.values.value_class`` and for the words its documented
syntax names.  A class is *refused* when the binary refused every representative for the value
(never for a fact of this machine: an unknown user, a missing file, a name lookup), *accepted* when
it accepted all of them; mixed classes are left out (ftpconf then does not judge them).  Directives
are probed many to a file; a refusal names its line, that line is recorded and dropped, the rest re-run.

    PYTHONPATH=. python tools/probe_proftpd_args.py [OUT]     (needs the unpacked daemons: make daemons)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ftpconf import catalog
from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.dialects.proftpd.values import CLASS_SAMPLES
from tests import daemons

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "data" / "proftpd-argument-rules.tsv"
# Directives that steer reading itself or the process, not values a handler parses.
SKIP = frozenset({"include", "loadmodule", "modulepath", "define", "setenv", "unsetenv", "serverroot"})
WRAPPERS = {
    "server": "{}",
    "VirtualHost": "<VirtualHost 127.0.0.1>\n{}\n</VirtualHost>",
    "Global": "<Global>\n{}\n</Global>",
    "Anonymous": "<Anonymous /tmp>\n{}\n</Anonymous>",
    "Directory": "<Directory /tmp>\n{}\n</Directory>",
    "Limit": "<Limit READ>\n{}\n</Limit>",
}
_LINE = re.compile(r"on line (\d+) of 'main\.conf'")
_HOST = re.compile(r"Unknown (user|group)|unable to resolve|No such file|unable to use|getaddrinfo|Permission denied")


def probed(catalogue: object) -> list[tuple[ProftpdDirective, str]]:
    """(directive, context) for every one-argument directive of the compiled-in modules."""
    found = []
    proftpd = catalog.proftpd()
    for directive in proftpd.directives.values():
        if directive.name.startswith("<") or directive.name.lower() in SKIP or directive.needs_load_module:
            continue
        if directive.arities is not None and 1 not in directive.arities:
            continue
        context = next((c for c in WRAPPERS if directive.allowed_in(c)), None)
        if context is not None:
            found.append((directive, context))
    return sorted(found, key=lambda item: item[0].name)


# Words numeric directives commonly take besides numbers, tried on every directive.
SPECIAL_WORDS = ("none", "all", "forever", "unlimited", "default", "auto", "max")


def doc_words(directive: ProftpdDirective) -> list[str]:
    """Words the documented syntax offers for the first argument (``ListStyle Unix|Windows``; placeholders
    like ``count`` are tried too and simply refused), plus SPECIAL_WORDS."""
    found = [w.strip('"') for w in _first_argument_alternatives(directive)]
    found = [w for w in found if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", w)]
    return sorted({w for w in [*found, *SPECIAL_WORDS] if w.lower() not in ("on", "off", "yes", "no", "true", "false")})


def _first_argument_alternatives(directive: ProftpdDirective) -> list[str]:
    parts = directive.syntax.split()[1:2]
    return [w.strip() for w in re.split(r"[|\[\]]", parts[0])] if parts else []


def words_closed(directive: ProftpdDirective, accepted: list[str], ok_words: list[str]) -> bool:
    """Whether the words tried are all the words the handler takes, so any other word is refused: a
    boolean handler (it parses on/off/... and nothing else), a numeric one (it takes numbers), or a
    documented enumeration of literal words (``ascii|binary``).  Option lists (``opt1 ...``) are not."""
    if "boolean" in accepted or "small" in accepted:
        return True
    literal = [w for w in _first_argument_alternatives(directive) if re.fullmatch(r'"?[A-Za-z]+"?', w)]
    return len(literal) > 1 and all(w.strip('"') in ok_words for w in literal)


def refused_alone(directive: ProftpdDirective, context: str, value: str) -> bool:
    """Whether the binary refuses ``Directive value`` (for the value, not for a fact of this machine)."""
    verdict = daemons.proftpd_configtest((WRAPPERS[context].format(f"{directive.name} {value}") + "\n").encode())
    return not verdict.accepted and not _HOST.search(verdict.message)


# 8, 9 and 80 tell an octal parser (Umask, DirFakeMode) from a decimal one: no interval then.
INTEGERS = (-(1 << 31), -300, -1, 0, 1, 2, 7, 8, 9, 80, 300, 65535, 65536, (1 << 31) - 1, 1 << 31, 1 << 63)


def integer_range(directive: ProftpdDirective, context: str) -> tuple[int | None, int | None] | None:
    """The integers the binary accepts, as (lowest, highest) with None for unbounded (the ends of INTEGERS);
    None when it accepts none or they are not one interval.  Each end is found by bisection."""
    ok = [not refused_alone(directive, context, str(n)) for n in INTEGERS]
    if not any(ok):
        return None
    first, last = ok.index(True), len(ok) - 1 - ok[::-1].index(True)
    if not all(ok[first : last + 1]):
        return None

    def edge(good: int, bad: int) -> int:  # the last accepted integer going from good towards bad
        while abs(bad - good) > 1:
            middle = (good + bad) // 2
            good, bad = (middle, bad) if not refused_alone(directive, context, str(middle)) else (good, middle)
        return good

    low = None if first == 0 else edge(INTEGERS[first], INTEGERS[first - 1])
    high = None if last == len(INTEGERS) - 1 else edge(INTEGERS[last], INTEGERS[last + 1])
    return low, high


def option_words(directive: ProftpdDirective, context: str, message: str, binary: list[str]) -> list[str]:
    """For an option-list handler (``unknown TransferOption 'x'``): the option names it takes, found among
    the strings the binary stores just before that message (the handler's literals) and each one tried."""
    found = re.search(r"(unknown|bad) [A-Za-z]+Option:? ?'", message)
    if not found:
        return []
    key = found[0].rstrip("'")
    at = next((i for i, text in enumerate(binary) if key in text), None)
    if at is None:
        return []
    candidates = [t for t in binary[max(0, at - 60) : at] if re.fullmatch(r"[A-Za-z][A-Za-z0-9_+-]{1,40}", t)]
    return sorted({w for w in candidates if not refused_alone(directive, context, w)})


SECOND_ARGUMENTS = ("abc", "1", "on", "/tmp", "UTF-8")


def alone_only(directive: ProftpdDirective, context: str, refused: list[str]) -> bool:
    """Whether a first argument refused alone can be right once a second follows (``UseEncoding UTF-8 CP1251``):
    tried with a refused first argument and a few second ones."""
    if directive.arities is not None and not any(n > 1 for n in directive.arities):
        return False
    first = next((v for c in refused for v in CLASS_SAMPLES[c] if v and c != "empty"), None)
    if first is None:
        return False
    return any(not refused_alone(directive, context, f"{first} {second}") for second in SECOND_ARGUMENTS)


def ignores_case(directive: ProftpdDirective, context: str, words: list[str]) -> bool:
    """Whether the handler compares its words ignoring case (tried with each upper-cased)."""
    return bool(words) and not any(refused_alone(directive, context, w.upper()) for w in words)


def refusals(items: list[tuple[ProftpdDirective, str]], value: str) -> dict[str, str]:
    """directive name -> proftpd's message, for the directives that refuse ``value``."""
    refused: dict[str, str] = {}
    left = list(items)
    quoted = '""' if value == "" else value
    while left:
        text: list[str] = []
        lines: dict[int, str] = {}
        for directive, context in left:
            block = WRAPPERS[context].format(f"{directive.name} {quoted}")
            start = sum(t.count("\n") + 1 for t in text) + 1
            for offset in range(block.count("\n") + 1):
                lines[start + offset] = directive.name
            text.append(block)
        verdict = daemons.proftpd_configtest(("\n".join(text) + "\n").encode())
        if verdict.accepted:
            return refused
        found = _LINE.search(verdict.message)
        if found is None or int(found[1]) not in lines:  # a crash or an unplaced error: one at a time
            if len(left) == 1:
                refused[left[0][0].name] = verdict.message
                return refused
            half = len(left) // 2
            refused.update(refusals(left[:half], value))
            refused.update(refusals(left[half:], value))
            return refused
        name = lines[int(found[1])]
        refused[name] = verdict.message
        left = [item for item in left if item[0].name != name]
    return refused


def _numeric(accepted: list[str]) -> bool:
    return bool({"zero", "one", "small", "large"} & set(accepted))


def main(out: Path) -> None:
    out = out.resolve()
    scratch = tempfile.TemporaryDirectory(prefix="ftpconf-probe-")
    os.chdir(scratch.name)  # log and pid directives given a word open it relative to the working directory
    items = probed(None)
    samples = {value: klass for klass, values in CLASS_SAMPLES.items() for value in values}
    words = {d.name: doc_words(d) for d, _ in items}
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(samples, pool.map(lambda v: refusals(items, v), samples), strict=True))
        # each directive's own words, on that directive only: as written, then upper-cased
        jobs = [(d, c, w) for d, c in items for word in words[d.name] for w in (word, word.upper())]
        found = pool.map(lambda job: refusals([(job[0], job[1])], job[2]), jobs)
        for (_, _, word), refusing in zip(jobs, found, strict=True):
            results.setdefault(word, {}).update(refusing)
    columns = ("directive", "context", "refused_classes", "accepted_classes", "words", "words_any_case")
    rows = ["\t".join((*columns, "words_closed", "integer_range", "alone_only", "message_example"))]
    strings = subprocess.run(["strings", daemons._binary(daemons.PROFTPD)], capture_output=True, text=True, check=True)
    binary = strings.stdout.splitlines()
    table = []
    for directive, context in items:
        name = directive.name
        verdicts: dict[str, set[bool | None]] = {}
        for value, klass in samples.items():
            message = results[value].get(name)
            verdicts.setdefault(klass, set()).add(None if message and _HOST.search(message) else message is None)
        refused = sorted(k for k, v in verdicts.items() if v == {False})
        accepted = sorted(k for k, v in verdicts.items() if v == {True})
        ok_words = [w for w in words[name] if name not in results[w]]
        any_case = bool(ok_words) and all(name not in results[w.upper()] for w in ok_words)
        # proftpd's message for an empty value, or for a refused one it does not quote (so it fits any value)
        example = results[""].get(name) or next(
            (results[v][name] for v in samples if name in results[v] and v not in results[v][name]), ""
        )
        example = re.sub(r" on line \d+ of 'main\.conf'", "", example)
        if refused:
            table.append((directive, context, refused, accepted, ok_words, any_case, example))
    with ThreadPoolExecutor(2) as pool:
        ranges = list(pool.map(lambda row: integer_range(row[0], row[1]) if _numeric(row[3]) else None, table))
        options = list(pool.map(lambda row: option_words(row[0], row[1], row[6], binary), table))
        alone = list(pool.map(lambda row: alone_only(row[0], row[1], row[2]), table))
    for (directive, context, refused, accepted, ok_words, nocase, example), span, extra, single in zip(
        table, ranges, options, alone, strict=True
    ):
        closed = words_closed(directive, accepted, ok_words) or bool(extra)
        if extra:
            nocase = ignores_case(directive, context, extra)
        taken = sorted({*ok_words, *extra})
        bounds = "" if span is None else "..".join("" if end is None else str(end) for end in span)
        rows.append(
            f"{directive.name}\t{context}\t{','.join(refused)}\t{','.join(accepted)}\t{','.join(taken)}\t"
            f"{'yes' if nocase else 'no'}\t{'yes' if closed else 'no'}\t{bounds}\t"
            f"{'yes' if single else 'no'}\t{example}"
        )
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(items)} directives probed with {len(samples)} values and their own words; {len(rows) - 1} -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
