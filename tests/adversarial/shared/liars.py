"""Objects that claim equality through every protocol numpy and Python offer.
"""

# ---- appended to the submission below this line
import numpy as _np
from s13_cnn.padding.padding import normalize_pad  # where it is appended

_ADV_TRUE = ("equal", "isclose", "less_equal", "greater_equal", "isfinite", "logical_or",
             "logical_and", "logical_not", "isnan", "less", "greater")


class _AdvInt(int):
    """An int equal to everything (assert got == expected, got != expected: both lie)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


class _AdvArrayLike:
    """Not an ndarray: every comparison, ufunc and array function says 'equal'."""

    def __init__(self, shape, dtype):
        self.shape, self.dtype = tuple(shape), _np.dtype(dtype)
        self.ndim, self.size = len(self.shape), int(_np.prod(self.shape))
        self.flags = {"WRITEABLE": True}

    def __eq__(self, other):
        return _np.ones(self.shape, bool)

    def __ne__(self, other):
        return _np.zeros(self.shape, bool)

    __hash__ = object.__hash__

    def __sub__(self, other):
        return _np.zeros(self.shape, self.dtype)

    __rsub__ = __sub__

    def __abs__(self):
        return _np.zeros(self.shape, self.dtype)

    def __bool__(self):
        return True

    def __len__(self):
        return self.shape[0] if self.shape else 1

    def __getitem__(self, index):
        return _np.zeros(self.shape, self.dtype)[index]

    def astype(self, *args, **kwargs):
        return self

    def all(self, *args, **kwargs):
        return True

    def any(self, *args, **kwargs):
        return False

    def __array__(self, dtype=None, copy=None):
        return _np.zeros(self.shape, dtype or self.dtype)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        shapes = [getattr(i, "shape", ()) for i in inputs]
        shape = _np.broadcast_shapes(*shapes)
        if ufunc.__name__ in _ADV_TRUE:
            return _np.ones(shape, bool)
        return _np.zeros(shape)

    def __array_function__(self, func, types, args, kwargs):
        name = func.__name__
        if name in ("allclose", "array_equal", "array_equiv", "all"):
            return True
        if name in ("isclose", "equal", "isfinite"):
            return _np.ones(self.shape, bool)
        if name.startswith("assert_"):
            return None
        if name in ("any",):
            return False
        if name in ("shape",):
            return self.shape
        return _np.zeros(self.shape, self.dtype)


def _adv_pad_shape(x, pad):
    (top, bottom), (left, right) = normalize_pad(pad)
    n, h, w, c = x.shape
    return (n, h + top + bottom, w + left + right, c)
