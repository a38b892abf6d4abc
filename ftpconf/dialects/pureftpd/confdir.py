"""Debian's /etc/pure-ftpd/conf/ directory, read as /usr/sbin/pure-ftpd-wrapper reads it (docs/daemons/pureftpd.md §3).

One file per option, named exactly like the option; the first non-comment line is the value, which
the wrapper checks by the option's kind and turns into a short flag.  Authentication files count
only through links in the sibling ``auth/`` directory, tried in the links' name order.  Ordering of
the flags: SyslogFacility, then the -l methods, then the rest; ``-g <pidfile>`` always last.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ftpconf import catalog
from ftpconf.catalog_pureftpd import PureftpdOption
from ftpconf.diagnostics import Diagnostic
from ftpconf.dialects.pureftpd import codes
from ftpconf.dialects.pureftpd.builds import BuildChoice
from ftpconf.dialects.pureftpd.flags import SwitchedOff, Word, getopt
from ftpconf.dialects.pureftpd.hostnames import is_hostname
from ftpconf.dialects.pureftpd.reader import ReadResult, read_options
from ftpconf.dialects.pureftpd.syntax import listen_spec
from ftpconf.integers import is_digits
from ftpconf.source import SourceFile, Span, printable, read_source
from ftpconf.suggest import Suggester

_OPTION_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_AUTH_METHODS = {
    "PAMAuthentication": "pam",
    "UnixAuthentication": "unix",
    "PureDB": "puredb",
    "ExtAuth": "extauth",
    "LDAPConfigFile": "ldap",
    "MySQLConfigFile": "mysql",
    "PGSQLConfigFile": "pgsql",
}
# syslog(3) facility names the daemon knows; any other word the wrapper lets through is ignored by it.
_NAMED_FACILITIES = ("auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news", "syslog", "user")
FACILITIES = frozenset((*_NAMED_FACILITIES, "uucp", "none", *(f"local{n}" for n in range(8))))


class Refused(Exception):
    """The wrapper's complaint about a value (it exits non-zero)."""


def _yesno(value: str) -> str | None:
    lowered = value.lower()
    if lowered in ("yes", "1", "on"):
        return ""
    if lowered in ("no", "0", "off"):
        return None
    raise Refused(f'"{value}" not convertible to true or false')


def _number(value: str) -> str:
    if not re.fullmatch(r"[0-9]+", value):
        raise Refused(f'"{value}" not a number')
    return value


def _two_numbers(value: str, pattern: str = r"([0-9]+)\s+([0-9]+)") -> str:
    match = re.fullmatch(pattern, value)
    if match is None:
        raise Refused(f'"{value}" not two numbers')
    return f"{match[1]}:{match[2]}"


def _one_or_two(value: str) -> str:
    match = re.fullmatch(r"([0-9]+)(?:[\s:]+([0-9]+))?", value)
    if match is None:
        raise Refused(f'"{value}" not one or two numbers')
    return value if match[2] is None else f"{match[1]}:{match[2]}"


def _umask(value: str) -> str:
    match = re.fullmatch(r"([0-7]{3})\s+([0-7]{3})", value)
    if match is None:
        raise Refused(f'"{value}" not two octal numbers')
    return f"{match[1]}:{match[2]}"


def _string(value: str) -> str:
    if re.search(r"\s", value):
        raise Refused(f'"{value}" contains whitespace')
    return value


def _word(value: str) -> str:
    if not re.fullmatch(r"\w+", value):
        raise Refused(f'"{value}" is not a word')
    return value


# Parser name (data/pureftpd-options.tsv) -> value check; returns the flag argument, "" for a switch, None: not set.
PARSERS: dict[str, Callable[[str], str | None]] = {
    "yesno": _yesno,
    "number_1": _number,
    "number_2": _two_numbers,
    "number_2_unlimited": lambda v: _two_numbers(v, r"(-?[0-9]+)\s+(-?[0-9]+)"),
    "number_1_2": _one_or_two,
    "umask": _umask,
    "string": _string,
    "word": _word,
    "filename": _string,  # the wrapper also requires the file to exist on the server: not checked here
    "sockname": _string,
    "ip": _string,
}


