"""proftpd's command line: ``proftpd -n -c /etc/proftpd/proftpd.conf -D PUBLIC -4``.

Options as proftpd 1.3.8 parses them with getopt_long (checked on Debian's binary): ``-c``/``--config``,
``-D``/``--define``, ``-d``/``--debug``, ``-p``/``--persistent`` and ``-S``/``--serveraddr`` take a
value (attached, ``-cFILE``, or the next word; ``-d`` always takes one, so ``-d -c x`` makes ``-c``
the level and ``x`` an unknown parameter); switches bundle (``-tc FILE``); long options may be cut
short where unambiguous (``--def X``; ``--conf`` is ambiguous); ``-c`` needs an absolute path; a word
that is not an option is refused ("unknown parameter"), an unknown option prints the usage and exits.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ftpconf.dialects.base import InvocationError
from ftpconf.shellwords import program_start

DEFAULT_CONFIG = "/etc/proftpd/proftpd.conf"  # Debian's build
_VALUED = {"c": "config", "D": "define", "d": "debug", "p": "persistent", "S": "serveraddr"}
_SWITCHES = {
    "h": "help",
    "l": "list",
    "n": "nodaemon",
    "N": "nocollision",
    "q": "quiet",
    "t": "configtest",
    "v": "version",
    "V": "settings",
    "X": "nofork",
    "4": "ipv4",
    "6": "ipv6",
}
_LONG_VALUED = {long: short for short, long in _VALUED.items()}
_LONG_SWITCHES = {long: short for short, long in _SWITCHES.items()} | {"version-status": "v"}


@dataclass
class Invocation:
    config: str = DEFAULT_CONFIG
    defines: list[str] = field(default_factory=list)
    server_address: str | None = None  # -S: the main server's address when the file sets none
    ipv6: bool | None = None  # -4: IPv4 only; -6: IPv6 too; None: as the file says


def parse(command: str | Sequence[str]) -> Invocation:
    try:
        argv = shlex.split(command, comments=True) if isinstance(command, str) else list(command)
    except ValueError as exc:  # an unbalanced quote
        raise InvocationError(f"cannot split the command line: {exc}") from None
    argv = argv[program_start(argv) :]  # exec, env, gosu USER, VAR=value before the program
    if argv and argv[0].rsplit("/", 1)[-1] in ("proftpd", "in.proftpd"):
        argv = argv[1:]
    found = Invocation()
    words = iter(argv)
    for word in words:
        if word == "--":  # the end of the options: proftpd takes no other argument
            for extra in words:
                raise InvocationError(f"proftpd: fatal: unknown parameter: '{extra}'")
            break
        for short, value in _options(word, words):
            _apply(found, short, value)
    return found


def _options(word: str, rest: Iterator[str]) -> list[tuple[str, str | None]]:
    """The (short option, value) pairs one word stands for; a value may take the next word."""

    def next_word(option: str) -> str:
        try:
            return next(rest)
        except StopIteration:
            raise InvocationError(f"proftpd: option {option} requires an argument") from None

    if word.startswith("--") and len(word) > 2:
        name, has_value, value = word[2:].partition("=")
        name = _long_name(name, word)
        if name in _LONG_VALUED:
            return [(_LONG_VALUED[name], value if has_value else next_word(word))]
        if not has_value:
            return [(_LONG_SWITCHES[name], None)]
        raise InvocationError(f"proftpd: option '--{name}' doesn't allow an argument")
    if not word.startswith("-") or word == "-":
        raise InvocationError(f"proftpd: fatal: unknown parameter: '{word}'")
    pairs: list[tuple[str, str | None]] = []
    for position, letter in enumerate(word[1:], start=2):
        if letter in _VALUED:
            attached = word[position:]
            pairs.append((letter, attached or next_word(f"-{letter}")))
            return pairs
        if letter not in _SWITCHES:
            raise InvocationError(f"proftpd: invalid option -- '{letter}': proftpd prints its usage and exits")
        pairs.append((letter, None))
    return pairs


def _long_name(given: str, word: str) -> str:
    """getopt_long: a long option may be cut short where no other starts the same (``--def``, not ``--conf``)."""
    names = [*_LONG_VALUED, *_LONG_SWITCHES]
    if given in names:
        return given
    matches = [name for name in names if name.startswith(given)]
    if len(matches) == 1:
        return matches[0]
    why = "is ambiguous" if matches else "is not an option"
    raise InvocationError(f"proftpd: '{word}' {why}: proftpd prints its usage and exits")


def _apply(found: Invocation, short: str, value: str | None) -> None:
    if short == "c" and value is not None:
        if not value.startswith("/"):
            raise InvocationError(f"proftpd: fatal: -c requires an absolute path (not {value!r})")
        found.config = value
    elif short == "D" and value is not None:
        found.defines.append(value)
    elif short == "S":
        found.server_address = value
    elif short == "4":
        found.ipv6 = False
    elif short == "6":
        found.ipv6 = True
