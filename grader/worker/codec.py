"""Values across the pipe: arguments encoded here, results decoded here, strictly.

JSON shapes (one tag per object; everything else is a JSON null/bool/int/float/str):

    {"a": blob, "dt": "<f8", "sh": [2, 3], "ro": false}   ndarray (numeric or bool)
    {"s": blob, "dt": "<i8"}                               numpy scalar (a 0-d .npy blob)
    {"tn": blob, "dt": "<f4", "sh": [2, 3], "dev": "cpu", "rg": false}
                                                           torch tensor: its values as an
                                                           array, device and requires_grad
    {"tdtype": "float32"}                                  a torch floating/integer dtype
    {"f": "nan" | "inf" | "-inf"}                          a non-finite float
    {"t": [...]}  {"l": [...]}  {"d": [[key, value], ...]} tuple, list, dict (str keys)
    {"dtype": "<f4"}  {"sctype": "<f4"}  {"pytype": "float"}  np.dtype, np.float32, float
    {"h": id, "cls": name, "callable": bool}               a handle (results; args: {"h": id})
    {"fn": [module, name], "cls": name}                    a module's function or class
    {"m": name, "cls": name}                               a bound method (getattr only)

Results are decoded by `Decoder`, which trusts nothing: every array is rebuilt from its
.npy blob (frames.npy_to_array: numpy's header parser, no pickle) and must be a plain
ndarray of the announced numeric/bool dtype and shape, every blob is used exactly once,
and any other deviation is a ProtocolError.
Numpy scalars come back as numpy scalars of the same dtype (np.float32(1.5) stays one).
A tensor crosses as data too: its values (detached, copied to the host), its dtype, shape
and device named; it is rebuilt on the other side as a fresh leaf tensor on that device
(requires_grad as sent). torch is imported only when a tensor is met, so the other parts
never pay for it; the device is checked against DEVICE before torch sees it.
"""

from __future__ import annotations

import math
import re
import sys

import numpy as np

from coursekit.seam import MODULES
from grader.worker import frames
from grader.worker.errors import ProtocolError
from grader.worker.proxy import Handle, RemoteFunction

MAX_DEPTH = 64
PY_TYPES = {"int": int, "float": float, "bool": bool}
NON_FINITE = {"nan", "inf", "-inf"}
DEVICE = re.compile(r"(cpu|cuda(:[0-9]{1,2})?)")  # the devices a tensor may name
TORCH_DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
                "bool")


def tensor_fields(t) -> tuple[np.ndarray, dict]:
    """A torch tensor -> (its values as a host ndarray, {"dt", "sh", "dev", "rg"})."""
    a = t.detach().cpu().numpy()
    return a, {"dt": a.dtype.str, "sh": list(a.shape), "dev": str(t.device),
               "rg": bool(t.requires_grad)}


def _torch_dtype(value) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.dtype)


def _torch_tensor(value) -> bool:
    torch = sys.modules.get("torch")  # a tensor exists only if torch was imported
    return torch is not None and isinstance(value, torch.Tensor)


