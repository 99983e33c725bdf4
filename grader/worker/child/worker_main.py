"""The worker: imports the learner's modules, runs what the grader asks, answers with data.

Started by launcher.py as `python -I -S -B -u worker_main.py CONFIG`, inside the sandbox.
Standard library and numpy only (and torch, imported when a tensor arrives or a learner
module imports it); it must not import the project. It reads request frames from one pipe
and writes response frames to another (frames.py, loaded by path; its confinement is
checked from the inside first, inside.py; part 6's calls run under torch_guard.py): stdout
and stderr belong to the learner's code.

Everything here runs in the learner's reach, so nothing in it is trusted by the grader:
this side encodes honestly, the grader's side checks everything. Results are data when
they are exact plain types (ndarray of a numeric/bool dtype, int, float, bool, str, None,
numpy scalars, dtypes, tuples/lists/dicts of these); iterators are materialised to a
list; anything else stays here and travels as a handle (an id into `handles`).
"""

import collections.abc
import importlib
import importlib.util
import json
import math
import os
import resource
import sys
import types

MAX_DEPTH = 32
MAX_ITEMS = 1_000_000
FUNCTIONS = (types.FunctionType, types.BuiltinFunctionType, type)
METHODS = (types.MethodType, types.BuiltinMethodType, types.MethodWrapperType)
PY_TYPES = {"int": int, "float": float, "bool": bool}


