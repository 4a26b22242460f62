"""`@record`: frozen, slotted value classes without importing `dataclasses`.

Every lookup pays for what it imports. `dataclasses` pulls in `inspect` and
generates code for each class it decorates: about 10 ms of a ~60 ms lookup for
our dozen model classes. `@record` reads the class annotations once and gives
the class __slots__, a keyword-or-positional __init__ with defaults, __eq__,
__hash__ and __repr__, and refuses attribute assignment. mypy treats it as a
dataclass through `dataclass_transform` (PEP 681).

Use plain literal defaults only (None, numbers, strings, empty tuples); a
mutable default would be shared between instances, as with dataclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Any:
        return lambda decorator: decorator


C = TypeVar("C", bound=type)
R = TypeVar("R")
_MISSING = object()


def _own_fields(cls: type) -> list[str]:
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        for name in klass.__dict__.get("__annotations__", {}):
            if not name.startswith("_") and name not in names:
                names.append(name)
    return names


@dataclass_transform(frozen_default=True)
def record(cls: C) -> C:
    """Make `cls` a frozen value class with slots (see module docstring)."""
    names = tuple(_own_fields(cls))
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    namespace = {
        k: v
        for k, v in cls.__dict__.items()
        if k not in names and k not in ("__dict__", "__weakref__")
    }
    namespace["__slots__"] = names
    namespace["_fields"] = names
    namespace["_defaults"] = defaults
    new = type(cls.__name__, cls.__bases__, namespace)
    new.__qualname__ = cls.__qualname__
    methods = {
        "__init__": _init,
        "__eq__": _eq,
        "__hash__": _hash,
        "__repr__": _repr,
        "__setattr__": _frozen,
        "__delattr__": _frozen,
        "__reduce__": _reduce,
    }
    for name, function in methods.items():
        setattr(new, name, function)
    return new  # type: ignore[return-value]


SPECIALISE_AFTER = 64  # instances made the generic way before a class compiles its own __init__


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    """A class made many times compiles its own __init__ (as dataclasses does at class
    creation, which every lookup would pay for): 0.7 µs a record instead of the generic one's
    12 µs, measured on a two-field class, for a build's millions. Compiling costs about 0.15 ms,
    more than a lookup's few records of most classes save, so a class does it only after
    SPECIALISE_AFTER instances. The generic one stays for field orders a signature cannot have
    (a field without a default after one with)."""
    cls = type(self)
    made = cls.__dict__.get("_made", 0) + 1
    if made < SPECIALISE_AFTER:
        type.__setattr__(cls, "_made", made)
        _generic_init(self, *args, **kwargs)
        return
    cls.__init__ = _specialise(cls) or _generic_init
    cls.__init__(self, *args, **kwargs)


def _specialise(cls: Any) -> Any:
    names: tuple[str, ...] = cls._fields
    defaults: dict[str, Any] = cls._defaults
    seen_default = False
    params = []
    for i, name in enumerate(names):
        if name in defaults:
            seen_default = True
            params.append(f"{name}=_d[{i}]")
        elif seen_default:
            return None
        else:
            params.append(name)
    body = "".join(f"    _set(self, {name!r}, {name})\n" for name in names) or "    pass\n"
    source = f"def __init__(self, {', '.join(params)}):\n{body}"
    scope: dict[str, Any] = {
        "_set": object.__setattr__,
        "_d": [defaults.get(n) for n in names],
    }
    exec(compile(source, f"<record {cls.__name__}>", "exec"), scope)  # noqa: S102
    function = scope["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    return function


def _generic_init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls._fields
    if len(args) > len(names):
        raise TypeError(f"{cls.__name__}() takes {len(names)} arguments but {len(args)} were given")
    setter = object.__setattr__
    for name, value in zip(names, args, strict=False):
        setter(self, name, value)
    defaults = cls._defaults
    for name in names[len(args) :]:
        value = kwargs.pop(name, _MISSING)
        if value is _MISSING:
            value = defaults.get(name, _MISSING)
            if value is _MISSING:
                raise TypeError(f"{cls.__name__}() missing argument '{name}'")
        setter(self, name, value)
    if kwargs:
        raise TypeError(f"{cls.__name__}() got unexpected arguments {sorted(kwargs)}")


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, n) for n in type(self)._fields if n != "origin")


def _eq(self: Any, other: object) -> Any:
    if type(other) is not type(self):
        return NotImplemented
    return bool(_values(self) == _values(other))


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in type(self)._fields)
    return f"{type(self).__name__}({inner})"


def _frozen(self: Any, *args: Any) -> None:
    raise AttributeError(f"{type(self).__name__} is frozen")


def _reduce(self: Any) -> tuple[Any, ...]:
    return (type(self), tuple(getattr(self, n) for n in type(self)._fields))


def fields(obj: Any) -> tuple[str, ...]:
    """The field names of a record instance or class."""
    names: tuple[str, ...] = obj._fields
    return names


def replace(obj: R, **changes: Any) -> R:
    """A copy of a record with some fields changed."""
    values = {n: getattr(obj, n) for n in fields(obj)}
    values.update(changes)
    copy: R = type(obj)(**values)
    return copy


def is_record(obj: Any) -> bool:
    return hasattr(type(obj), "_fields") and not isinstance(obj, type)
