"""Probes of part 1: output_size, same_pad and pad2d."""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.subject import Probe, Subject
from coursekit.strategies import normal_array

# (size, kernel, stride, pad): every usual slip of the formula gives another number on
# two of these at least (floor vs ceil, 2*pad vs pad, + 1 missing or inside the division)
SIZES = (
    (5, 3, 1, 0), (7, 3, 2, 0), (7, 3, 2, 1), (6, 3, 2, 0), (10, 3, 4, 1), (9, 2, 5, 0),
    (1, 3, 1, 1), (4, 1, 3, 0), (8, 3, 3, 2), (28, 5, 1, 2), (11, 4, 3, 1), (5, 7, 1, 1),
    (12, 5, 2, 3), (6, 6, 3, 0),
)  # fmt: skip
# calls that must raise ValueError: no window fits, stride < 1, kernel < 1, pad < 0
INVALID = (
    (3, 5, 1, 0), (3, 8, 1, 2), (1, 2, 1, 0), (5, 3, 0, 0), (5, 3, -1, 0), (5, 0, 1, 0),
    (6, -2, 1, 0), (5, 3, 1, -1), (7, 3, 2, -2),
)  # fmt: skip
EXACT = "a kernel as large as the padded input"
SIZE_FEATURES = ("stride > 1", "pad > 0", "a partial last window", EXACT)


def _size_probe(i: int, size: int, kernel: int, stride: int, pad: int) -> Probe:
    features = set()
    if stride > 1:
        features.add("stride > 1")
    if pad > 0:
        features.add("pad > 0")
    if (size + 2 * pad - kernel) % stride:
        features.add("a partial last window")
    if kernel == size + 2 * pad:
        features.add(EXACT)
    label = f"output_size({size}, {kernel}, stride={stride}, pad={pad})"
    return Probe(f"s{i}", label, frozenset(features), (size, kernel, stride, pad))


def _output_size(impl, probe: Probe) -> dict:
    got = impl.padding.output_size(*probe.args)
    is_int = isinstance(got, int | np.integer) and not isinstance(got, bool)
    return {"size": got, "is an int": is_int}


def _output_size_errors(impl, probe: Probe) -> dict:
    size, kernel, stride, pad = probe.args
    try:
        impl.padding.output_size(size, kernel, stride, pad)
    except ValueError:
        return {"raises ValueError": True}
    return {"raises ValueError": False}


ERROR_FEATURES = ("no window fits", "stride < 1", "kernel < 1", "pad < 0")


def _error_probe(i, size, kernel, stride, pad) -> Probe:
    why = ("stride < 1" if stride < 1 else "kernel < 1" if kernel < 1 else "pad < 0"
           if pad < 0 else "no window fits")  # fmt: skip
    return Probe(f"e{i}", f"output_size({size}, {kernel}, stride={stride}, pad={pad})",
                 frozenset({why}), (size, kernel, stride, pad))


def _same_pad(impl, probe: Probe) -> dict:
    (kernel,) = probe.args
    try:
        got = impl.padding.same_pad(kernel)
    except ValueError:
        return {"value": -1.0, "is an int": True, "raises ValueError": True}
    is_int = isinstance(got, int | np.integer) and not isinstance(got, bool)
    return {"value": got, "is an int": is_int, "raises ValueError": False}


SAME = (1, 3, 5, 7, 9, 2, 4, 0, -3)
SAME_FEATURES = ("an even kernel", "a kernel below 1", "kernel > 3")


def _same_probe(k: int) -> Probe:
    features = {"an even kernel"} if k % 2 == 0 and k > 0 else set()
    if k < 1:
        features.add("a kernel below 1")
    if k > 3:
        features.add("kernel > 3")
    return Probe(f"k{k}".replace("-", "m"), f"same_pad({k})", frozenset(features), (k,))


# pad2d: (x shape, pad as a caller writes it, value, seed)
PADS = (
    ((1, 2, 3, 1), 1, 0.0),
    ((1, 3, 2, 2), (1, 2), 0.0),
    ((2, 2, 3, 1), ((0, 2), (1, 0)), 0.0),
    ((1, 3, 3, 2), ((2, 1), (0, 3)), -1.5),
    ((2, 2, 2, 3), 2, 2.25),
    ((1, 3, 4, 1), ((1, 0), (0, 1)), 0.0),
    ((1, 2, 2, 1), (0, 1), -1.0),
)
PAD_FEATURES = ("a fill value other than 0", "a (ph, pw) pair", "a ((top, bottom), (left, "
                "right)) pair", "unequal sides", "N > 1")  # fmt: skip


def _pad_probe(i: int, shape, pad, value) -> Probe:
    features = set()
    if value != 0:
        features.add("a fill value other than 0")
    if isinstance(pad, tuple) and isinstance(pad[0], int):
        features.add("a (ph, pw) pair")
    if isinstance(pad, tuple) and isinstance(pad[0], tuple):
        features.add("a ((top, bottom), (left, right)) pair")
        (t, b), (l, r) = pad
        if t != b or l != r:
            features.add("unequal sides")
    if shape[0] > 1:
        features.add("N > 1")
    return Probe(f"p{i}", f"pad2d(x {shape}, {pad!r}, value={value})", frozenset(features),
                 (shape, pad, value, 30 + i))


def _pad2d(impl, probe: Probe) -> dict:
    shape, pad, value, seed = probe.args
    x = readonly(normal_array(seed, shape))
    return {"out": impl.padding.pad2d(x, pad, value=value)}


SUBJECTS = (
    Subject("padding.output_size", "output_size", ("size", "is an int"),
            tuple(_size_probe(i, *a) for i, a in enumerate(SIZES)), _output_size,
            SIZE_FEATURES, {"size": "index", "is an int": "index"}),
    Subject("padding.output_size_errors", "output_size", ("raises ValueError",),
            tuple(_error_probe(i, *a) for i, a in enumerate(INVALID)), _output_size_errors,
            ERROR_FEATURES, {"raises ValueError": "index"}),
    Subject("padding.same_pad", "same_pad", ("value", "is an int", "raises ValueError"),
            tuple(_same_probe(k) for k in SAME), _same_pad, SAME_FEATURES,
            {"value": "index", "is an int": "index", "raises ValueError": "index"}),
    Subject("padding.pad2d", "pad2d", ("out",),
            tuple(_pad_probe(i, *a) for i, a in enumerate(PADS)), _pad2d, PAD_FEATURES),
)  # fmt: skip