class Encoder:
    """Arguments -> JSON tree + .npy blobs. Refuses (TypeError) anything that is not data."""

    def __init__(self, check_handle):
        self.blobs: list = []
        self.check_handle = check_handle  # Handle -> its id, or raises for a stale one

    def value(self, v, depth: int = 0):
        if depth > MAX_DEPTH:
            raise TypeError("argument nested too deeply to send to the worker")
        # numpy scalars first: np.float64 is also a float
        if isinstance(v, np.generic) and frames.data_dtype(v.dtype):
            self.blobs.append(frames.array_to_npy(np.asarray(v)))
            return {"s": len(self.blobs) - 1, "dt": v.dtype.str}
        if v is None or type(v) is bool:
            return v
        if isinstance(v, str):
            return str(v)
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            return float(v) if math.isfinite(v) else {"f": repr(float(v))}
        if isinstance(v, Handle):
            return {"h": self.check_handle(v)}
        if _torch_dtype(v):
            name = str(v).removeprefix("torch.")
            if name not in TORCH_DTYPES:
                raise TypeError(f"cannot send the torch dtype {v} to the worker")
            return {"tdtype": name}
        if _torch_tensor(v):
            a, fields = tensor_fields(v)
            if not frames.data_dtype(a.dtype):
                raise TypeError(f"cannot send a tensor of dtype {v.dtype} to the worker")
            self.blobs.append(frames.array_to_npy(a))
            return {"tn": len(self.blobs) - 1, **fields}
        if isinstance(v, RemoteFunction):
            return {"fn": [v._mod, v._name]}
        if isinstance(v, np.ndarray):
            if type(v) not in (np.ndarray, np.memmap) or not frames.data_dtype(v.dtype):
                raise TypeError(f"cannot send a {type(v).__name__} of dtype {v.dtype} to the "
                                "worker: only plain numeric or bool ndarrays are data")
            a = np.asarray(v)
            self.blobs.append(frames.array_to_npy(a))
            return {"a": len(self.blobs) - 1, "dt": a.dtype.str, "sh": list(a.shape),
                    "ro": not v.flags.writeable}
        if isinstance(v, np.dtype) and frames.data_dtype(v):
            return {"dtype": v.str}
        if isinstance(v, type):
            if v in PY_TYPES.values():
                return {"pytype": v.__name__}
            if issubclass(v, np.generic) and frames.data_dtype(np.dtype(v)):
                return {"sctype": np.dtype(v).str}
        if isinstance(v, (tuple, list)):
            items = [self.value(x, depth + 1) for x in v]
            return {"t": items} if isinstance(v, tuple) else {"l": items}
        if isinstance(v, dict) and all(type(k) is str for k in v):
            return {"d": [[k, self.value(x, depth + 1)] for k, x in v.items()]}
        if isinstance(v, np.random.Generator):
            raise TypeError("random generators travel as int seeds: pass rng=0, not a Generator")
        raise TypeError(f"cannot send a {type(v).__name__} to the worker: arguments are data "
                        "(arrays, scalars, str, None, dtypes, tuples/lists/dicts) or handles")


