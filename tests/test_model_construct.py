"""The readers build the model with ``model_construct`` (no validation, so a plain lint never builds a
pydantic schema: bench/PROFILE.md §1).  That is only right while validation would change nothing: same
classes (``Setting[int]`` stays ``Setting[int]``), same values of the same types (tuples stay tuples, no
``True`` where validation would store ``1``), same set fields, same dumps.  Every rule fixture, sample
and a few command lines are modelled both ways here; a builder that starts to rely on validation's
coercion fails this test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from ftpconf import model
from ftpconf.lint import LintResult, lint_invocation, lint_path
from tests.conftest import ROOT
from tests.rule_fixture_cases import RuleFixture, fixture_id, rule_fixtures

SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.is_file())
COMMAND_LINES = [
    f"vsftpd {ROOT / 'samples' / 'vsftpd-clean.conf'} -opasv_max_port=30019 -olisten_port=2121",
    f"proftpd -n -c {ROOT / 'samples' / 'proftpd-seed-deny-port.conf'} -D PUBLIC",
    f"proftpd --nodaemon -4 -S 192.0.2.7 --config={ROOT / 'samples' / 'proftpd-seed-deny-port.conf'}",
    f"proftpd -6 -S 192.0.2.7 -c {ROOT / 'samples' / 'proftpd-seed-deny-port.conf'}",
    "/usr/sbin/pure-ftpd -p 30000:30029 -E -c 50 -C 8 -Y 2 -P 203.0.113.10 -S 2121",
]


def _fixture_reads() -> list[Any]:
    return [
        pytest.param(fixture, id=fixture_id(fixture))
        for fixture in rule_fixtures()
        if fixture.conversion_target is None or not fixture.is_neutral  # neutral TOML/JSON is always validated
    ]


def _read(fixture: RuleFixture) -> Callable[[], LintResult]:
    dialect = fixture.source_dialect if fixture.conversion_target is not None else None
    return lambda: lint_path(str(fixture.config), dialect)


def _validated(monkeypatch: pytest.MonkeyPatch, read: Callable[[], Any]) -> Any:
    """``read()`` with every ``model_construct`` of a model class replaced by the validating constructor."""
    calls = 0

    def validating(cls: type[model._Frozen], /, _fields_set: set[str] | None = None, **values: Any) -> Any:
        nonlocal calls
        calls += 1
        return cls(**values)

    with monkeypatch.context() as patch:
        patch.setattr(model._Frozen, "model_construct", classmethod(validating))
        result = read()
    assert calls, "the readers no longer construct: this test compares nothing"
    return result


def _revalidated(value: Any) -> Any:
    """What validating each object with its (already validated) parts would have made, bottom up."""
    if isinstance(value, BaseModel):
        fields = {k: _revalidated(v) for k, v in value.__dict__.items() if k in value.model_fields_set}
        return type(value)(**fields)
    if isinstance(value, tuple):
        return tuple(_revalidated(v) for v in value)
    if isinstance(value, dict):
        return {k: _revalidated(v) for k, v in value.items()}
    return value


def assert_same(a: Any, b: Any, where: str = "config") -> None:
    assert type(a) is type(b), f"{where}: {type(a)} != {type(b)}"
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        assert list(a.__dict__) == list(b.__dict__), where
        for name in a.__dict__:
            assert_same(a.__dict__[name], b.__dict__[name], f"{where}.{name}")
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            assert_same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, (set, frozenset)):
        assert a == b, where
        assert sorted(map(repr, a)) == sorted(map(repr, b)), where
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def _ordered(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: sorted(v) if k == "accepted" else _ordered(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_ordered(v) for v in data]
    return data


def assert_same_model(constructed: model.Config, validated: model.Config) -> None:
    assert_same(constructed, validated)
    assert constructed == validated
    assert constructed.model_dump() == validated.model_dump()
    # A frozenset's iteration order is the hash order of its process and of how it was filled, so the JSON
    # lists of `accepted` are compared as sets (nothing prints them: neutral output lists the commands in
    # DATA_COMMANDS order).
    assert _ordered(json.loads(constructed.model_dump_json())) == _ordered(json.loads(validated.model_dump_json()))
    assert model.Config.model_validate(constructed.model_dump()) == validated


def _check(monkeypatch: pytest.MonkeyPatch, read: Callable[[], LintResult]) -> None:
    try:
        constructed = read()
    except Exception as exc:  # an unreadable fixture must fail the same way when validated
        with pytest.raises(type(exc)):
            _validated(monkeypatch, read)
        return
    validated = _validated(monkeypatch, read)
    assert_same_model(constructed.config, validated.config)
    assert_same(constructed.config, _revalidated(constructed.config))
    assert [d.code for d in constructed.diagnostics] == [d.code for d in validated.diagnostics]


@pytest.mark.parametrize("fixture", _fixture_reads())
def test_fixture_model_is_the_same_validated(fixture: RuleFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(monkeypatch, _read(fixture))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_model_is_the_same_validated(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(monkeypatch, lambda: lint_path(str(sample)))


@pytest.mark.parametrize("command", COMMAND_LINES, ids=lambda c: c.split()[0].rsplit("/", 1)[-1])
def test_command_line_model_is_the_same_validated(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(monkeypatch, lambda: lint_invocation(command))


def test_the_check_catches_coercion(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison is strict enough: validation turns a list into a tuple and True into 1."""
    origin = model.Origin.default()
    loose = model.Setting[tuple[str, ...]].model_construct(effective=["TLSv1.2"], origin=origin)  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        assert_same(loose, _revalidated(loose))
    number = model.Setting[int].model_construct(effective=True, origin=origin)
    with pytest.raises(AssertionError):
        assert_same(number, _revalidated(number))
    assert_same(
        model.Setting[int].model_construct(effective=1, origin=origin), model.Setting[int](effective=1, origin=origin)
    )


def test_a_plain_lint_builds_no_schema() -> None:
    """No validator, no plugin lookup (importlib.metadata) on the lint path: bench/PROFILE.md §1."""
    script = (
        "import sys\n"
        "from ftpconf.lint import lint_path\n"
        "from ftpconf import model\n"
        f"result = lint_path({str(ROOT / 'samples' / 'vsftpd-clean.conf')!r})\n"
        "built = [c.__name__ for c in (model.Setting, model.Setting[bool], model.Origin, model.Config) "
        "if c.__pydantic_complete__]\n"
        "print(built, 'pydantic.plugin._loader' in sys.modules, 'importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["[]", "False", "False"], done.stdout + done.stderr


def test_setting_still_validates_and_rebuilds() -> None:
    setting = model.Setting[int](effective="3")
    assert setting.effective == 3 and type(setting) is model.Setting[int]
    with pytest.raises(ValidationError):
        model.Setting[int](effective="x")
    assert model.Setting.model_rebuild(force=True) is True
    assert model.Setting[tuple[str, ...]](effective=["a"]).effective == ("a",)
