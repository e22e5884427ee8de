"""Lossless conversion of the verifier's frozen dataclasses to JSON-able data and back.

Used by the extraction cache and by the service to store results. Decimals travel as strings
(no float rounding), dates as ISO strings, enums as their values, tuples as lists. Decoding is
driven by the dataclasses' type hints, generic ``Field[T]`` included.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
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
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def from_jsonable(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_jsonable` for a value of type ``cls``."""
    return typing.cast(T, _decode(cls, data, {}))


def _decode(tp: Any, data: Any, bindings: dict[Any, Any]) -> Any:
    if isinstance(tp, TypeVar):
        tp = bindings.get(tp, Any)
    if tp is Any:
        return data
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        real = [a for a in args if a is not type(None)]
        errors: list[Exception] = []
        for candidate in real:
            try:
                return _decode(candidate, data, bindings)
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(exc)
        raise TypeError(f"no member of {tp} fits {data!r}: {errors}")
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v, bindings) for v in data)
        return tuple(_decode(a, v, bindings) for a, v in zip(args, data, strict=True))
    if origin is list:
        return [_decode(args[0], v, bindings) for v in data]
    if origin is dict:
        return {k: _decode(args[1], v, bindings) for k, v in data.items()}
    if isinstance(origin, type) and dataclasses.is_dataclass(origin):
        params = getattr(origin, "__parameters__", ())
        return _decode_dataclass(origin, data, {**bindings, **dict(zip(params, args, strict=False))})
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return _decode_dataclass(tp, data, bindings)
        if issubclass(tp, Enum):
            return tp(data)
        if tp is Decimal:
            return Decimal(str(data))
        if tp is dt.datetime:
            return dt.datetime.fromisoformat(data)
        if tp is dt.date:
            return dt.date.fromisoformat(data)
        if tp is float and isinstance(data, int | float):
            return float(data)
        if isinstance(data, tp):
            return data
    raise TypeError(f"cannot decode {data!r} as {tp}")


def _decode_dataclass(cls: type, data: Any, bindings: dict[Any, Any]) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} needs an object, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    kwargs = {f.name: _decode(hints[f.name], data[f.name], bindings)
              for f in dataclasses.fields(cls) if f.name in data}
    return cls(**kwargs)
