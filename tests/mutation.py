"""Mutation/differential testing against the real daemons (issue 16 §2).

Start from configurations a daemon accepts (the rule fixtures, the in-repo corpus files a release's daemon
accepted in tests/corpus/verdicts*.tsv, the accepted parity cases, and tests/fixtures/mutation: setups that
load proftpd's shared modules, mod_tls, mod_sftp, mod_sql, mod_quotatab, mod_ldap…), apply one small edit an admin could
make (a value, an argument count, a repeated line, a line moved into a section, quoting, a trailing
comment, case), run the real daemon on the result, and compare with ftpconf's error verdict.  The
verdict on each side is the one the parity suites use (tests/test_*_parity.py), so every
disagreement is a ready-to-commit parity case (``Mutant.parity_case``).

Every campaign runs on one Debian release's daemons (tests/daemons.py RELEASES) with ftpconf targeting the
versions that release ships (``--target-version``).  On a release whose proftpd builds modules loadable that
Debian 12 compiled in (``PROFTPD_STOCK_LOADS``: 1.3.8c's mod_xfer, mod_ls, mod_delay), each proftpd seed
starts with the guarded loads of the stock modules.conf every Debian 13 proftpd.conf includes: otherwise a
seed using ``AllowOverwrite`` would be refused for the file Debian ships beside it, not for its own text.

The mutants are a pure function of the random seed, the release, the seeds and this file.  A value that names a
file (contains ``/``) is never produced or replaced: whether a path exists is a fact of the machine,
not of the text.
"""

from __future__ import annotations

import hashlib
import random
import re
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests import daemons
from tests.corpus_verdicts import read_verdicts, verdicts_path
from tests.releases import target

REPO = Path(__file__).resolve().parent.parent
RULE_FIXTURES = REPO / "tests" / "fixtures" / "rules"
MODULE_SEEDS = REPO / "tests" / "fixtures" / "mutation"
CORPUS = REPO / "tests" / "corpus"
DAEMONS = ("proftpd", "vsftpd", "pureftpd")

# Values a mutation puts in place of an argument: the types proftpd/vsftpd/pure-ftpd handlers parse.
VALUES = (
    "on", "off", "yes", "no", "true", "false", "YES", "NO", "On", "1", "0", "-1", "2", "7", "10", "42", "300",
    "65535", "65536", "2147483648", "99999999999999999999", "0755", "022", "0999", "1.5", "10abc", "abc",
    "none", "forever", "all", "ALL", "",
)  # fmt: skip
SECTIONS = {
    "proftpd": ("<Global>\n{}\n</Global>\n", "<Anonymous ~ftp>\n{}\n</Anonymous>\n",
                "<Directory /tmp>\n{}\n</Directory>\n", "<Limit READ>\n{}\n</Limit>\n"),
}  # fmt: skip


@dataclass(frozen=True)
class Seed:
    daemon: str
    name: str
    config: bytes


@dataclass(frozen=True)
class Mutant:
    daemon: str
    seed: str
    mutation: str
    config: bytes
    release: str = daemons.DEFAULT_RELEASE

    @property
    def id(self) -> str:
        return "M" + hashlib.sha256(self.daemon.encode() + b"\0" + self.config).hexdigest()[:8]

    def parity_case(self, rejected: bool, message: str) -> str:
        """The mutant as a row of the daemon's parity-case file (tests/*parity_cases.py, vsftpd OUR_CASES)."""
        who = self.daemon + ("" if self.release == daemons.DEFAULT_RELEASE else f" ({self.release})")
        note = f"  # {self.seed}: {self.mutation}; {who} {'refuses' if rejected else 'accepts'}: {message}"
        note = note.replace("\n", " ")[:200]
        config = _literal(self.config)
        if self.daemon == "proftpd":
            return f'Case("{self.id}", {config}, {rejected}),{note}'
        if self.daemon == "vsftpd":
            return f'Case("{self.id}", {config}),{note}'
        return f'"{self.id} {self.mutation}": {config},{note}'


def _literal(data: bytes) -> str:
    """A bytes literal as ruff format writes it (double quotes unless the bytes hold one)."""
    text = repr(data)
    if text.startswith("b'") and b'"' not in data:
        text = 'b"' + text[2:-1].replace("\\'", "'") + '"'
    return text


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    daemon_accepts: bool
    message: str
    errors: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return self.daemon_accepts == (not self.errors)

    @property
    def host_fact(self) -> bool:
        """The daemon refused for a fact of this machine (a user, a file, a name lookup), not for the text:
        ftpconf's host checks judge those, its error verdict must not depend on them."""
        return not self.daemon_accepts and bool(_HOST_FACT.search(self.message))


