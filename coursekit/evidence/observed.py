"""What one call on one probe gave, and how two such outcomes are compared.

An outcome is an array of numbers (a result made plain: scalars, tuples and tensors become
float64 arrays), a `Raised` (the call raised; the builtin class of its exception is kept),
or a `Print`, the fingerprint of an array too big to store whole. Two outcomes agree when
they are the same kind and, for arrays, the same shape with values within tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

PROJECTIONS = 12  # random unit directions in a fingerprint


@dataclass(frozen=True)
class Raised:
    """The call raised an exception of this builtin class (ValueError, TypeError, ...)."""

    name: str

    def __str__(self) -> str:
        return f"raised {self.name}"


@dataclass(frozen=True)
class Print:
    """A big array by its shape, its norm and its projections on fixed random directions:
    equal arrays have equal prints, and an array that differs by d has projections that
    differ by about |d| (a miss has odds of zero)."""

    shape: tuple[int, ...]
    norm: float
    projections: np.ndarray

    def encode(self) -> np.ndarray:
        return np.array([len(self.shape), *self.shape, self.norm, *self.projections], float)

    @classmethod
    def decode(cls, v: np.ndarray) -> Print:
        ndim = int(v[0])
        shape = tuple(int(s) for s in v[1 : 1 + ndim])
        return cls(shape, float(v[1 + ndim]), np.asarray(v[2 + ndim :]))


Outcome = np.ndarray | Raised | Print


def builtin_name(exc: BaseException) -> str:
    """The first builtin class of an exception's type: numpy's AxisError is a ValueError,
    as it arrives from the grader's worker."""
    return next(c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins")


def plain(value) -> Outcome:
    """A call's result as an outcome: numbers and arrays of numbers become float64 arrays
    (a torch tensor through numpy), anything else stays itself (and agrees with nothing)."""
    if isinstance(value, Raised | Print):
        return value
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch tensor
        value = value.detach().cpu().double().numpy()
    try:
        a = np.asarray(value)
    except Exception:  # an object numpy cannot read  # noqa: BLE001
        return Raised("object")
    if a.dtype.kind not in "fiub":
        return Raised("object")
    return a.astype(np.float64)


@cache
def _directions(size: int) -> np.ndarray:
    g = np.random.default_rng(size).standard_normal((PROJECTIONS, size))
    return g / np.linalg.norm(g, axis=1, keepdims=True)


def fingerprint(a: np.ndarray) -> Print:
    a = np.asarray(a, dtype=np.float64)
    flat = np.nan_to_num(a.ravel(), nan=1e300, posinf=1e300, neginf=-1e300)
    return Print(a.shape, float(np.linalg.norm(flat)), _directions(flat.size) @ flat)


def agree(got: Outcome, stored: Outcome, rtol: float, atol: float) -> bool:
    """got (a learner's outcome, never a Print) agrees with a stored outcome."""
    if isinstance(stored, Raised) or isinstance(got, Raised):
        return isinstance(stored, Raised) and isinstance(got, Raised) and got == stored
    if isinstance(stored, Print):
        if got.shape != stored.shape:
            return False
        mine = fingerprint(got)
        bound = rtol * stored.norm + atol * np.sqrt(max(got.size, 1))
        return bool(np.all(np.abs(mine.projections - stored.projections) <= bound)
                    and abs(mine.norm - stored.norm) <= bound)  # fmt: skip
    if got.shape != stored.shape:
        return False
    return bool(np.allclose(got, stored, rtol=rtol, atol=atol, equal_nan=True))


def same(a: Outcome, b: Outcome, rtol: float, atol: float) -> bool:
    """Two stored outcomes agree (either may be a Print)."""
    if isinstance(a, Print) and isinstance(b, Print):
        return a.shape == b.shape and bool(np.allclose(a.projections, b.projections,
                                                       rtol=rtol, atol=atol))  # fmt: skip
    if isinstance(a, Print):
        a, b = b, a
    return agree(a, b, rtol, atol) if not isinstance(a, Print) else False
