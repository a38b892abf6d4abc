"""Immutable records that cost nothing to define: the findings and places a plain lint makes.

``@dataclass`` writes ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and ``__setattr__`` of each class
as source text and compiles it with ``exec`` when the class is defined: 1-4 M instructions a class on every
start, which no ``.pyc`` keeps (bench/PROFILE.md §1).  A :class:`Record` writes its ``__init__`` by hand
(compiled once into the ``.pyc``, setting each field with ``set_field``) and inherits the rest, which reads
the fields from ``__slots__`` in order, base classes first (a slot named ``_x`` is private state, not a
field): equal when of the same class with equal fields, hashed as the tuple of those fields, immutable
(``FrozenInstanceError``, as a frozen dataclass), printed as a dataclass prints, and copied with changes
by :meth:`Record.replace`.
"""

from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")
set_field = object.__setattr__  # a Record's __init__ sets its fields with this, as a frozen dataclass does


class Record:
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _uncompared: ClassVar[frozenset[str]] = frozenset()  # fields left out of == and hash
    _key: ClassVar[Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        slots = (name for klass in reversed(cls.__mro__) for name in vars(klass).get("__slots__", ()))
        cls._fields = tuple(name for name in slots if not name.startswith("_"))
        compared = [name for name in cls._fields if name not in cls._uncompared]
        cls._key = attrgetter(*compared) if len(compared) > 1 else lambda record: (getattr(record, compared[0]),)

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
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)


class MutableRecord(Record):
    """A Record whose fields may be set (a result being filled in): unhashable, as a dataclass with ``eq``."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
    if not TYPE_CHECKING:
        __setattr__ = object.__setattr__
        __delattr__ = object.__delattr__


def _remade(cls: type[R], values: dict[str, Any]) -> R:
    return cls(**values)
