"""pure-ftpd's command line as glibc ``getopt_long`` reads it (docs/daemons/pureftpd.md §2).

Short options bundle (``-EN``) and take their argument attached or as the next word; long
options take ``--name=value`` or ``--name value`` and may be abbreviated to a unique prefix.
Non-options are permuted to the end: any left over is refused as a stray argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ftpconf import catalog
from ftpconf.catalog_pureftpd import PureftpdOption
from ftpconf.dialects.pureftpd.syntax import short_options
from ftpconf.source import Span

SourceKind = Literal["file", "argv"]


@dataclass(frozen=True, slots=True)
class Word:
    """One argv element, with where it was written and how a human would name it."""

    text: str
    span: Span
    kind: SourceKind = "argv"
    label: str = ""  # how the user wrote the option, e.g. the conf key "PassivePortRange"
    dynamic: bool = False  # filled in by the shell at run time: the text is not the value


@dataclass(frozen=True, slots=True)
class Flag:
    """An option getopt returned, with its argument."""

    option: PureftpdOption
    value: str | None
    span: Span
    kind: SourceKind
    written: str  # as the user wrote it: "-p", "--passiveportrange", "PassivePortRange"
    dynamic: bool = False  # the value comes from the environment at run time

    @property
    def detail(self) -> str:
        """The flag as a message quotes it, in the form it was given: ``-p 30000:30009``,
        ``--passiveportrange=30000:30009`` or ``PassivePortRange 30000:30009``."""
        if self.value is None:
            return self.written
        return f"{self.written}={self.value}" if self.written.startswith("--") else f"{self.written} {self.value}"


@dataclass(frozen=True, slots=True)
class SwitchedOff:
    """A line that sets a switch to no (``NoAnonymous no``, Debian's ``conf/ChrootEveryone`` holding ``no``):
    nothing reaches getopt, but the admin said it, and it is the line to edit."""

    option: str  # the long name, e.g. "noanonymous"
    span: Span
    label: str  # the line as written, e.g. "NoAnonymous no"


@dataclass(frozen=True, slots=True)
class Problem:
    """getopt's complaint; each one makes the daemon answer 421 and exit."""

    what: Literal["unknown", "ambiguous", "missing-argument", "unexpected-argument", "stray"]
    word: Word
    message: str  # the daemon's own words


def getopt(words: Sequence[Word]) -> tuple[list[Flag], list[Problem]]:
    """Read the options in ``words`` (argv without argv[0])."""
    flags: list[Flag] = []
    problems: list[Problem] = []
    strays: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        text = word.text
        if text == "--":
            strays.extend(words[index:])
            break
        if text.startswith("--"):
            index = _long(words, index, word, flags, problems)
        elif text.startswith("-") and text != "-":
            index = _short(words, index, word, flags, problems)
        else:
            strays.append(word)
    problems.extend(Problem("stray", w, f'Invalid argument: "{w.text}"') for w in strays[:1])
    return flags, problems


def _label(word: Word, fallback: str) -> str:
    return word.label or fallback


def _long(words: Sequence[Word], index: int, word: Word, flags: list[Flag], problems: list[Problem]) -> int:
    name, equals, value = word.text[2:].partition("=")
    options = catalog.pureftpd().options
    option = options.get(name)
    if option is None:
        candidates = [o for n, o in options.items() if n.startswith(name)]
        if len(candidates) == 1:
            option = candidates[0]
        elif candidates:
            names = ", ".join(f"--{o.name}" for o in candidates)
            problems.append(Problem("ambiguous", word, f"option '--{name}' is ambiguous; possibilities: {names}"))
            return index
        else:
            problems.append(Problem("unknown", word, f"unrecognized option '{word.text}'"))
            return index
    written = _label(word, f"--{name}")
    if not option.argument:
        if equals:
            problems.append(Problem("unexpected-argument", word, f"option '--{option.name}' doesn't allow an argument"))
        else:
            flags.append(Flag(option, None, word.span, word.kind, written))
        return index
    if equals:
        flags.append(Flag(option, value, word.span, word.kind, written, word.dynamic))
        return index
    return _with_next_word(words, index, word, Flag(option, "", word.span, word.kind, written), flags, problems)


def _with_next_word(
    words: Sequence[Word],
    index: int,
    word: Word,
    flag: Flag,
    flags: list[Flag],
    problems: list[Problem],
    missing: str = "",
) -> int:
    """``-p 30000:30009`` / ``--passiveportrange 30000:30009``: the argument is the next word, if there is one."""
    if index >= len(words):
        message = missing or f"option '--{flag.option.name}' requires an argument"
        problems.append(Problem("missing-argument", word, message))
        return index
    flags.append(replace(flag, value=words[index].text, dynamic=words[index].dynamic))
    return index + 1


def _short(words: Sequence[Word], index: int, word: Word, flags: list[Flag], problems: list[Problem]) -> int:
    for short in short_options(word.text):
        letter, option = short.letter, short.option
        if option is None:
            problems.append(Problem("unknown", word, f"invalid option -- '{letter}'"))
            continue
        written = _label(word, f"-{letter}")
        if short.value is None:
            flags.append(Flag(option, None, word.span, word.kind, written))
            continue
        flag = Flag(option, short.value, word.span, word.kind, written, word.dynamic)
        if short.value:
            flags.append(flag)
            break
        return _with_next_word(words, index, word, flag, flags, problems, f"option requires an argument -- '{letter}'")
    return index
