"""ftpconf.records: the findings' records behave as the frozen dataclasses they replaced, and mypy sees them so."""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from ftpconf import records
from ftpconf.diagnostics import REGISTRY, Diagnostic, Edit, Fix, Severity
from ftpconf.dialects.registry import DIALECTS
from ftpconf.records import MutableRecord, Record, private
from ftpconf.registry import all_rules
from ftpconf.source import Span
from tests.conftest import ROOT


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
        span.line = 4  # type: ignore[misc]  # mypy refuses it too (test_mypy_checks_records)
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


def test_fields_are_declared_once_as_a_dataclass_declares_them() -> None:
    assert Span.__slots__ == Span._fields == ("path", "line", "column", "end_column")
    assert Span._defaults == {"column": 1, "end_column": None}
    assert isinstance(vars(Span)["column"], types.MemberDescriptorType)  # the slot, not the default
    assert [f.name for f in dataclasses.fields(_SpanAsDataclass)] == list(Span._fields)
    assert not hasattr(Span("a.conf", 1), "__dict__")


class _Base(Record):
    kind: str
    limit: ClassVar[int] = 3  # a class variable, not a field


class _Derived(_Base):
    size: int = 0
    _cache: list[int] = private()


@dataclasses.dataclass(frozen=True)
class _DerivedAsDataclass:
    kind: str
    size: int = 0


def test_a_subclass_adds_its_fields_after_its_bases_and_keeps_private_state_out() -> None:
    assert _Derived._fields == ("kind", "size") and vars(_Derived)["__slots__"] == ("size", "_cache")
    record, reference = _Derived("x", size=2), _DerivedAsDataclass("x", size=2)
    assert repr(record) == repr(reference).replace("AsDataclass", "") and hash(record) == hash(reference)
    assert record == _Derived("x", 2) != _Base("x") and _Derived.limit == 3
    with pytest.raises(AttributeError):
        record._cache  # noqa: B018  # private state is unset until the class's own code sets it
    assert pickle.loads(pickle.dumps(record)) == record == copy.deepcopy(record)
    assert record.replace(size=3) == _Derived("x", 3) and dataclasses.replace(reference, size=3).size == 3


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a.conf",), {}),  # missing one
    ((), {}),  # missing two
    (("a.conf", 1), {"line": 2}),  # given twice
    (("a.conf", 1), {"colum": 2}),  # unknown
    (("a.conf", 1, 2, 3, 4), {}),  # too many
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_wrong_call_raises_the_dataclass_type_error(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError) as expected:
        _SpanAsDataclass(*args, **kwargs)
    with pytest.raises(TypeError) as got:
        Span(*args, **kwargs)
    assert str(got.value) == str(expected.value).replace("_SpanAsDataclass", "Span")


def test_keywords_and_defaults_give_what_positions_give() -> None:
    assert Span(end_column=4, line=2, path="a") == Span("a", 2, 1, 4) == Span("a", 2, end_column=4)
    assert Fix("d", ()).safe and Fix("d", (), safe=False) == Fix("d", (), False)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colum'"):
        Span("a", 1).replace(colum=2)


def test_a_keyword_only_record_refuses_positions() -> None:
    vsftpd = DIALECTS[0]
    with pytest.raises(TypeError, match="takes 1 positional argument but 2 were given"):
        type(vsftpd)("vsftpd", daemon="vsftpd", code_module="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'code_module'"):
        type(vsftpd)(name="vsftpd", daemon="vsftpd")  # type: ignore[call-arg]
    assert vsftpd.code is vsftpd.code  # imported once, kept in its private slot


def test_a_mutable_record_is_settable_and_unhashable() -> None:
    class Result(MutableRecord):
        found: list[int]
        done: bool = False

    result = Result([])
    result.done = True
    assert result == Result([], True) and repr(result).endswith(".Result(found=[], done=True)")
    with pytest.raises(TypeError):
        hash(result)


def _declared(namespace: dict[str, Any]) -> Callable[[], object]:
    return lambda: types.new_class("Bad", (Record,), exec_body=lambda body: body.update(namespace))


BAD_DECLARATIONS: list[tuple[Callable[[], object], type[Exception], str]] = [
    (_declared({"__annotations__": {"a": "int", "b": "int"}, "a": 1}), TypeError, "without a default follows one with"),
    (_declared({"__annotations__": {"a": "list[int]"}, "a": []}), ValueError, "mutable default list"),
    (_declared({"__annotations__": {"_a": "int"}}), TypeError, "private state is declared"),
]


@pytest.mark.parametrize(("declare", "error", "message"), BAD_DECLARATIONS)
def test_a_declaration_a_dataclass_refuses_is_refused(
    declare: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        declare()


MYPY_SNIPPET = """
    from ftpconf.records import MutableRecord, Record, private
    from ftpconf.source import Span

    class Row(Record, kw_only=True):
        name: str
        _state: int = private()

    class Result(MutableRecord):
        found: list[int]

    span = Span("a.conf", 2)
    span.line = 3  # E: read-only
    Span(1)  # E: arg-type
    Span("a.conf", colum=2)  # E: unexpected keyword
    Span("a.conf")  # E: missing line
    Row("x")  # E: positional
    Row(name="x", _state=1)  # E: private
    Row(name="x")
    Result([]).found = [1]
"""


def test_mypy_checks_records(tmp_path: Path) -> None:
    """dataclass_transform: mypy checks every call to a Record's constructor and refuses setting a field."""
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent(MYPY_SNIPPET))
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(snippet)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    flagged = {int(line.split(":")[1]) for line in done.stdout.splitlines() if ": error:" in line}
    expected = {n for n, line in enumerate(snippet.read_text().splitlines(), 1) if "# E:" in line}
    assert flagged == expected, done.stdout


def test_a_hot_class_gets_its_own_init_that_behaves_the_same() -> None:
    class Place(Record):
        path: str
        line: int
        column: int = 1
        end_column: int | None = None

    class Row(Record, kw_only=True):
        name: str
        size: int = 0

    def outcomes() -> list[object]:
        done: list[object] = [Place("a", 2), Place("a", 2, 3, 4), Place(line=2, path="a"), Row(name="r")]
        for args, kwargs in CALLS:
            try:
                Place(*args, **kwargs)
            except TypeError as error:
                done.append(str(error).split(".", 1)[1])  # without the local class's qualified prefix
        wrong: list[Callable[[], object]] = [lambda: Row("r"), lambda: Row()]  # type: ignore[call-arg]
        for call in wrong:
            try:
                call()
            except TypeError as error:
                done.append(str(error).split(".", 1)[1])
        return done

    shared = outcomes()
    assert "__init__" not in vars(Place) or vars(Place)["__init__"] is vars(Record)["__init__"]
    for _ in range(records.SPECIALISE_AFTER):
        Place("a", 1), Row(name="r")
    assert vars(Place)["__init__"] is not vars(Record)["__init__"]  # its own now
    assert vars(Row)["__init__"] is not vars(Record)["__init__"]
    assert outcomes() == shared and len(shared) == 4 + len(CALLS) + 2
    assert Span("a", 1).replace(line=2) == Span("a", 2)  # other classes keep theirs