@dataclass
class _Dir:
    path: Path
    words: list[tuple[int, Word]] = field(default_factory=list)  # (ordering group, word)
    texts: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    switched_off: list[SwitchedOff] = field(default_factory=list)  # yes/no files holding no

    def value(self, file: Path) -> tuple[str, Span] | None:
        """The first line that is not blank or a comment, trimmed; None for an empty file."""
        source: SourceFile = read_source(file)
        text = source.text
        self.texts[str(file)] = text
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                column = len(line) - len(line.lstrip()) + 1
                return stripped, Span(str(file), number, column, column + len(stripped))
        return None

    def add(self, group: int, option: PureftpdOption, argument: str, span: Span, name: str) -> None:
        self.words.append((group, Word(f"-{option.short}", span, "file", name)))
        if argument:
            self.words.append((group, Word(argument, span, "file", name)))


def looks_like_conf_dir(path: str | Path) -> bool:
    """/etc/pure-ftpd/conf/ (or /etc/pure-ftpd/): a directory holding at least one option file."""
    folder = Path(path) / "conf" if (Path(path) / "conf").is_dir() else Path(path)
    known = catalog.pureftpd().by_debian_file
    removed = {v["debian_file"] for v in catalog.pureftpd().removed.values()}
    try:
        return any(entry.name in known or entry.name in removed for entry in folder.iterdir())
    except OSError:
        return False


def read_conf_dir(path: str | Path, build: str | None = None) -> ReadResult:
    """Read /etc/pure-ftpd/conf/ (and ../auth/) as the Debian wrapper does, then the flags as the daemon does.

    ``path`` may also be /etc/pure-ftpd itself: its ``conf/`` is read.  ``build``: which of Debian's binaries
    the wrapper starts (builds.NAMES); None: the one an auth link to ``MySQLConfigFile``, ... asks for.
    """
    d = _Dir(Path(path) / "conf" if (Path(path) / "conf").is_dir() else Path(path))
    pureftpd = catalog.pureftpd()
    linked = _auth_links(d)
    for file in sorted(d.path.iterdir()):
        name = file.name
        if not _OPTION_NAME.fullmatch(name):
            if _OPTION_NAME.fullmatch(re.split(r"[.~]", name)[0] or "-") and file.is_file():
                d.diagnostics.append(
                    codes.CONFDIR_IGNORED.at(
                        Span(str(file), 1), f"`{name}` is not an option name: the wrapper skips it"
                    )
                )
            continue
        if any(v["debian_file"] == name for v in pureftpd.removed.values()):
            d.diagnostics.append(
                codes.CONFDIR_IGNORED.at(
                    Span(str(file), 1),
                    f"`{name}` is skipped by the wrapper: the option was removed in pure-ftpd 1.0.48",
                )
            )
            continue
        found = pureftpd.by_debian_file.get(name)
        if found is None or not file.is_file():
            d.diagnostics.append(
                codes.CONFDIR_UNKNOWN_FILE.at(
                    Span(str(file), 1),
                    f"`{name}` names no option: the wrapper stops with "
                    f"`Invalid configuration file {file}: No corresponding directive`",
                    _spelling_hint(name),
                )
            )
            continue
        option, parser = found
        if option.debian_auth:
            if name not in linked:
                d.diagnostics.append(
                    codes.CONFDIR_IGNORED.at(
                        Span(str(file), 1),
                        f"`{name}` is read only through a link in {d.path.parent / 'auth'}/: this file has no effect",
                    )
                )
            continue
        _option_file(d, file, option, parser)
    for target, _link in sorted(linked.items(), key=lambda item: item[1]):  # -l order = link name order
        _auth_file(d, d.path / target)
    d.words.sort(key=lambda pair: pair[0])
    words = [w for _, w in d.words]
    pid = Span(str(d.path), 1)
    words += [Word("-g", pid, "file", "wrapper"), Word(pureftpd.debian_pidfile, pid, "file", "wrapper")]
    d.diagnostics.extend(_dead_conf_file(d.path))
    choice = BuildChoice.of(build)
    return read_options(getopt(words), str(d.path), (), d.diagnostics, d.texts, choice, d.switched_off)