_HOST_FACT = re.compile(
    r"Unknown (user|group)|unable to resolve|No such file or directory|Illegal forced IP|unable to use path"
    r"|cannot resolve host|cannot load RSA certificate|that file doesn.t exist"
    # vsftpd opens its log files at start: whether the (relative, quoted) path's directory exists is the machine's
    r"|failed to open (xferlog|vsftpd) log file"
    # the cipher and curve names the server's OpenSSL build knows (mod_tls hands them to it as they are)
    r"|unable to use (ciphersuite|ECDH curves)"
)


# --- seeds ------------------------------------------------------------------------------------

_SUFFIX = {"proftpd": ".proftpd.conf", "vsftpd": ".vsftpd.conf", "pureftpd": ".pure-ftpd.conf"}


def candidate_seeds(daemon: str, release: str = daemons.DEFAULT_RELEASE) -> list[Seed]:
    """Configurations the project holds that the daemon is expected to accept (checked again by ``usable``)."""
    seeds = [
        Seed(daemon, f"fixtures/{path.parent.name}/{path.name}", path.read_bytes())
        for path in sorted(RULE_FIXTURES.glob(f"*/ok*{_SUFFIX[daemon]}"))
    ]
    seeds += [
        Seed(daemon, f"mutation/{path.name}", path.read_bytes())
        for path in sorted(MODULE_SEEDS.glob(f"*{_SUFFIX[daemon]}"))
    ]
    # a file any release's daemon accepted (as it stands; on 1.3.8c with the stock loads it may be accepted too)
    accepted = {
        key
        for release_seen in daemons.RELEASES
        for key, row in read_verdicts(verdicts_path(release_seen)).items()
        if row["kind"] == daemon and row["verdict"] == "accepted"
    }
    for file in sorted(accepted):
        if (CORPUS / file).is_file():
            seeds.append(Seed(daemon, f"corpus/{file}", (CORPUS / file).read_bytes()))
    seeds += _parity_seeds(daemon)
    prefix = _stock_loads(daemon, release)
    return [Seed(daemon, seed.name, prefix + seed.config) for seed in seeds if seed.config.strip()]


def _stock_loads(daemon: str, release: str) -> bytes:
    """The lines of ``release``'s stock modules.conf that load what Debian 12 compiled in, each guarded
    as ftpconf's proftpd writer guards them (a seed may load the module itself)."""
    if daemon != "proftpd":
        return b""
    loads = daemons.PROFTPD_STOCK_LOADS.get(release, ())
    return b"".join(f"<IfModule !{name}>\nLoadModule {name}\n</IfModule>\n".encode() for name in loads)


def _parity_seeds(daemon: str) -> list[Seed]:
    if daemon == "proftpd":
        from tests.proftpd_parity_cases import CASES as PROFTPD

        plain = (c for c in PROFTPD if c.reject is False and not (c.files or c.dirs or c.defines or c.env))
        return [Seed(daemon, f"parity/{c.id}", c.config) for c in plain if b"{dir}" not in c.config]
    if daemon == "vsftpd":
        from tests.test_vsftpd_parity import OUR_CASES

        return [Seed(daemon, f"parity/{c.id}", c.config) for c in OUR_CASES if not (c.standalone or c.argv_extra)]
    from tests.pureftpd_parity_cases import CONF_CASES

    return [Seed(daemon, f"parity/{name}", config) for name, config in sorted(CONF_CASES.items())]


# --- the two verdicts -------------------------------------------------------------------------


def daemon_verdict(daemon: str, config: bytes, release: str = daemons.DEFAULT_RELEASE) -> daemons.Verdict:
    if daemon == "proftpd":
        return daemons.proftpd_configtest(config, release=release)
    if daemon == "vsftpd":
        return daemons.vsftpd_verdict(config, release=release)
    return daemons.pureftpd_verdict(config=config, release=release)


def ftpconf_errors(daemon: str, config: bytes, where: Path) -> list[str]:
    """ftpconf's error findings, computed exactly as the daemon's parity suite computes them."""
    if daemon == "proftpd":
        from tests.proftpd_parity_cases import Case
        from tests.test_proftpd_parity import ftpconf_errors as proftpd_errors

        return proftpd_errors(config, where, Case("mutant", config))
    if daemon == "vsftpd":
        from tests.test_vsftpd_parity import Case as VsftpdCase
        from tests.test_vsftpd_parity import _ftpconf_errors as vsftpd_errors

        return vsftpd_errors(VsftpdCase("mutant", config), "/tmp/empty")
    from ftpconf.dialects.pureftpd.reader import read
    from ftpconf.source import read_source
    from tests.test_pureftpd_parity import VANILLA, _errors

    path = where / "pure-ftpd.conf"
    path.write_bytes(config)
    return _errors(read(read_source(path), VANILLA))


