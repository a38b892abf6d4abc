"""Settings outside the model that every daemon has under its own name (grammars/equivalents.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ftpconf.dialects import registry
from ftpconf.integers import parse_decimal
from ftpconf.model import Extra

Dialect = str  # a registry name: "vsftpd" | "proftpd" | "pureftpd"
SECTION = "Anonymous"  # the one section whose directives are carried (model.Extra.section)


@dataclass(frozen=True)
class Spelling:
    name: str
    part: int | None = None
    unit: int = 1
    block: str | None = None
    form: str = "{0}"  # the value as written around the canonical one
    values: dict[str, str] = field(default_factory=dict)  # the dialect's word -> the canonical one

    default: str | None = None  # the canonical value the dialect has unsaid: not written
    octal: bool = False  # the dialect's reader holds this octal number in decimal (vsftpd's umasks)

    def names(self, extra: Extra, dialect: Dialect) -> bool:
        """Whether ``extra`` is this spelling: its name, and the section it stands in (proftpd's <Anonymous>)."""
        section = self.block if self.block == SECTION else None
        return extra.section == section and registry.get(dialect).same_name(self.name, extra.name)

    def read(self, written: str) -> str | None:
        """The canonical value in ``written`` (None: not this spelling's shape)."""
        if self.values:
            return next((v for word, v in self.values.items() if word.lower() == written.lower()), None)
        if self.octal:
            return format(int(written), "03o") if written.isdigit() else None
        for form in (self.form, self.form.replace('"', "")):  # proftpd's reader keeps a quoted word unquoted
            found = re.fullmatch(_pattern(form), written)
            if found and ("{x}" not in form or found["x"] == _with_execute_bits(found["v"])):
                return found["v"]
        return None

    def write(self, value: str) -> str | None:
        if self.values:
            return next((word for word, canonical in self.values.items() if canonical == value), None)
        if "{x}" in self.form and not re.fullmatch("[0-7]+", value):
            return None
        return self.form.replace("{x}", _with_execute_bits(value) if "{x}" in self.form else "").format(value)


def _pattern(form: str) -> str:
    """A form as a regular expression: the first {0} captures the value, a later one repeats it, {x} is
    the value with the execute bits set."""
    pattern, seen = "", False
    for piece in re.split(r"(\{0\}|\{x\})", form):
        if piece == "{0}":
            pattern += "(?P=v)" if seen else "(?P<v>[0-7]+)" if "{x}" in form else "(?P<v>.+?)"
            seen = True
        elif piece == "{x}":
            pattern += "(?P<x>[0-7]+)"
        else:
            pattern += re.escape(piece)
    return pattern


def _with_execute_bits(mask: str) -> str:
    """A umask for files created 0777 & ~mask (pure-ftpd) that gives the mode 0666 & ~``mask`` gives."""
    return format(int(mask, 8) | 0o111, "03o")


@dataclass(frozen=True)
class Equivalent:
    concept: str
    spellings: dict[Dialect, Spelling]
    shape: str = ".*"  # a canonical value outside this shape is not carried (reported instead)
    reasons: dict[Dialect, str] = field(default_factory=dict)  # why a dialect has no spelling
    inlined: bool = False  # the reader reads what the line names into the model (proftpd's Include)
    unsaid: dict[Dialect, str] = field(default_factory=dict)  # a reason dialect's own behaviour: no loss


@cache
def table() -> tuple[Equivalent, ...]:
    from ftpconf.catalog import grammar_text, parse_toml

    data = parse_toml(grammar_text("equivalents.toml"))
    return tuple(
        Equivalent(
            entry["concept"],
            {d: Spelling(**entry[d]) for d in registry.NAMES if d in entry and "reason" not in entry[d]},
            entry.get("shape", ".*"),
            {d: entry[d]["reason"] for d in registry.NAMES if d in entry and "reason" in entry[d]},
            entry.get("inlined", False),
            {
                d: entry[d]["default"]
                for d in registry.NAMES
                if d in entry and "reason" in entry[d] and "default" in entry[d]
            },
        )
        for entry in data["equivalent"]
    )


def concepts_of(extras: tuple[Extra, ...], dialect: Dialect) -> dict[str, tuple[str, Extra]]:
    """concept -> (value in canonical form, the extra it came from), for extras with an equivalent."""
    found: dict[str, tuple[str, Extra]] = {}
    for extra in extras:
        if extra.dialect is not None and extra.dialect != dialect:
            continue
        for equivalent in table():
            spelling = equivalent.spellings.get(dialect)
            if spelling is None or not spelling.names(extra, dialect):
                continue
            read = spelling.read((extra.value or "").strip())  # a bare switch (pure-ftpd -R) reads as ""
            if read is None:
                continue
            value = read.strip('"')
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
            if re.fullmatch(equivalent.shape, value):
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
        if value == spelling.default:
            continue
        number = parse_decimal(value)
        if spelling.unit != 1 and number is not None:
            value = str(max(1, -(-number // spelling.unit)))  # ceil in integers: no float overflow
        if spelling.part is None:
            written = spelling.write(value)
            if written is not None:
                result.append((spelling, written))
            continue
        parts = packed.setdefault(spelling.name, [])
        parts.extend([""] * (spelling.part + 1 - len(parts)))
        parts[spelling.part] = value
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
    return {c for c in carried if not spellings[c].part or first_parts.get(spellings[c].name) in carried}


def unsaid_in(concept: str, value: str, dialect: Dialect) -> bool:
    """Whether ``dialect`` does ``value`` without being told, so nothing is written and nothing is lost."""
    for equivalent in table():
        if equivalent.concept == concept:
            spelling = equivalent.spellings.get(dialect)
            return value == (spelling.default if spelling is not None else equivalent.unsaid.get(dialect))
    return False


def name_in(concept: str, dialect: Dialect, value: str | None = None) -> str | None:
    """The name ``dialect`` gives ``concept`` (pure-ftpd's packed certfile for both cert and key); None
    also when ``value`` is the dialect's default, which is not written."""
    for equivalent in table():
        if equivalent.concept == concept and dialect in equivalent.spellings:
            spelling = equivalent.spellings[dialect]
            return None if value is not None and value == spelling.default else spelling.name
    return None


def equivalent_of(extra: Extra, dialect: Dialect) -> Equivalent | None:
    """The entry a source extra's name belongs to, whatever its value (for a precise loss message)."""
    for equivalent in table():
        spelling = equivalent.spellings.get(dialect)
        if spelling is not None and spelling.names(extra, dialect):
            return equivalent
    return None
