"""Secrets in proftpd configuration: the arguments the catalogue marks (SQLConnectInfo's password, ...)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from ftpconf import catalog
from ftpconf.dialects.proftpd.grammar import parse_lines
from ftpconf.dialects.proftpd.words import split_words
from ftpconf.dialects.secret import Secret
from ftpconf.model import Config


@functools.cache
def names() -> frozenset[str]:
    """Lower-case names of the directives that carry a secret."""
    return frozenset(name for name, entry in catalog.proftpd().directives.items() if entry.secret)


def in_text(path: str, text: str) -> Iterator[Secret]:
    """The secret arguments of the directives in one proftpd file (``secret_args`` in the catalogue)."""
    directives = {d.name.lower(): d for d in catalog.proftpd().directives.values() if d.secret}
    lowered = text.lower()
    if not any(name in lowered for name in directives):  # the common case: nothing to parse
        return
    pending: list[Any] = []  # physical lines of one logical line (backslash continuations)
    for line in parse_lines(text):
        pending.append(line)
        if line.continues:
            continue
        lines, pending = pending, []
        if lines[0].kind != "directive":
            continue
        # The logical line is the physical lines without their joining backslashes; ``starts`` maps back.
        logical = "".join(part.text[:-1] for part in lines[:-1]) + lines[-1].text
        starts: list[tuple[int, int]] = []  # (offset in logical, offset in file) at each physical line
        at = 0
        for part in lines:
            starts.append((at, part.offset))
            at += len(part.text) - (0 if part is lines[-1] else 1)
        words = split_words(logical)
        directive = directives.get(words[0].text.lower()) if words else None
        if directive is None:
            continue
        for position in directive.secret_args:
            if position < len(words):
                word = words[position]
                yield from _mapped(path, starts, word.start, word.end, word.text)


def _mapped(path: str, starts: list[tuple[int, int]], start: int, end: int, value: str) -> Iterator[Secret]:
    """A range of a logical line as ranges of the file (a word may run over a continuation)."""
    for index, (logical_at, file_at) in enumerate(starts):
        segment_end = starts[index + 1][0] if index + 1 < len(starts) else end
        lo, hi = max(start, logical_at), min(end, segment_end)
        if lo < hi:
            yield Secret(path, file_at + lo - logical_at, file_at + hi - logical_at, value)


def in_model(config: Config) -> Iterator[Secret]:
    """Values the model keeps for secret settings: the model stores a directive's expanded arguments."""
    for server in config.servers:
        for extra in server.extras:
            directive = catalog.proftpd().directive(extra.name)
            if directive is None or not directive.secret or not extra.value:
                continue
            args = extra.value.split(" ")
            for position in directive.secret_args:
                if position <= len(args) and args[position - 1]:
                    yield Secret(extra.origin.path or config.sources[0], -1, -1, args[position - 1])