def judge(mutant: Mutant) -> Outcome:
    """The release's daemon and ftpconf targeting that release's version (set here: a worker thread does
    not inherit the caller's target)."""
    verdict = daemon_verdict(mutant.daemon, mutant.config, mutant.release)
    with tempfile.TemporaryDirectory(prefix="ftpconf-mutant-") as where, target(mutant.release, mutant.daemon):
        errors = ftpconf_errors(mutant.daemon, mutant.config, Path(where))
    return Outcome(mutant, verdict.accepted, verdict.message, tuple(errors))


# --- mutations --------------------------------------------------------------------------------

_SECTION_LINE = re.compile(rb"^\s*</?[A-Za-z]")


@dataclass
class _Line:
    """One directive line split as ``indent name sep args...`` (proftpd/pure-ftpd: spaces; vsftpd: ``=``)."""

    indent: str
    name: str
    sep: str
    args: list[str]

    def text(self) -> str:
        return self.indent + self.name + (self.sep + " ".join(self.args) if self.args or self.sep == "=" else "")


def _split(daemon: str, line: str) -> _Line | None:
    stripped = line.lstrip(" \t")
    if not stripped or stripped.startswith("#") or (daemon == "proftpd" and stripped.startswith("<")):
        return None
    indent = line[: len(line) - len(stripped)]
    if daemon == "vsftpd":
        name, eq, value = stripped.partition("=")
        return _Line(indent, name, "=", [value]) if eq else None
    name, *args = stripped.split()
    return _Line(indent, name, " ", args)


Mutator = Callable[[random.Random, str, list[str], int, _Line], "tuple[str, list[str]] | None"]


def _value(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]] | None:
    slots = [i for i, arg in enumerate(line.args) if "/" not in arg]
    if not slots:
        return None
    slot = rng.choice(slots)
    new = rng.choice(VALUES)
    if daemon != "vsftpd" and new == "":
        new = '""'
    line.args[slot] = new
    return f"value {slot + 1} of {line.name} -> {new!r}", _replace(lines, at, line.text())


def _count(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]] | None:
    if daemon == "vsftpd":
        return None
    if line.args and ("/" not in line.args[-1]) and rng.random() < 0.5:
        line.args.pop()
        return f"{line.name} with one argument fewer", _replace(lines, at, line.text())
    line.args.append(rng.choice([a for a in line.args if "/" not in a] or ["x"]) if line.args else "x")
    return f"{line.name} with one argument more", _replace(lines, at, line.text())


def _duplicate(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]]:
    return f"{line.name} given twice", [*lines[: at + 1], lines[at], *lines[at + 1 :]]


def _section(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]] | None:
    if daemon not in SECTIONS:
        return None
    wrapper = rng.choice(SECTIONS[daemon])
    moved = [*lines[:at], *lines[at + 1 :], wrapper.format(lines[at])]
    return f"{line.name} moved into {wrapper.split('>')[0]}>", moved


def _quote(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]] | None:
    if not line.args:
        return None
    slot = rng.randrange(len(line.args))
    quote = rng.choice(['"', "'"])
    line.args[slot] = f"{quote}{line.args[slot]}{quote}" if rng.random() < 0.8 else quote + line.args[slot]
    return f"quoted value {slot + 1} of {line.name} ({line.args[slot]})", _replace(lines, at, line.text())


def _comment(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]]:
    tail = rng.choice([" # note", "# note", "\t#"])
    return f"trailing comment after {line.name}", _replace(lines, at, line.text() + tail)


def _case(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]]:
    if line.args and rng.random() < 0.5:
        slot = rng.randrange(len(line.args))
        line.args[slot] = line.args[slot].swapcase()
        what = f"value {slot + 1}"
    else:
        line.name = rng.choice([line.name.upper(), line.name.lower()])
        what = "name"
    return f"case of {what} of {line.name}", _replace(lines, at, line.text())


def _spacing(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]]:
    if daemon == "vsftpd" and rng.random() < 0.5:
        text = line.indent + line.name + rng.choice([" =", "= ", " = "]) + " ".join(line.args)
    elif daemon == "pureftpd" and rng.random() < 0.5:  # the key/value separator (`NoAnonymous=yes`, `Key=`)
        text = line.indent + line.name + rng.choice(["=", " = ", "\t", "= "]) + " ".join(line.args)
    else:
        text = rng.choice(["  ", "\t"]) + line.text() + rng.choice(["", " ", "\t"])
    return f"spacing around {line.name}", _replace(lines, at, text)