class Worker:
    def __init__(self, cfg: dict, frames, np, inside, helpers):
        self.frames, self.np, self.inside = frames, np, inside
        self.rules, self.guard, self.failure = helpers  # torch_rules, torch_guard, failure
        self.modules = cfg["modules"]  # impl attribute -> dotted module path
        self.prefix = os.path.join(cfg["sandbox"], "submission") + os.sep
        self.given = cfg.get("given", [])
        self.handles: dict[int, object] = {}
        self.next_id = 1
        # kill(-1) reaches only this worker's processes: as pid 1 of its own pid namespace,
        # or where Landlock scopes its signals and the probe saw the grader refuse one
        self.is_init = os.getpid() == 1 or cfg.get("signals_scoped", False)

    # ------------------------------------------------------------------ requests

    def serve(self, req_fd: int, resp_fd: int) -> None:
        frames = self.frames
        while True:
            try:
                header, blobs = frames.read_frame(req_fd)
            except frames.FrameEOF:
                return
            for hid in header.get("rel", ()):
                self.handles.pop(hid, None)
            if header.get("cpu"):
                self.set_cpu_budget(header["cpu"])
            out_blobs: list = []
            try:
                value = self.dispatch(header, blobs, out_blobs)
                reply = {"seq": header["seq"], "ok": value}
            except Exception as e:  # SystemExit and friends end the worker: a crash
                out_blobs = []
                reply = {"seq": header["seq"], "err": self.describe(e)}
            try:
                parts = frames.encode_frame(reply, out_blobs)
            except (TypeError, ValueError) as e:  # nothing written yet: say why instead
                err = TypeError(f"the result could not be sent to the grader: {e}")
                parts = frames.encode_frame({"seq": header["seq"], "err": self.describe(err)}, [])
            frames.write_parts(resp_fd, parts)
            if self.is_init:
                self.inside.end_strays()

    def dispatch(self, h: dict, blobs: list, out: list):
        op = h["op"]
        if op == "ping":
            return None
        if op in ("mod_getattr", "mod_call"):
            module = importlib.import_module(self.modules[h["mod"]])
            attr = getattr(module, _name(h["name"]))
            if op == "mod_call":
                return self.encode(self.run(attr, h, blobs), out)
            if isinstance(attr, FUNCTIONS):
                return {"fn": [h["mod"], h["name"]], "cls": type(attr).__name__}
            return self.encode(attr, out)
        obj = self.handle(h["h"])
        if op == "call":
            return self.encode(self.run(obj, h, blobs), out)
        if op == "method":
            return self.encode(self.run(getattr(obj, _name(h["name"])), h, blobs), out)
        if op == "getattr":
            attr = getattr(obj, _name(h["name"]))
            if isinstance(attr, METHODS):
                return {"m": h["name"], "cls": type(attr).__name__}
            return self.encode(attr, out)
        if op == "setattr":
            setattr(obj, _name(h["name"]), self.decode(h["value"], blobs))
            return None
        if op == "release":
            return None
        raise ValueError(f"unknown request {op!r}")

    def run(self, fn, h: dict, blobs: list):
        """fn(args) under part 6's runtime guard once torch is loaded (torch_guard.py)."""
        rules = self.rules
        whys = {"nn": rules.WHY_NN, "optim": rules.WHY_OPTIM}
        with self.guard.guard(rules.rule, whys, self.prefix, self.given):
            return fn(*self.args(h, blobs), **self.kwargs(h, blobs))

    def handle(self, hid):
        try:
            return self.handles[hid]
        except (KeyError, TypeError):
            raise LookupError(f"no object #{hid} in this worker (released?)") from None

    def args(self, h: dict, blobs: list) -> list:
        return [self.decode(v, blobs) for v in h.get("args", ())]

    def kwargs(self, h: dict, blobs: list) -> dict:
        return {k: self.decode(v, blobs) for k, v in h.get("kwargs", {}).items()}

    def set_cpu_budget(self, seconds: float) -> None:
        """Soft CPU limit = what this process used so far + the budget of this call."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        want = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (want, hard))
        except (ValueError, OSError):
            pass

    # ------------------------------------------------------------------ values

    def decode(self, v, blobs: list, depth: int = 0):
        if depth > MAX_DEPTH:
            raise ValueError("argument nested too deeply")
        if v is None or type(v) in (bool, int, float, str):
            return v
        if type(v) is not dict:
            raise TypeError(f"bad argument encoding {type(v).__name__}")
        np = self.np
        if "a" in v:
            a = self.frames.npy_to_array(blobs[v["a"]], v["dt"], v["sh"])
            if v["ro"]:
                a.setflags(write=False)
            return a
        if "s" in v:
            return self.frames.npy_to_array(blobs[v["s"]], v["dt"], [])[()]
        if "tdtype" in v:
            import torch

            return getattr(torch, _name(v["tdtype"]))
        if "tn" in v:  # a tensor: rebuilt as a leaf on the device it names
            import torch

            t = torch.from_numpy(self.frames.npy_to_array(blobs[v["tn"]], v["dt"], v["sh"]))
            t = t.to(v["dev"])
            return t.requires_grad_(True) if v["rg"] else t
        if "f" in v:
            return float(v["f"])
        if "t" in v:
            return tuple(self.decode(x, blobs, depth + 1) for x in v["t"])
        if "l" in v:
            return [self.decode(x, blobs, depth + 1) for x in v["l"]]
        if "d" in v:
            return {k: self.decode(x, blobs, depth + 1) for k, x in v["d"]}
        if "dtype" in v:
            return np.dtype(v["dtype"])
        if "sctype" in v:
            return np.dtype(v["sctype"]).type
        if "pytype" in v:
            return PY_TYPES[v["pytype"]]
        if "h" in v:
            return self.handle(v["h"])
        if "fn" in v:
            mod, name = v["fn"]
            return getattr(importlib.import_module(self.modules[mod]), name)
        raise TypeError(f"bad argument encoding {sorted(v)}")

    def encode(self, v, out: list, depth: int = 0):
        """A result -> JSON-able tree (arrays appended to `out` as .npy blobs)."""
        np, t = self.np, type(v)
        if v is None or t is bool or t is str:
            return v
        if t is int:
            return v if v.bit_length() < 1000 else self.new_handle(v)
        if t is float:
            return v if math.isfinite(v) else {"f": repr(v)}
        if depth > MAX_DEPTH:
            return self.new_handle(v)
        if t is np.ndarray and self.frames.data_dtype(v.dtype):
            out.append(self.frames.array_to_npy(v))
            ro = not v.flags.writeable
            return {"a": len(out) - 1, "dt": v.dtype.str, "sh": list(v.shape), "ro": ro}
        if isinstance(v, np.generic) and t is v.dtype.type and self.frames.data_dtype(v.dtype):
            out.append(self.frames.array_to_npy(np.asarray(v)))
            return {"s": len(out) - 1, "dt": v.dtype.str}
        torch = sys.modules.get("torch")  # only a learner module that uses torch makes one
        if torch is not None and isinstance(v, torch.dtype):
            return {"tdtype": str(v).removeprefix("torch.")}
        if torch is not None and isinstance(v, torch.Tensor):
            a = v.detach().cpu().numpy()
            if self.frames.data_dtype(a.dtype):
                out.append(self.frames.array_to_npy(a))
                return {"tn": len(out) - 1, "dt": a.dtype.str, "sh": list(a.shape),
                        "dev": str(v.device), "rg": bool(v.requires_grad)}
        if t is tuple or t is list:
            items = [self.encode(x, out, depth + 1) for x in v]
            return {"t": items} if t is tuple else {"l": items}
        if t is dict and all(type(k) is str for k in v):
            return {"d": [[k, self.encode(x, out, depth + 1)] for k, x in v.items()]}
        if isinstance(v, np.dtype) and self.frames.data_dtype(v):
            return {"dtype": v.str}
        if isinstance(v, type):
            if v in PY_TYPES.values():
                return {"pytype": v.__name__}
            if issubclass(v, np.generic) and self.frames.data_dtype(np.dtype(v)):
                return {"sctype": np.dtype(v).str}
        if isinstance(v, (types.GeneratorType, collections.abc.Iterator)):
            items = []
            for x in v:
                if len(items) >= MAX_ITEMS:
                    raise ValueError(f"iterator result longer than {MAX_ITEMS} items")
                items.append(x)
            return self.encode(items, out, depth)
        return self.new_handle(v)

    def new_handle(self, v) -> dict:
        hid, self.next_id = self.next_id, self.next_id + 1
        self.handles[hid] = v
        return {"h": hid, "cls": type(v).__name__[:200], "callable": callable(v)}

    # ------------------------------------------------------------------ errors

    def describe(self, e: BaseException) -> dict:
        """(type name, builtin bases, message, traceback through the learner's files only)."""
        return self.failure.describe(e, self.prefix)


def _name(name) -> str:
    if type(name) is not str or (name.startswith("__") and name.endswith("__")):
        raise AttributeError(f"attribute {name!r} is not reachable through a handle")
    return name


def main() -> None:
    cfg = json.loads(sys.argv[1])
    sandbox = cfg["sandbox"]
    stdlib = [p for p in sys.path if "site-packages" not in p]
    sys.path[:] = [os.path.join(sandbox, "submission"), *stdlib, *cfg["site"]]
    frames, inside, *helpers = (_load(os.path.join(sandbox, "worker", f"{name}.py")) for name
                                in ("frames", "inside", "torch_rules", "torch_guard", "failure"))
    import numpy as np

    req_fd, resp_fd = cfg["fds"]
    report = inside.self_report(cfg)
    landlock = cfg.get("launcher", {}).get("landlock", {})
    probes = report["probes"]
    cfg["signals_scoped"] = (bool(landlock.get("scoped")) and "signal to the grader" in probes
                             and probes["signal to the grader"] is None)
    frames.write_frame(resp_fd, {"ready": report}, [])
    Worker(cfg, frames, np, inside, helpers).serve(req_fd, resp_fd)


def _load(path: str) -> types.ModuleType:
    """A helper module of the worker's own, by its path (never found on sys.path, which
    starts with the learner's folder)."""
    name = "_s13_worker_" + os.path.basename(path).removesuffix(".py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
