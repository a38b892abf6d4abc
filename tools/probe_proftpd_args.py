"""Measure how proftpd checks each directive's first argument: data/proftpd-argument-rules.tsv.

For every directive that takes one argument, of the compiled-in modules and of every shared module the
provisioned tree can load (each probe file starts with ``LoadModule`` lines for the modules its directives
need, so mod_tls, mod_sftp, mod_sql, mod_quotatab, mod_ldap… are probed as loaded), ``proftpd -t`` is run on
``Directive VALUE`` (inside the first section the directive is allowed in) for representatives of
each value class of ``ftpconf.dialects.proftpd.values.value_class`` and for the words its documented
syntax names.  A class is *refused* when the binary refused every representative for the value
(never for a fact of this machine: an unknown user, a missing file, a name lookup), *accepted* when
it accepted all of them; mixed classes are left out (ftpconf then does not judge them).  Directives
are probed many to a file; a refusal names its line, that line is recorded and dropped, the rest re-run.
Option lists (``TLSOptions opt1 ...``) are also tried with a bogus second word: where that is refused every
argument is held to the same rule (``each_argument``), and signed words (``TLSProtocol ALL -SSLv3``) are tried.

    PYTHONPATH=. python tools/probe_proftpd_args.py [--modules-only] [--only=NAME,...] [OUT]   (needs the daemons)

``--modules-only`` re-measures the directives of shared modules only and keeps OUT's other rows (the
compiled-in modules' rows do not depend on what else is loaded): a third of the full run's time.
``--only`` re-measures the directives named (after tools/probe_proftpd_arities.py changed their counts).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ftpconf import catalog
from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.dialects.proftpd.values import CLASS_SAMPLES
from tests import daemons

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "data" / "proftpd-argument-rules.tsv"
FILES_OUT = "proftpd-file-arguments.tsv"  # beside OUT: directives whose file must exist when proftpd reads them
WORD_MODULES_OUT = "proftpd-word-modules.tsv"  # beside OUT: words a module building on the directive's adds
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


def loadable_modules() -> list[str]:
    """The shared modules the provisioned tree has a .so for, in an order proftpd loads them (a module's
    prerequisite first; mod_ifsession last, as Debian's modules.conf has it)."""
    directory = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES
    modules = [
        m
        for m in catalog.proftpd().modules.values()
        if not m.static and not m.broken and (directory / f"{m.name}.so").exists()
    ]
    return [m.name for m in sorted(modules, key=lambda m: (m.requires is not None, m.name == "mod_ifsession", m.name))]


# The loadable modules, in load order (set by main).
PREFIX: list[str] = []


def modules_for(directives: list[ProftpdDirective]) -> list[str]:
    """The LoadModule lines of PREFIX that ``directives`` need: their modules, the modules building on those
    (mod_sql_passwd's SQLAuthTypes SHA256), and what each of these needs loaded first.  Fewer modules, faster
    runs than the whole PREFIX."""
    modules = catalog.proftpd().modules
    wanted = {m for d in directives for m in (d.module, *d.also_in)}
    wanted |= {name for name, m in modules.items() if m.requires in wanted}
    for name in list(wanted):
        needed = modules[name].requires if name in modules else None
        while needed is not None:
            wanted.add(needed)
            needed = modules[needed].requires if needed in modules else None
    return [line for line in PREFIX if line.split()[1].removesuffix(".c") in wanted]


def configtest(body: str, directives: list[ProftpdDirective]) -> daemons.Verdict:
    """``proftpd -t`` on the modules ``directives`` need + body; line numbers in the message count body's lines."""
    prefix = modules_for(directives)
    verdict = daemons.proftpd_configtest(("".join(prefix) + body).encode())
    shift = len(prefix)
    message = verdict.message
    if not _LINE.search(message):  # OpenSSL's reasons come between the message and its line number
        raw = re.search(rb"on line (\d+) of '[^']*main\.conf'", verdict.raw)
        message += f" on line {int(raw[1]) - 1} of 'main.conf'" if raw else ""  # - 1: the ModulePath line
    message = _LINE.sub(lambda m: f"on line {int(m[1]) - shift} of 'main.conf'", message)
    return daemons.Verdict(verdict.accepted, message, verdict.raw)


def probed_directives(keep: Callable[[ProftpdDirective], bool]) -> list[tuple[ProftpdDirective, str]]:
    """(directive, context) for each directive ``keep`` selects among the compiled-in and loadable modules' ones,
    by name; every loadable module is loaded (PREFIX), as each probe's lines do."""
    PREFIX[:] = [f"LoadModule {name}.c\n" for name in loadable_modules()]
    proftpd = catalog.proftpd()
    loaded = {*proftpd.static_modules, *(line.split()[1].removesuffix(".c") for line in PREFIX)}
    found = []
    for directive in proftpd.directives.values():
        if directive.name.startswith("<") or directive.name.lower() in SKIP or not keep(directive):
            continue
        if not {directive.module, *directive.also_in} & loaded:
            continue
        context = next((c for c in WRAPPERS if directive.allowed_in(c)), None)
        if context is not None:
            found.append((directive, context))
    return sorted(found, key=lambda item: item[0].name)


def _takes_one(directive: ProftpdDirective) -> bool:
    return directive.arities is None or 1 in directive.arities

# Words numeric directives commonly take besides numbers, tried on every directive.
SPECIAL_WORDS = ("none", "all", "forever", "unlimited", "default", "auto", "max")


def doc_words(directive: ProftpdDirective) -> list[str]:
    """Words the documented syntax offers for the first argument (``ListStyle Unix|Windows``, ``TLSRequired
    ...|[!]data|auth+[!]data`` with and without the optional parts; placeholders like ``count`` are tried
    too and simply refused), plus SPECIAL_WORDS."""
    found = [w for w in _expanded_alternatives(directive) if re.fullmatch(r"!?[A-Za-z][A-Za-z0-9_.+!-]*", w)]
    return sorted({w for w in [*found, *SPECIAL_WORDS] if w.lower() not in ("on", "off", "yes", "no", "true", "false")})


def _first_argument_alternatives(directive: ProftpdDirective) -> list[str]:
    parts = directive.syntax.split()[1:2]
    return [w.strip() for w in re.split(r"[|\[\]]", parts[0])] if parts else []


def _expanded_alternatives(directive: ProftpdDirective) -> list[str]:
    """The documented first argument's alternatives, an optional ``[x]`` part given both ways."""
    parts = directive.syntax.split()[1:2]
    if not parts:
        return []
    text = parts[0]
    if text.startswith("[") and text.endswith("]") and "|" in text:  # ["Backend"|"Crypt"|...]: all optional
        text = text[1:-1]
    alternatives, depth, current = [], 0, ""
    for char in text:  # split on | outside brackets
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
        else:
            current += char
    alternatives.append(current)
    found: list[str] = []
    for alternative in alternatives:
        forms = [alternative.replace('"', "")]
        while any(_OPTIONAL.search(f) for f in forms):
            forms = [g for f in forms for g in _optional_forms(f)]
        found += [f.replace("[", "").replace("]", "") for f in forms]  # an unbalanced bracket: dropped
    return found


_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def _optional_forms(text: str) -> list[str]:
    match = _OPTIONAL.search(text)
    if match is None:
        return [text]
    return [text[: match.start()] + match[1] + text[match.end() :], text[: match.start()] + text[match.end() :]]


def words_closed(directive: ProftpdDirective, accepted: list[str], ok_words: list[str], keyed: list[str]) -> bool:
    """Whether the words tried are all the words the handler takes, so any other word is refused: a
    boolean handler (it parses on/off/... and nothing else), a numeric one (it takes numbers), a
    documented enumeration of literal words (``ascii|binary``), or a documented set of quoted keywords each
    taken alone or before its value (``keyed``: TLSRenegotiate ``["ctrl" secs] ...|"none"``).  Option lists
    (``opt1 ...``) are not."""
    if "boolean" in accepted or "small" in accepted:
        return True
    literal = [w for w in _first_argument_alternatives(directive) if re.fullmatch(r'"?[A-Za-z]+"?', w)]
    if len(literal) > 1 and all(w.strip('"') in ok_words for w in literal):
        return True
    quoted = _quoted_keywords(directive)
    return bool(keyed) and len(quoted) > 1 and all(w in ok_words or w in keyed for w in quoted)


def _quoted_keywords(directive: ProftpdDirective) -> list[str]:
    """The literal words the documented syntax quotes, at any position (``"ctrl"``, ``"none"``)."""
    return re.findall(r'"([A-Za-z][A-Za-z0-9_-]*)"', directive.syntax)


def keywords_with_value(directive: ProftpdDirective, context: str, ok_words: list[str]) -> list[str]:
    """The documented quoted keywords refused alone but taken before a value (``TLSRenegotiate ctrl 10``; alone,
    ``ctrl`` crashes 1.3.8): such a first word can be right once a second follows, so the first-argument rule
    holds only for a line of one argument."""
    if directive.arities is not None and not any(n > 1 for n in directive.arities):
        return []
    return [
        w
        for w in _quoted_keywords(directive)
        if w not in ok_words and any(not refused_alone(directive, context, f"{w} {v}") for v in ("1", "on"))
    ]


def refused_alone(directive: ProftpdDirective, context: str, value: str) -> bool:
    """Whether the binary refuses ``Directive value`` (for the value, not for a fact of this machine)."""
    verdict = configtest(WRAPPERS[context].format(f"{directive.name} {value}") + "\n", [directive])
    if b"STACK TRACE" in verdict.raw and context == "server" and directive.allowed_in("Global"):
        # mod_sftp dies on a valid `SFTPCiphers aes256-ctr` at server level without SFTPEngine (measured): a
        # crash is no verdict on the value, <Global> reads it
        verdict = configtest(WRAPPERS["Global"].format(f"{directive.name} {value}") + "\n", [directive])
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
    the strings the binary stores around that message (the handler's literals) and among the short
    words of the modules that build on the directive's (mod_sql_passwd registers ``SQLAuthTypes SHA256``),
    each one tried."""
    if _ALGORITHMS.search(message):  # mod_sftp's algorithm tables: anywhere in the module
        so = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES / f"{directive.module}.so"
        names = {t for t in _strings(str(so)) if _ALGORITHM.fullmatch(t)} if so.exists() else set()
        names |= set(SPECIAL_WORDS)  # `SFTPCiphers none`: tried here too, where a crash is retried in <Global>
        return sorted(w for w in names if not refused_alone(directive, context, w))
    found = re.search(r"(unknown|bad|unsupported) [A-Za-z][A-Za-z ]*:? ?'", message)
    if not found:
        return []
    key = found[0].rstrip("'")
    # the directive's own module first: two modules may share a message (mod_radius says "unknown TLSOption")
    so = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES / f"{directive.module}.so"
    for strings in ([_strings(str(so))] if so.exists() else []) + [binary]:
        at = next((i for i, text in enumerate(strings) if key in text), None)
        if at is not None:
            break
    if at is None:
        return []
    near = strings[max(0, at - 60) : at + 60]
    candidates = [t for t in near if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.+-]{1,40}", t)]
    candidates += [w for w in dependents_words(directive.module) if re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,15}", w)]
    return sorted({w for w in candidates if not refused_alone(directive, context, w)})


# A refusal naming its value as outside a fixed set (SFTPAuthMethods "unsupported authentication method 'x'",
# SFTPTrafficPolicy "'x' is not a recognized policy"), whose words lie far from the message in the module
# (SQLAuthenticate's bare "unknown argument" is left out: its `groups` is stored inside a longer string, so the
# module's words found would not be all it takes)
_FIXED_SET = re.compile(r"(unknown|unsupported) [A-Za-z ]+'|' is not a recognized ")
_TAIL_WORD = re.compile(r"(?<![A-Za-z0-9-])[a-z][a-z0-9-]{1,24}$")


def module_words(directive: ProftpdDirective, context: str, message: str) -> list[str]:
    """For a handler refusing values outside a fixed set, when option_words found none near its message: every
    plain lower-case word that ends a string of its module's .so (the linker stores ``"publickey"`` as the tail
    of ``sftp_auth_publickey``; a few hundred words), each tried alone.  They close the plain words only
    (``words_closed`` = ``words``): a compound of them (``publickey+password``) is still taken."""
    so = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES / f"{directive.module}.so"
    if not _FIXED_SET.search(message) or not so.exists():
        return []
    names = {m[0] for t in _strings(str(so)) if (m := _TAIL_WORD.search(t))}
    taken = _taken(directive, context, sorted(names))
    more_args = directive.arities is None or any(n > 1 for n in directive.arities)
    # a first word after which a bogus one is refused (`none` ends TLSRenegotiate's and SFTPTrafficPolicy's reading)
    lead = next((w for w in taken if more_args and refused_alone(directive, context, f"{w} {BOGUS_WORD}")), None)
    if lead is not None:
        # a word taken only after another (`SQLAuthenticate users userset`; alone it is refused): a later argument
        # may be it, so it is listed with the words
        later = _taken(directive, context, [f"{lead} {w}" for w in sorted(names - set(taken))])
        taken = [*taken, *(line.split(" ", 1)[1] for line in later)]
    # a handler comparing only as many letters as given (mod_sftp: `SFTPAuthMethods p` is publickey) takes the
    # prefixes too: those measured are listed with the words
    prefixes = sorted({w[:n] for w in taken for n in range(1, len(w))} - set(taken))
    return sorted({*taken, *_taken(directive, context, prefixes)})


def _taken(directive: ProftpdDirective, context: str, words: list[str]) -> list[str]:
    with ThreadPoolExecutor(2) as pool:
        refused = list(pool.map(lambda w: refused_alone(directive, context, w), words))
    return [w for w, no in zip(words, refused, strict=True) if not no]


# "unsupported cipher algorithm: " (SFTPCiphers, SFTPDigests, SFTPKeyExchanges, SFTPHostKeys): the names are
# table entries far from the message, shaped like aes256-ctr, 3des-cbc, umac-64@openssh.com
_ALGORITHMS = re.compile(r"unsupported [a-z ]*algorithm: ")
_ALGORITHM = re.compile(r"[a-z0-9][a-z0-9@.+_-]{2,60}")


def dependents_words(module: str) -> list[str]:
    """The strings of the loadable modules that need ``module`` loaded first."""
    directory = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES
    needing = [m.name for m in catalog.proftpd().modules.values() if m.requires == module]
    return sorted(
        {w for name in needing if (directory / f"{name}.so").exists() for w in _strings(str(directory / f"{name}.so"))}
    )


SECOND_ARGUMENTS = ("abc", "1", "on", "/tmp", "UTF-8")


def alone_only(directive: ProftpdDirective, context: str, refused: list[str]) -> bool:
    """Whether a first argument refused alone can be right once a second follows (``UseEncoding UTF-8 CP1251``):
    tried with a refused first argument and a few second ones."""
    counts = sorted(n for n in directive.arities or (2,) if 1 < n <= 4)  # `SQLRatios frate fcred brate bcred`: 4
    if not counts:
        return False
    first = next((v for c in refused for v in CLASS_SAMPLES[c] if v and c != "empty"), None)
    if first is None:
        return False
    lines = [" ".join([first, *[second] * (n - 1)]) for n in counts for second in SECOND_ARGUMENTS]
    return any(not refused_alone(directive, context, line) for line in lines)


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
        verdict = configtest("\n".join(text) + "\n", [d for d, _ in left])
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


BOGUS_WORD = "NoSuchWordXyzzy"


def each_argument(directive: ProftpdDirective, context: str, words: list[str]) -> bool:
    """Whether every argument is held to the first one's rule (an option list): a taken word followed by a
    bogus one is refused, and followed by a second taken word is not."""
    if not words or (directive.arities is not None and not any(n > 1 for n in directive.arities)):
        return False
    own = [w for w in words if w.lower() not in SPECIAL_WORDS] or words  # its own words: `all` may stand alone
    first, second = own[0], own[-1]
    if not refused_alone(directive, context, f"{first} {BOGUS_WORD}") or refused_alone(
        directive, context, f"{first} {second}"
    ):
        return False
    # a documented leading word refused alone but taken before one of the list's (`RLimitCPU daemon max`): the
    # arguments are not one list
    leading = [w for w in _expanded_alternatives(directive) if w and w not in words]
    return all(refused_alone(directive, context, f"{w} {first}") for w in leading)


def signed_words(directive: ProftpdDirective, context: str, words: list[str]) -> list[str]:
    """``-word``/``+word`` forms a list handler takes after a first word (``TLSProtocol ALL -SSLv3``; only
    after ALL, so the first word that takes a signed one is used)."""
    own = [w for w in words if w.lower() not in SPECIAL_WORDS] or words
    first = next((w for w in words if not refused_alone(directive, context, f"{w} -{own[-1]}")), None)
    if first is None:
        return []
    return [f"{sign}{w}" for w in words for sign in "-+" if not refused_alone(directive, context, f"{first} {sign}{w}")]


def _numeric(accepted: list[str]) -> bool:
    return bool({"zero", "one", "small", "large"} & set(accepted))


def by_module(items: list[tuple[ProftpdDirective, str]], value: str) -> dict[str, str]:
    """refusals() per module, so each probe file loads only what its directives need (faster runs)."""
    groups: dict[str, list[tuple[ProftpdDirective, str]]] = {}
    for directive, context in items:
        groups.setdefault(directive.module, []).append((directive, context))
    return {name: message for group in groups.values() for name, message in refusals(group, value).items()}


def _merged(path: Path, rows: list[str], probed_names: set[str]) -> list[str]:
    """``rows`` (header first) plus the rows of ``path`` for directives not probed now, sorted by directive."""
    kept = path.read_text(encoding="utf-8").splitlines()[1:] if path.is_file() else []
    width = rows[0].count("\t")
    # a row measured before a column was added: "no" in the new columns, which stand before the last one
    kept = [_pad(r, width) for r in kept]
    body = [*rows[1:], *(r for r in kept if r.split("\t", 1)[0] not in probed_names)]
    return [rows[0], *sorted(body, key=lambda r: r.split("\t", 1)[0])]


def _pad(row: str, width: int) -> str:
    cells = row.split("\t")
    return "\t".join([*cells[:-1], *["no"] * (width + 1 - len(cells)), cells[-1]])


def main(out: Path, modules_only: bool = False, only: frozenset[str] = frozenset()) -> None:
    out = out.resolve()
    PREFIX[:] = [f"LoadModule {name}.c\n" for name in loadable_modules()]
    scratch = tempfile.TemporaryDirectory(prefix="ftpconf-probe-")
    os.chdir(scratch.name)  # log and pid directives given a word open it relative to the working directory
    items = [item for item in probed_directives(_takes_one) if item[0].needs_load_module or not modules_only]
    items = [item for item in items if not only or item[0].name.lower() in only]
    modules_only = modules_only or bool(only)  # a partial run: the other rows are kept
    samples = {value: klass for klass, values in CLASS_SAMPLES.items() for value in values}
    words = {d.name: doc_words(d) for d, _ in items}
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(samples, pool.map(lambda v: by_module(items, v), samples), strict=True))
        # each directive's own words, on that directive only: as written, then upper-cased
        jobs = [(d, c, w) for d, c in items for word in words[d.name] for w in (word, word.upper())]
        found = pool.map(lambda job: refusals([(job[0], job[1])], job[2]), jobs)
        for (_, _, word), refusing in zip(jobs, found, strict=True):
            results.setdefault(word, {}).update(refusing)
    columns = ("directive", "context", "refused_classes", "accepted_classes", "words", "words_any_case")
    rows = ["\t".join((*columns, "words_closed", "integer_range", "alone_only", "each_argument", "message_example"))]
    directory = daemons.ensure_provisioned() / daemons.PROFTPD_MODULES
    objects = [daemons._binary(daemons.PROFTPD), *sorted(str(p) for p in directory.glob("*.so"))]
    # the strings of the binary and of every module, each object's in its own run (a message's neighbours)
    binary = [line for o in objects for line in _strings(o)]
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

    def word_message(directive: ProftpdDirective) -> str:  # the refusal of a plain word (the example may be '')
        return results[CLASS_SAMPLES["word"][0]].get(directive.name, "")

    with ThreadPoolExecutor(2) as pool:
        ranges = list(pool.map(lambda row: integer_range(row[0], row[1]) if _numeric(row[3]) else None, table))
        options = list(pool.map(lambda row: option_words(row[0], row[1], row[6], binary), table))
        scanned = [
            [] if found or "word" not in row[2] else module_words(row[0], row[1], word_message(row[0]))
            for row, found in zip(table, options, strict=True)
        ]
        options = [found or more for found, more in zip(options, scanned, strict=True)]
        alone = list(pool.map(lambda row: alone_only(row[0], row[1], row[2]), table))
        keyed = list(pool.map(lambda row: keywords_with_value(row[0], row[1], row[4]), table))
        taken_words = [sorted({*row[4], *extra}) for row, extra in zip(table, options, strict=True)]
        # a handler that takes numbers reads its arguments by position (`RLimitCPU [scope] soft [hard]`), not as a list
        each = list(
            pool.map(
                lambda job: not _numeric(job[0][3]) and each_argument(job[0][0], job[0][1], job[1]),
                zip(table, taken_words, strict=True),
            )
        )
        signed = list(
            pool.map(
                lambda job: signed_words(job[0][0], job[0][1], job[1]) if job[2] else [],
                zip(table, taken_words, each, strict=True),
            )
        )
    keywords = {row[0].name: found for row, found in zip(table, keyed, strict=True)}
    scanned_by = {row[0].name: found for row, found in zip(table, scanned, strict=True)}
    for (directive, context, refused, accepted, ok_words, nocase, example), span, extra, single, every, more in zip(
        table, ranges, options, alone, each, signed, strict=True
    ):
        keys = keywords[directive.name]
        closed = words_closed(directive, accepted, ok_words, keys) or bool(extra)
        single = single or bool(keys)
        plain_only = (
            bool(extra)
            and extra == scanned_by[directive.name]
            and not words_closed(directive, accepted, ok_words, keys)
        )
        if extra:
            nocase = ignores_case(directive, context, extra)
        taken = sorted({*ok_words, *extra, *more})
        bounds = "" if span is None else "..".join("" if end is None else str(end) for end in span)
        rows.append(
            f"{directive.name}\t{context}\t{','.join(refused)}\t{','.join(accepted)}\t{','.join(taken)}\t"
            f"{'yes' if nocase else 'no'}\t{'words' if plain_only else 'yes' if closed else 'no'}\t{bounds}\t"
            f"{'yes' if single else 'no'}\t{'yes' if every else 'no'}\t{example}"
        )
    names = {d.name for d, _ in items}
    if modules_only:
        rows = _merged(out, rows, names)
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    added = [
        f"{directive.name}\t{word}\t{module}"
        for directive, context in items
        for word, module in module_added_words(directive, context, _row_words(rows, directive.name)).items()
    ]
    added_lines = ["directive\tword\tmodule", *added]
    if modules_only:
        added_lines = _merged(out.parent / WORD_MODULES_OUT, added_lines, names)
    (out.parent / WORD_MODULES_OUT).write_text("\n".join(added_lines) + "\n", encoding="utf-8")
    files = file_arguments(items)
    lines = ["directive\tmessage", *(f"{name}\t{message}" for name, message in files)]
    if modules_only:
        lines = _merged(out.parent / FILES_OUT, lines, names)
    (out.parent / FILES_OUT).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(items)} directives probed with {len(samples)} values and their own words; {len(rows) - 1} -> {out}")


def _row_words(rows: list[str], name: str) -> list[str]:
    row = next((r for r in rows[1:] if r.split("\t", 1)[0] == name), None)
    return [w for w in row.split("\t")[4].split(",") if w] if row else []


def module_added_words(directive: ProftpdDirective, context: str, words: list[str]) -> dict[str, str]:
    """word -> the modules that add it (``a|b``: any of them), for the words taken only when a module building
    on the directive's is loaded too (mod_sql_passwd's ``SQLAuthTypes SHA256``): each word tried with the
    directive's own modules, then with each such module."""
    modules = catalog.proftpd().modules
    loadable = {line.split()[1].removesuffix(".c") for line in PREFIX}
    owners = (directive.module, *directive.also_in)
    needing = [m for m in modules.values() if m.requires in owners and m.name in loadable]
    if not words or not needing:
        return {}
    own = [line for line in PREFIX if line.split()[1].removesuffix(".c") not in {m.name for m in needing}]

    def taken_with(prefix: list[str], word: str) -> bool:
        body = "".join(prefix) + WRAPPERS[context].format(f"{directive.name} {word}") + "\n"
        return daemons.proftpd_configtest(body.encode()).accepted

    found: dict[str, str] = {}
    for word in words:
        if taken_with(own, word):
            continue
        extra = [m.name for m in needing if taken_with([*own, f"LoadModule {m.name}.c\n"], word)]
        if extra:  # `Backend`: any SQL backend module
            found[word] = "|".join(extra)
    return found