def _drop(rng: random.Random, daemon: str, lines: list[str], at: int, line: _Line) -> tuple[str, list[str]]:
    return f"{line.name} removed", lines[:at] + lines[at + 1 :]


def _replace(lines: list[str], at: int, text: str) -> list[str]:
    return [*lines[:at], text, *lines[at + 1 :]]


# value changes are what admins do most and what the daemons check most: weighted up
MUTATORS: tuple[tuple[Mutator, int], ...] = (
    (_value, 8), (_count, 3), (_duplicate, 2), (_section, 2), (_quote, 2), (_comment, 2), (_case, 2),
    (_spacing, 1), (_drop, 1),
)  # fmt: skip


def mutate(rng: random.Random, seed: Seed, release: str = daemons.DEFAULT_RELEASE) -> Mutant | None:
    """One mutant of ``seed``, or None when the draw found nothing to change."""
    lines = seed.config.decode("latin-1").split("\n")
    targets = [i for i, text in enumerate(lines) if _split(seed.daemon, text) is not None]
    if not targets:
        return None
    at = rng.choice(targets)
    line = _split(seed.daemon, lines[at])
    assert line is not None
    mutators, weights = zip(*MUTATORS, strict=True)
    result = rng.choices(mutators, weights)[0](rng, seed.daemon, lines, at, line)
    if result is None:
        return None
    what, new = result
    config = "\n".join(new).encode("latin-1")
    return None if config == seed.config else Mutant(seed.daemon, seed.name, what, config, release)


_REFUSED_LINE = re.compile(r"on line (\d+) of 'main\.conf'|pure-ftpd\.conf:(\d+):")


def _usable(seed: Seed, release: str = daemons.DEFAULT_RELEASE, attempts: int = 3) -> Outcome | None:
    """The seed judged, once the daemon accepts it.  Real files name this machine's users, files and
    hosts; a line the daemon refuses for such a fact is dropped (up to ``attempts`` lines), so what is
    left is still a real admin's configuration that the daemon accepts here."""
    config = seed.config
    for _ in range(attempts + 1):
        outcome = judge(Mutant(seed.daemon, seed.name, "none", config, release))
        if outcome.daemon_accepts:
            return outcome
        found = _REFUSED_LINE.search(outcome.message)
        number = int(found[1] or found[2]) if found else 0
        lines = config.split(b"\n")
        if not 0 < number <= len(lines) or _SECTION_LINE.match(lines[number - 1]):
            return None
        config = b"\n".join(lines[: number - 1] + lines[number:])
    return None


# --- a campaign -------------------------------------------------------------------------------


def campaign(
    daemon: str,
    count: int,
    random_seed: int,
    *,
    release: str = daemons.DEFAULT_RELEASE,
    batch: int = 8,
    workers: int = 2,
) -> Iterator[Outcome]:
    """``count`` mutants of ``daemon``'s seeds, judged on ``release``'s daemon.  Seeds are drawn in proportion
    to their directive lines (a real file has more to get wrong than a one-line case).  A seed is judged itself
    when first drawn (mutation ``none``) and used only if the daemon accepts it as the harness runs it: host facts
    can differ from the corpus run."""
    # Debian 12's draws keep the seed string they had before releases, so its recorded campaigns still replay
    rng = random.Random(f"{daemon}:{random_seed}" + ("" if release == daemons.DEFAULT_RELEASE else f":{release}"))
    seeds = candidate_seeds(daemon, release)
    weights = [sum(_split(daemon, text) is not None for text in s.config.decode("latin-1").split("\n")) for s in seeds]
    accepted: dict[str, bool] = {}
    usable: dict[str, Seed] = {}
    produced = 0
    with ThreadPoolExecutor(workers) as pool:
        while produced < count and not (len(accepted) == len(seeds) and not any(accepted.values())):
            drawn = rng.choices(seeds, weights, k=min(batch, count - produced))
            fresh = list({s.name: s for s in drawn if s.name not in accepted}.values())
            for seed, outcome in zip(fresh, pool.map(lambda s: _usable(s, release), fresh), strict=True):
                accepted[seed.name] = outcome is not None
                if outcome is not None:
                    usable[seed.name] = Seed(daemon, seed.name, outcome.mutant.config)
                    yield outcome
            mutants = list(filter(None, (mutate(rng, usable[s.name], release) for s in drawn if accepted[s.name])))
            produced += len(mutants)
            yield from pool.map(judge, mutants)
