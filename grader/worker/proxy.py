"""The grader's view of objects that live in the worker: modules, functions, handles.

    impl.conv                  ModuleProxy: attribute access asks the worker once per name
    impl.conv.conv_forward     RemoteFunction: calling it runs conv_forward in the worker
    impl.conv.Conv2D(...)      -> Handle: an id into the worker's table plus its type name
    layer.w / layer.w = w2     remote getattr (data comes back as data) / setattr
    layer.forward(x)           RemoteMethod: a bound method, called remotely

A Handle is opaque: it is not data (np.asarray refuses it), cannot be iterated or copied,
and dies with its worker (using it afterwards raises WorkerCrashed "stale handle").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from grader.worker.errors import ProtocolError


class Remote(Protocol):
    """What a proxy needs of the WorkerImpl behind it: a call, and a handle's release."""

    def _call(
        self,
        header: dict,
        what: str,
        args: tuple = (),
        kwargs: dict | None = None,
        value: tuple | None = None,
        method: Callable[[str], Any] | None = None,
    ) -> Any: ...

    def _release(self, gen: int, hid: int) -> None: ...


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


class ModuleProxy:
    """One of the submission's modules (impl.padding, ..., impl.layers)."""

    __slots__ = ("_impl", "_key", "_functions")

    def __init__(self, impl: Remote, key: str):
        self._impl, self._key, self._functions = impl, key, {}

    def __getattr__(self, name: str):
        if _dunder(name) or name in ModuleProxy.__slots__:
            raise AttributeError(name)
        if name in self._functions:
            return self._functions[name]
        value = self._impl._call({"op": "mod_getattr", "mod": self._key, "name": name},
                                 f"{self._key}.{name}")
        if isinstance(value, RemoteFunction):
            self._functions[name] = value  # functions and classes: resolved by name, kept
        return value

    def __repr__(self) -> str:
        return f"<module {self._key} of the submission, in the worker>"


class RemoteFunction:
    """A module-level function or class, called by name in the worker."""

    __slots__ = ("_impl", "_mod", "_name", "_cls")

    def __init__(self, impl: Remote, mod: str, name: str, cls: str):
        self._impl, self._mod, self._name, self._cls = impl, mod, name, cls

    @property
    def __name__(self) -> str:
        return self._name

    def __call__(self, *args, **kwargs):
        header = {"op": "mod_call", "mod": self._mod, "name": self._name}
        return self._impl._call(header, f"{self._mod}.{self._name}", args, kwargs)

    def __repr__(self) -> str:
        return f"<{self._cls} {self._mod}.{self._name} in the worker>"


class RemoteMethod:
    """A bound method of a worker object."""

    __slots__ = ("_handle", "_name")

    def __init__(self, handle: Handle, name: str):
        self._handle, self._name = handle, name

    @property
    def __name__(self) -> str:
        return self._name

    def __call__(self, *args, **kwargs):
        h = self._handle
        header = {"op": "method", "h": h, "name": self._name}
        return h._h_impl._call(header, f"{h._h_cls}.{self._name}", args, kwargs)

    def __repr__(self) -> str:
        return f"<method {self._name} of {self._handle!r}>"


class Handle:
    """An object that stays in the worker (a layer, a model, a cache that is not data)."""

    __slots__ = ("_h_impl", "_h_gen", "_h_id", "_h_cls", "_h_callable", "_h_methods",
                 "__weakref__")

    def __init__(self, impl: Remote, gen: int, hid: int, cls: str, is_callable: bool):
        init = object.__setattr__
        init(self, "_h_impl", impl)
        init(self, "_h_gen", gen)
        init(self, "_h_id", hid)
        init(self, "_h_cls", cls)
        init(self, "_h_callable", is_callable)
        init(self, "_h_methods", set())

    def __getattr__(self, name: str):
        if _dunder(name) or name.startswith("_h_"):
            raise AttributeError(name)
        if name in self._h_methods:
            return RemoteMethod(self, name)

        def method(remote_name: str) -> RemoteMethod:
            if remote_name != name:
                raise ProtocolError(f"asked for {name!r}, got method {remote_name!r}")
            self._h_methods.add(name)
            return RemoteMethod(self, name)

        header = {"op": "getattr", "h": self, "name": name}
        return self._h_impl._call(header, f"{self._h_cls}.{name}", method=method)

    def __setattr__(self, name: str, value) -> None:
        if _dunder(name) or name.startswith("_h_"):
            raise AttributeError(f"cannot set {name!r} on a handle")
        self._h_methods.discard(name)
        header = {"op": "setattr", "h": self, "name": name}
        self._h_impl._call(header, f"{self._h_cls}.{name} = ...", value=(value,))

    def __call__(self, *args, **kwargs):
        if not self._h_callable:
            raise TypeError(f"{self!r} is not callable")
        return self._h_impl._call({"op": "call", "h": self}, f"{self._h_cls}(...)", args, kwargs)

    def __repr__(self) -> str:
        return f"<handle #{self._h_id}: {self._h_cls} in worker {self._h_gen}>"

    def __del__(self) -> None:
        try:
            self._h_impl._release(self._h_gen, self._h_id)
        except AttributeError:  # half-built
            pass

    def __array__(self, dtype=None, copy=None):
        raise TypeError(f"{self!r} is not data: the implementation returned a {self._h_cls}, "
                        "not a plain ndarray")

    def __iter__(self):
        raise TypeError(f"cannot iterate {self!r}: call the method that returns the items, "
                        "e.g. list(model.params())")

    def __reduce_ex__(self, protocol):
        raise TypeError(f"{self!r} cannot be copied or pickled: it lives in the worker")