_FILE_MESSAGE = re.compile(r"does not exist|not found|unable to (use|check) '?/|error checking '/|No such file")


def file_arguments(items: list[tuple[ProftpdDirective, str]]) -> list[tuple[str, str]]:
    """(directive, message) for the directives whose first argument must be an existing file when proftpd
    reads the configuration (TLSRSACertificateFile, SFTPHostKey): refused for a missing file in a missing
    directory and in an existing one (a log or scoreboard file only needs its directory)."""
    with tempfile.TemporaryDirectory(prefix="ftpconf-probe-files-") as existing:
        missing = {n: m for n, m in refusals(items, "/nonexistent/ftpconf-probe").items() if _FILE_MESSAGE.search(m)}
        named = [item for item in items if item[0].name in missing]
        inside = refusals(named, f"{existing}/absent")
    found = []
    # the message must name the file (``Allow`` says "No such file" of a host name it could not resolve)
    for name in sorted(
        n for n in missing if n in inside and _FILE_MESSAGE.search(inside[n]) and "/nonexistent/" in missing[n]
    ):
        message = re.sub(r" on line \d+ of 'main\.conf'", "", missing[name]).replace("/nonexistent/ftpconf-probe", "{}")
        found.append((name, message))
    return found


def _strings(path: str) -> list[str]:
    # -n 3: SQLPasswordEncoding's `hex` is three letters
    return subprocess.run(["strings", "-n", "3", path], capture_output=True, text=True, check=True).stdout.splitlines()


if __name__ == "__main__":
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    names = frozenset(n.lower() for f in flags if f.startswith("--only=") for n in f.removeprefix("--only=").split(","))
    main(Path(paths[0]) if paths else DEFAULT_OUT, modules_only="--modules-only" in flags, only=names)
