"""ftpconf.records: the findings' records behave as the frozen dataclasses they replaced."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from ftpconf.diagnostics import REGISTRY, Diagnostic, Edit, Fix, Severity
from ftpconf.registry import all_rules
from ftpconf.source import Span


@dataclasses.dataclass(frozen=True)
class _SpanAsDataclass:  # what Span was: the reference for repr, == and hash
    path: str
    line: int
    column: int = 1
    end_column: int | None = None


def test_a_record_prints_compares_and_hashes_as_a_frozen_dataclass() -> None:
    span, reference = Span("a.conf", 3, end_column=9), _SpanAsDataclass("a.conf", 3, end_column=9)
    assert repr(span) == repr(reference).replace("_SpanAsDataclass", "Span")
    assert hash(span) == hash(reference)
    assert span == Span("a.conf", 3, 1, 9) and span != Span("a.conf", 3, 2, 9)
    assert span != ("a.conf", 3, 1, 9)  # a record equals only a record of its class
    assert len({span, Span("a.conf", 3, 1, 9)}) == 1


def test_a_record_is_immutable_and_copied_with_changes() -> None:
    span = Span("a.conf", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.line = 4  # runtime only: mypy does not know a Record is frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        del span.path
    with pytest.raises(AttributeError):
        span.other = 1  # type: ignore[attr-defined]  # slots: no new attributes either
    moved = span.replace(path="b.conf")
    assert moved == Span("b.conf", 3) and span == Span("a.conf", 3)
    with pytest.raises(TypeError):
        span.replace(colum=2)  # an unknown field is refused, as dataclasses.replace refuses it


def test_nested_records_survive_copy_and_pickle() -> None:
    fix = Fix("delete it", (Edit("a.conf", 0, 4, ""),), safe=False)
    finding = Diagnostic("FTP101", Severity.ERROR, "unknown", Span("a.conf", 1), ("a note",), fix)
    for clone in (copy.copy(finding), copy.deepcopy(finding), pickle.loads(pickle.dumps(finding))):
        assert clone == finding and clone.fix == fix and clone.fix is not None and not clone.fix.safe


def test_a_rule_compares_without_its_check() -> None:
    all_rules()
    info = next(info for info in REGISTRY.values() if info.check is not None)
    bare = info.replace(check=None)
    assert bare == info and hash(bare) == hash(info) and bare.check is None