def _auth_links(d: _Dir) -> dict[str, str]:
    """Conf file name -> link name, for every link in ../auth/ (the wrapper sorts by link name)."""
    auth = d.path.parent / "auth"
    if not auth.is_dir():
        return {}
    links = {}
    for link in sorted(auth.iterdir()):
        target = Path(link.readlink()).name if link.is_symlink() else link.name
        links[target] = link.name
    return links


def _option_file(d: _Dir, file: Path, option: PureftpdOption, parser: str) -> None:
    found = d.value(file)
    if found is None:
        return
    value, span = found
    try:
        argument = PARSERS[parser](value)
    except Refused as refused:
        d.diagnostics.append(
            codes.CONFDIR_BAD_VALUE.at(
                span, f"the wrapper refuses to start: `Invalid configuration file {file}: {printable(str(refused))}`"
            )
        )
        return
    if argument is None:
        if parser == "yesno":
            d.switched_off.append(SwitchedOff(option.name, span, f"{file.name} {value}"))
        return
    if parser == "ip" and not _is_ip(argument):
        d.diagnostics.append(
            codes.CONFDIR_BAD_VALUE.at(
                span,
                f"`{printable(argument)}` is not an IP address: the wrapper passes its own error text on as an "
                'argument and pure-ftpd refuses to start (`421 Invalid argument: "..."`)',
            )
        )
        return
    _unchecked(d, file.name, argument, span)
    d.add(0 if option.name == "syslogfacility" else 2, option, argument, span, file.name)


def _auth_file(d: _Dir, file: Path) -> None:
    if not file.is_file() or file.name not in _AUTH_METHODS:
        return
    option, parser = catalog.pureftpd().by_debian_file[file.name]
    found = d.value(file)
    if found is None:
        return
    value, span = found
    method = _AUTH_METHODS[file.name]
    try:
        argument = PARSERS[parser](value)
    except Refused as refused:
        d.diagnostics.append(
            codes.CONFDIR_BAD_VALUE.at(span, f"the wrapper refuses to start: `{file}: {printable(str(refused))}`")
        )
        return
    if argument is None:
        return
    d.add(1, option, method if parser == "yesno" else f"{method}:{argument}", span, file.name)


def _unchecked(d: _Dir, name: str, value: str, span: Span) -> None:
    why = None
    if name == "ForcePassiveIP" and is_hostname(value):
        why = "is a host name: pure-ftpd resolves it at every session, and drops every session when that fails"
    elif name == "SyslogFacility" and value.lower() not in FACILITIES:
        why = "is not a syslog facility: pure-ftpd logs an error and keeps the default (ftp)"
    elif name == "Bind":
        spec = listen_spec(value)
        if (spec.address and not _is_ip(spec.address)) or not is_digits(spec.port):
            why = "is not [address,]port with a numeric address and port: it is resolved when the daemon starts"
    if why:
        d.diagnostics.append(codes.CONFDIR_UNCHECKED.at(span, f"{name} `{printable(value)}` {why}"))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _spelling_hint(name: str) -> str:
    """The wrapper looks file names up case-sensitively: a case-only slip is the likeliest, else a typo."""
    if name in catalog.pureftpd().by_debian_file:
        return ""  # the right name, but not a regular file
    right = _option_files().case_only(name)
    if right is not None:
        return f"names are case-sensitive: `{right}`"
    close = _option_files().suggest(name)
    return "did you mean " + " or ".join(f"`{n}`" for n in close) + "?" if close else ""


@functools.cache
def _option_files() -> Suggester:
    return Suggester(catalog.pureftpd().by_debian_file, cutoff=0.75, limit=2)


def _dead_conf_file(conf_dir: Path) -> list[Diagnostic]:
    conf = conf_dir.parent / "pure-ftpd.conf"
    if not conf.is_file():
        return []
    return [
        codes.CONF_BESIDE_DEBIAN.at(
            Span(str(conf), 1),
            f"Debian's wrapper builds the flags from {conf_dir}/ and never reads {conf}: its settings are dead",
        )
    ]
