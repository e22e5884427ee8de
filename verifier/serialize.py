"""Lossless conversion of the verifier's frozen dataclasses to JSON-able data and back.

Used by the extraction cache and by the service to store results. Decimals travel as strings
(no float rounding), dates as ISO strings, enums as their values, tuples as lists. Decoding is
driven by the dataclasses' type hints, generic ``Field[T]`` included.

A tuple field marked ``metadata={"lazy": True}`` (the OCR word boxes of a page) is decoded when it
is first used, not with the object: a warm check decodes every cached extraction but never looks at
a word box (docs/reading.md, header-first reading).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, Union

T = TypeVar("T")


def to_jsonable(obj: object) -> Any:
    """Dataclasses, enums, dates, Decimals, tuples and dicts -> plain JSON-able values."""
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, LazyTuple):
        return obj.jsonable()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def from_jsonable(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_jsonable` for a value of type ``cls``."""
    return typing.cast(T, _decoder(typing.cast(Any, cls))(data))


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(tp: Any, bindings: tuple[tuple[Any, Any], ...] = ()) -> Decoder:
    """The decoding function of type ``tp`` (``bindings``: the type variables' values), built once.

    The type hints are strings (``from __future__ import annotations``) and walking them per value
    cost most of a warm check's time, tens of thousands of word boxes each resolving its class's
    hints (docs/reading.md, header-first reading): the walk is done once per type instead.
    """
    if isinstance(tp, TypeVar):
        tp = dict(bindings).get(tp, Any)
    if tp is Any:
        return _same
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        return _union([_decoder(a, bindings) for a in args if a is not type(None)], tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            each = _decoder(args[0], bindings)
            return lambda data: tuple(map(each, data))
        members = [_decoder(a, bindings) for a in args]
        return lambda data: tuple(d(v) for d, v in zip(members, data, strict=True))
    if origin is list:
        item = _decoder(args[0], bindings)
        return lambda data: list(map(item, data))
    if origin is dict:
        value = _decoder(args[1], bindings)
        return lambda data: {k: value(v) for k, v in data.items()}
    if isinstance(origin, type) and dataclasses.is_dataclass(origin):
        params = getattr(origin, "__parameters__", ())
        bound = {**dict(bindings), **dict(zip(params, args, strict=False))}
        return _dataclass(origin, tuple(bound.items()))
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return _dataclass(tp, bindings)
        if issubclass(tp, Enum):
            return tp
        if tp is Decimal:
            return lambda data: Decimal(str(data))
        if tp is dt.datetime:
            return dt.datetime.fromisoformat
        if tp is dt.date:
            return dt.date.fromisoformat
        return _plain(tp)
    return _plain(None, tp)


def _same(data: Any) -> Any:
    return data


def _union(members: list[Decoder], tp: Any) -> Decoder:
    def decode(data: Any) -> Any:
        if data is None:
            return None
        errors: list[Exception] = []
        for member in members:
            try:
                return member(data)
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(exc)
        raise TypeError(f"no member of {tp} fits {data!r}: {errors}")
    return decode


def _plain(cls: type | None, tp: Any = None) -> Decoder:
    """A str, int, bool, float (an int is taken for a float) or None: kept as it is when it fits."""
    def decode(data: Any) -> Any:
        if cls is float and isinstance(data, int | float):
            return float(data)
        if cls is not None and isinstance(data, cls):
            return data
        raise TypeError(f"cannot decode {data!r} as {cls or tp}")
    return decode


def _dataclass(cls: type, bindings: tuple[tuple[Any, Any], ...]) -> Decoder:
    fields: tuple[tuple[str, Decoder], ...] | None = None

    def decode(data: Any) -> Any:
        nonlocal fields
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__} needs an object, got {type(data).__name__}")
        if fields is None:
            # resolved at the first value, not when built: a dataclass may contain itself
            hints = typing.get_type_hints(cls)
            fields = tuple((f.name, _lazy(_decoder(hints[f.name], bindings)) if f.metadata.get("lazy")
                            else _decoder(hints[f.name], bindings)) for f in dataclasses.fields(cls))
        return cls(**{name: decode_field(data[name]) for name, decode_field in fields if name in data})
    return decode


def _lazy(decode: Decoder) -> Decoder:
    def later(data: Any) -> Any:
        if not isinstance(data, list):
            raise TypeError(f"a lazy tuple needs a list, got {type(data).__name__}")
        return LazyTuple(data, decode) if data else ()
    return later


class LazyTuple(Sequence[Any]):
    """A decoded tuple that stands for its JSON rows until it is first used.

    It behaves as the tuple it stands for: equal to it (and to another one of the same items), the
    same hash, ``+`` and slices give tuples, and it pickles as the tuple (a reader process gets
    plain data). :func:`to_jsonable` gives the rows back without decoding them.
    """

    __slots__ = ("_decode", "_items", "_rows")

    def __init__(self, rows: list[Any], decode: Decoder) -> None:
        self._rows = rows
        self._decode = decode
        self._items: tuple[Any, ...] | None = None

    def items(self) -> tuple[Any, ...]:
        """The decoded tuple (decoded at the first call, kept)."""
        if self._items is None:
            self._items = self._decode(self._rows)
        return self._items

    @property
    def decoded(self) -> bool:
        return self._items is not None

    def jsonable(self) -> list[Any]:
        return self._rows if self._items is None else [to_jsonable(v) for v in self._items]

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items())

    def __getitem__(self, index: Any) -> Any:
        return self.items()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyTuple):
            return self.items() == other.items()
        if isinstance(other, tuple):
            return self.items() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.items())

    def __add__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, tuple | LazyTuple):
            return self.items() + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, tuple):
            return other + self.items()
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.items(),))

    def __repr__(self) -> str:
        return repr(self.items())