class Decoder:
    """A response's JSON tree + blobs -> values. Every deviation is a ProtocolError."""

    def __init__(self, blobs: list, make_handle, make_function, make_method=None):
        self.blobs = blobs
        self.used: set[int] = set()
        self.make_handle, self.make_function, self.make_method = (
            make_handle, make_function, make_method)

    def result(self, tree):
        value = self.value(tree, 0)
        if len(self.used) != len(self.blobs):
            raise ProtocolError(f"{len(self.blobs) - len(self.used)} blob(s) not referenced")
        return value

    def value(self, v, depth: int):
        t = type(v)
        if v is None or t in (bool, int, float, str):
            return v
        if depth > MAX_DEPTH:
            raise ProtocolError("response nested too deeply")
        if t is not dict:
            raise ProtocolError(f"unexpected JSON {t.__name__} in a response")
        keys = frozenset(v)
        if keys == {"a", "dt", "sh", "ro"}:
            shape = v["sh"]
            if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
                raise ProtocolError(f"bad array shape {shape!r}")
            a = self.array(v["a"], v["dt"], shape)
            if _flag(v["ro"]):
                a.setflags(write=False)
            return a
        if keys == {"tn", "dt", "sh", "dev", "rg"}:
            return self.tensor(v)
        if keys == {"tdtype"}:
            if v["tdtype"] not in TORCH_DTYPES:
                raise ProtocolError(f"bad torch dtype {v['tdtype']!r}")
            import torch

            return getattr(torch, v["tdtype"])
        if keys == {"s", "dt"}:
            x = self.array(v["s"], v["dt"], [])[()]
            if type(x) is not x.dtype.type:
                raise ProtocolError("numpy scalar did not rebuild as one")
            return x
        if keys == {"f"}:
            if v["f"] not in NON_FINITE:
                raise ProtocolError(f"bad float {v['f']!r}")
            return float(v["f"])
        if keys == {"t"} or keys == {"l"}:
            items = v.get("t", v.get("l"))
            if type(items) is not list:
                raise ProtocolError("bad sequence encoding")
            out = [self.value(x, depth + 1) for x in items]
            return tuple(out) if "t" in v else out
        if keys == {"d"}:
            pairs = v["d"]
            if type(pairs) is not list or not all(
                type(p) is list and len(p) == 2 and type(p[0]) is str for p in pairs
            ):
                raise ProtocolError("bad dict encoding")
            return {k: self.value(x, depth + 1) for k, x in pairs}
        if keys == {"dtype"} or keys == {"sctype"}:
            dt = _dtype(v.get("dtype", v.get("sctype")))
            return dt if "dtype" in v else dt.type
        if keys == {"pytype"}:
            if v["pytype"] not in PY_TYPES:
                raise ProtocolError(f"bad type {v['pytype']!r}")
            return PY_TYPES[v["pytype"]]
        if keys == {"h", "cls", "callable"}:
            if type(v["h"]) is not int or v["h"] <= 0:
                raise ProtocolError(f"bad handle id {v['h']!r}")
            return self.make_handle(v["h"], _text(v["cls"]), _flag(v["callable"]))
        if keys == {"fn", "cls"}:
            fn = v["fn"]
            if (type(fn) is not list or len(fn) != 2 or fn[0] not in MODULES
                    or type(fn[1]) is not str or not fn[1].isidentifier()):
                raise ProtocolError(f"bad function reference {fn!r}")
            return self.make_function(fn[0], fn[1], _text(v["cls"]))
        if keys == {"m", "cls"} and depth == 0 and self.make_method is not None:
            return self.make_method(_text(v["m"]))
        raise ProtocolError(f"unknown value encoding with keys {sorted(keys)[:8]}")

    def tensor(self, v: dict):
        shape, device, grad = v["sh"], v["dev"], _flag(v["rg"])
        if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
            raise ProtocolError(f"bad tensor shape {shape!r}")
        if type(device) is not str or not DEVICE.fullmatch(device):
            raise ProtocolError(f"bad tensor device {device!r}")
        a = self.array(v["tn"], v["dt"], shape)
        import torch

        if device != "cpu" and not torch.cuda.is_available():
            raise ProtocolError(f"a tensor on {device}, but this process has no GPU")
        t = torch.from_numpy(a).to(device)
        if grad:
            if not t.is_floating_point():
                raise ProtocolError(f"requires_grad on a {t.dtype} tensor")
            t.requires_grad_(True)
        return t

    def array(self, index, dtype, shape: list) -> np.ndarray:
        if type(index) is not int or not 0 <= index < len(self.blobs) or index in self.used:
            raise ProtocolError(f"bad or reused blob index {index!r}")
        if type(dtype) is not str or len(dtype) > 16:
            raise ProtocolError(f"bad dtype {dtype!r}")
        self.used.add(index)
        try:
            a = frames.npy_to_array(self.blobs[index], dtype, shape)
        except frames.FrameError as e:
            raise ProtocolError(str(e)) from None
        if type(a) is not np.ndarray or not frames.data_dtype(a.dtype):
            raise ProtocolError("array did not rebuild as a plain numeric ndarray")
        return a


def _flag(x) -> bool:
    if type(x) is not bool:
        raise ProtocolError(f"expected a bool, got {type(x).__name__}")
    return x


def _text(x, limit: int = 200) -> str:
    if type(x) is not str or len(x) > limit:
        raise ProtocolError("bad name in a response")
    return x


def _dtype(s) -> np.dtype:
    if type(s) is not str or len(s) > 16:
        raise ProtocolError(f"bad dtype {s!r}")
    try:
        dt = np.dtype(s)
    except Exception:
        raise ProtocolError(f"bad dtype {s!r}") from None
    if not frames.data_dtype(dt):
        raise ProtocolError(f"dtype {s!r} is not numeric or bool")
    return dt
