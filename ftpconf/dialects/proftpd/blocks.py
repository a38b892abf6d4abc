"""The configuration proftpd ends up with after parsing: nested contexts holding the directives it applied."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ftpconf.model import Origin
from ftpconf.source import Span, printable

# Sections whose body applies only to some sessions (mod_ifsession); for context checks they are transparent.
SESSION_CONDITIONALS = frozenset({"IfUser", "IfGroup", "IfClass", "IfAuthenticated"})


@dataclass(frozen=True, slots=True)
class Applied:
    """One directive proftpd accepted, with its arguments after quote and %{env:} processing."""

    name: str  # the catalogue's spelling
    args: tuple[str, ...]
    span: Span  # the directive name

    @property
    def origin(self) -> Origin:
        text = " ".join((self.name, *self.args))
        return Origin.at(self.span, detail=text if text.isascii() and text.isprintable() else printable(text))


@dataclass(slots=True)
class Block:
    """A configuration context: ``server`` (the main server) or a section such as ``Limit``."""

    kind: str
    args: tuple[str, ...] = ()
    span: Span | None = None
    # No link back to the enclosing block: the reader keeps the open sections on a stack, so a tree holds no
    # reference cycles and is freed as soon as it is dropped, without the cycle collector.
    items: list[Applied | Block] = field(default_factory=list)
    # lower-cased name -> directives, in order; built on the first lookup, since most of the thousands of
    # sections a big file has are never asked (a dict and a list each would double their memory)
    _by_name: dict[str, list[Applied]] | None = None

    def add(self, item: Applied | Block) -> None:
        self.items.append(item)
        if self._by_name is not None and isinstance(item, Applied):
            self._by_name.setdefault(item.name.lower(), []).append(item)

    @property
    def by_name(self) -> dict[str, list[Applied]]:
        if self._by_name is None:
            self._by_name = {}
            for directive in self.directives():
                self._by_name.setdefault(directive.name.lower(), []).append(directive)
        return self._by_name

    def directives(self) -> Iterator[Applied]:
        return (item for item in self.items if isinstance(item, Applied))

    def blocks(self, kind: str | None = None) -> Iterator[Block]:
        return (item for item in self.items if isinstance(item, Block) and (kind is None or item.kind == kind))

    def last(self, name: str) -> Applied | None:
        found = self.by_name.get(name.lower())
        return found[-1] if found else None

    def first(self, name: str) -> Applied | None:
        found = self.by_name.get(name.lower())
        return found[0] if found else None

    @property
    def origin(self) -> Origin:
        if self.span is None:
            return Origin.default()
        return Origin.at(self.span, detail=printable(f"<{self.kind} {' '.join(self.args)}>".replace(" >", ">")))


def context_of(open_blocks: Sequence[Block]) -> str:
    """The context proftpd checks directives against inside ``open_blocks`` (outermost first); session
    conditionals are transparent."""
    for block in reversed(open_blocks):
        if block.kind not in SESSION_CONDITIONALS:
            return block.kind
    return "server"


def context_label(kind: str) -> str:
    return "server config" if kind == "server" else f"<{kind}>"
