"""Records declared as dataclasses are, that cost nothing to define: the findings and places a plain lint makes.

``@dataclass`` writes ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and ``__setattr__`` of each class
as source text and compiles it with ``exec`` when the class is defined: 1-4 M instructions a class on every
start, which no ``.pyc`` keeps (bench/PROFILE.md §1).  A :class:`Record` is declared like a frozen dataclass
(one annotation per field, its default after ``=``); its metaclass reads the annotations in order, takes the
defaults out of the class body and makes the fields the class's ``__slots__``, and every method is shared
code compiled once into the ``.pyc``: one ``__init__`` (a call giving every field by position sets them
in a loop; keywords and defaults take a slower path with a dataclass's errors; a class made
``SPECIALISE_AFTER`` times, a line of a big file, gets the ``__init__`` a dataclass would write), ``==`` (same class,
equal fields), ``hash`` (of the fields' tuple: the value a frozen dataclass gives), immutability
(``FrozenInstanceError``), a dataclass's ``repr``, pickling, and :meth:`Record.replace` for
``dataclasses.replace``.  Fields are the base class's first.  A name starting with ``_`` declared
``= private()`` is a slot for the class's own state, unset until its methods set it, not a field.

``typing.dataclass_transform`` tells mypy all this: it checks constructor calls and refuses assignment to a
Record's field.  :class:`MutableRecord` (a result being filled in) has settable fields and no hash, as a
dataclass with ``eq``; it has a metaclass of its own (declared without ``frozen_default``) because mypy
takes ``frozen`` per class from its metaclass's transform, not from its base class.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, get_origin

from typing_extensions import dataclass_transform  # typing's has no frozen_default before 3.12

R = TypeVar("R", bound="Record")
set_field = object.__setattr__  # how a frozen Record's own methods set its private state
_PRIVATE: Any = object()
_MISSING: Any = object()
_MUTABLE_DEFAULTS = (list, dict, set)  # shared by every instance: refused, as dataclasses refuses them


def private(*, init: Literal[False] = False) -> Any:
    """Declares a ``_name`` slot that is not a field: ``_code: DialectCode = private()`` (``init`` is for mypy)."""
    return _PRIVATE


@dataclass_transform(frozen_default=True, field_specifiers=(private,))
class _RecordMeta(type):
    _fields: tuple[str, ...]
    _defaults: dict[str, Any]
    _arity: int  # how many fields a call gives by position on the fast path (-1: a kw_only class has none)
    _uncompared: frozenset[str]
    _key: Any

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], *, kw_only: bool = False
    ) -> _RecordMeta:
        parent = next((base for base in bases if isinstance(base, _RecordMeta)), None)
        fields = list(parent._fields) if parent else []
        defaults = dict(parent._defaults) if parent else {}
        slots = []
        for field, annotation in namespace.get("__annotations__", {}).items():
            if type(annotation) is str:  # from __future__ import annotations
                if annotation.startswith("ClassVar"):
                    continue
            elif annotation is ClassVar or get_origin(annotation) is ClassVar:
                continue
            slots.append(field)
            value = namespace.pop(field, _MISSING)  # a slot cannot share its name with a class attribute
            if field[0] == "_":
                if value is not _PRIVATE:
                    raise TypeError(f"{name}.{field}: private state is declared `= private()`")
            elif value is not _MISSING:
                if type(value) in _MUTABLE_DEFAULTS:
                    raise ValueError(f"{name}.{field}: mutable default {type(value).__name__} is not allowed")
                defaults[field] = value
                fields.append(field)
            elif defaults:
                raise TypeError(f"{name}.{field}: a field without a default follows one with a default")
            else:
                fields.append(field)
        uncompared = namespace.get("_uncompared") or (parent._uncompared if parent else frozenset())
        compared = [field for field in fields if field not in uncompared]
        namespace.setdefault("__slots__", tuple(slots))
        namespace["_fields"] = tuple(fields)
        namespace["_defaults"] = defaults
        namespace["_arity"] = -1 if kw_only else len(fields)
        namespace["_made"] = [0]  # constructions so far, until its own __init__ is written (_specialise)
        if parent:  # each class its own __init__, so that _specialise changes only its class
            namespace.setdefault("__init__", Record.__init__)
        key = attrgetter(*compared) if len(compared) > 1 else lambda record: (getattr(record, compared[0]),)
        namespace["_key"] = key
        return super().__new__(mcs, name, bases, namespace)


class Record(metaclass=_RecordMeta):
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]
    _arity: ClassVar[int]
    _made: ClassVar[list[int]]
    _uncompared: ClassVar[frozenset[str]] = frozenset()  # fields left out of == and hash
    _key: ClassVar[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        made = self._made
        made[0] += 1
        if made[0] == SPECIALISE_AFTER:
            _specialise(type(self))
        if not kwargs and len(args) == self._arity:  # every field, in order
            for field, value in zip(self._fields, args):  # noqa: B905  (lengths equal; strict= costs a keyword)
                set_field(self, field, value)
        else:
            _init_slowly(self, args, kwargs)

    if not TYPE_CHECKING:  # hidden from mypy, which would otherwise take any attribute name as settable

        def __setattr__(self, name: str, value: object) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._key(self) == self._key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def __reduce__(self) -> tuple[object, ...]:  # copy and pickle: __init__ takes the fields by name
        return _remade, (type(self), {name: getattr(self, name) for name in self._fields})

    def replace(self: R, **changes: Any) -> R:
        """A copy with ``changes``, as ``dataclasses.replace`` makes."""
        values = [changes.pop(name) if name in changes else getattr(self, name) for name in self._fields]
        if changes:
            unexpected = next(iter(changes))
            raise TypeError(f"{type(self).__qualname__}.__init__() got an unexpected keyword argument {unexpected!r}")
        copy = object.__new__(type(self))  # every field, in order: no __init__ to check them
        for field, value in zip(self._fields, values):  # noqa: B905  (one value per field)
            set_field(copy, field, value)
        return copy


# A class made this many times (a line of a big file) gets an __init__ of its own, as a dataclass writes it:
# the shared one loops over the fields, which costs ~0.8k instructions a field more than a written
# ``set_field(self, "name", name)`` line (a 100k-line vsftpd.conf: ~14 % more).  Written only when a class
# is that hot, it costs a cold start nothing (a plain lint makes no class more than ~70 times).
SPECIALISE_AFTER = 200


def _specialise(cls: type[Record]) -> None:
    fields, defaults = cls._fields, cls._defaults
    parameters = ", ".join(f"{name}=_defaults[{name!r}]" if name in defaults else name for name in fields)
    lines = "".join(f"\n    set_field(self, {name!r}, {name})" for name in fields)
    source = f"def __init__(self, {'*, ' if cls._arity < 0 else ''}{parameters}) -> None:{lines or ' pass'}"
    namespace: dict[str, Any] = {"set_field": set_field, "_defaults": defaults}
    exec(source, namespace)  # the names are the class's own annotations: identifiers
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    type.__setattr__(cls, "__init__", init)


def _init_slowly(record: Record, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Keywords and defaults, with the TypeErrors a dataclass's ``__init__`` raises."""
    cls = type(record)
    fields, defaults, given = cls._fields, cls._defaults, len(args)
    call = f"{cls.__qualname__}.__init__()"
    positional = max(cls._arity, 0)
    if given > positional:
        required = positional - len(defaults) if positional else 0  # as Python counts them: self too
        takes = f"{positional + 1}" if required == positional else f"from {required + 1} to {positional + 1}"
        plural = "s" if positional else ""
        raise TypeError(f"{call} takes {takes} positional argument{plural} but {given + 1} were given")
    used, missing = 0, []
    for index, name in enumerate(fields):
        if name in kwargs:
            if index < given:
                raise TypeError(f"{call} got multiple values for argument {name!r}")
            set_field(record, name, kwargs[name])
            used += 1
        elif index < given:
            set_field(record, name, args[index])
        elif name in defaults:
            set_field(record, name, defaults[name])
        else:
            missing.append(name)
    if used < len(kwargs):
        unexpected = next(name for name in kwargs if name not in fields)
        raise TypeError(f"{call} got an unexpected keyword argument {unexpected!r}")
    if missing:
        names = " and ".join(", ".join(repr(name) for name in missing).rsplit(", ", 1))
        kind, plural = "positional" if positional else "keyword-only", "s" if len(missing) > 1 else ""
        raise TypeError(f"{call} missing {len(missing)} required {kind} argument{plural}: {names}")


@dataclass_transform(field_specifiers=(private,))
class _MutableMeta(_RecordMeta):
    """mypy takes ``frozen`` per class, not from the base: a metaclass of its own makes subclasses mutable."""


class MutableRecord(Record, metaclass=_MutableMeta):
    """A Record whose fields may be set (a result being filled in): unhashable, as a dataclass with ``eq``."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
    if not TYPE_CHECKING:
        __setattr__ = object.__setattr__
        __delattr__ = object.__delattr__


def _remade(cls: type[R], values: dict[str, Any]) -> R:
    return cls(**values)
