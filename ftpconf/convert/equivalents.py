"""Settings outside the model that every daemon has under its own name (grammars/equivalents.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ftpconf.dialects import registry
from ftpconf.integers import parse_decimal
from ftpconf.model import Extra

Dialect = str  # a registry name: "vsftpd" | "proftpd" | "pureftpd"


@dataclass(frozen=True)
class Spelling:
    name: str
    part: int | None = None
    unit: int = 1
    block: str | None = None


@dataclass(frozen=True)
class Equivalent:
    concept: str
    spellings: dict[Dialect, Spelling]


@cache
def table() -> tuple[Equivalent, ...]:
    from ftpconf.catalog import grammar_text, parse_toml

    data = parse_toml(grammar_text("equivalents.toml"))
    return tuple(
        Equivalent(
            entry["concept"],
            {d: Spelling(**entry[d]) for d in registry.NAMES if d in entry},
        )
        for entry in data["equivalent"]
    )


def concepts_of(extras: tuple[Extra, ...], dialect: Dialect) -> dict[str, tuple[str, Extra]]:
    """concept -> (value in canonical form, the extra it came from), for extras with an equivalent."""
    found: dict[str, tuple[str, Extra]] = {}
    for extra in extras:
        if extra.value is None or (extra.dialect is not None and extra.dialect != dialect):
            continue
        for equivalent in table():
            spelling = equivalent.spellings.get(dialect)
            if spelling is None or not registry.get(dialect).same_name(spelling.name, extra.name):
                continue
            value = extra.value.strip().strip('"')
            if spelling.part is not None:
                parts = value.split(",")
                if spelling.part >= len(parts):
                    continue
                value = parts[spelling.part]
            if spelling.unit != 1:
                number = parse_decimal(value)
                if number is None:
                    continue
                value = str(number * spelling.unit)
            found[equivalent.concept] = (value, extra)
    return found


def spell(concepts: dict[str, str], dialect: Dialect) -> list[tuple[Spelling, str]]:
    """The target dialect's (spelling, value) pairs for canonical ``concepts``; packed parts joined."""
    packed: dict[str, list[str]] = {}
    result: list[tuple[Spelling, str]] = []
    for equivalent in table():
        spelling = equivalent.spellings.get(dialect)
        if spelling is None or equivalent.concept not in concepts:
            continue
        value = concepts[equivalent.concept]
        number = parse_decimal(value)
        if spelling.unit != 1 and number is not None:
            value = str(max(1, -(-number // spelling.unit)))  # ceil in integers: no float overflow
        if spelling.part is not None:
            parts = packed.setdefault(spelling.name, [])
            parts.extend([""] * (spelling.part + 1 - len(parts)))
            parts[spelling.part] = value
            continue
        result.append((spelling, value))
    for name, parts in packed.items():
        while parts and not parts[-1]:
            parts.pop()
        if parts and parts[0]:
            result.append((Spelling(name), ",".join(parts)))
    return result


def carried_concepts(source: dict[str, tuple[str, Extra]], dialect: Dialect) -> set[str]:
    """Which of ``source``'s concepts the target dialect can say.

    A later part of a packed value cannot stand without its first part: pure-ftpd's ``certfile`` is
    ``cert,key``, so a private key alone is not carried.
    """
    spellings = {e.concept: e.spellings[dialect] for e in table() if dialect in e.spellings}
    carried = {c for c in source if c in spellings}
    first_parts = {s.name: concept for concept, s in spellings.items() if s.part == 0}
    return {
        c for c in carried if not spellings[c].part or first_parts.get(spellings[c].name) in carried
    }


def name_in(concept: str, dialect: Dialect) -> str | None:
    """The name ``dialect`` gives ``concept`` (pure-ftpd's packed certfile for both cert and key)."""
    for equivalent in table():
        if equivalent.concept == concept and dialect in equivalent.spellings:
            return equivalent.spellings[dialect].name
    return None
