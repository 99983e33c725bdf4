"""Teaching assertions: a failure says what was checked, where it went wrong and why.

    assert_close(got, expected, what="conv_forward output")

fails with the shapes, the first bad index with the expected and the actual value there,
the largest absolute and relative errors, and what is wrong: the evidence of the learner's
code run on probes (coursekit.evidence) when the check gives a witness, else the facts of
this one output (coursekit.relations), never a guess at the mistake.
An object array, NaN or inf where the expected values are finite, and non-finite
expected values (the learner's own) never pass. The other helpers make inputs read-only
(so an in-place write fails loudly), compare dtypes and shapes, unpack tuple results, and
compute central-difference gradients (of finite values only).
Each sets `__tracebackhide__`, so that pytest points a failure at the test, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real

import numpy as np

from coursekit.relations import facts

__all__ = [
    "assert_close",
    "assert_shape",
    "assert_unchanged",
    "check_dtype",
    "numerical_gradient",
    "readonly",
    "tolerance",
    "unpack",
]

TOLERANCES = {  # dtype -> (rtol, atol) for results computed in that precision
    np.dtype(np.float64): (1e-7, 1e-9),
    np.dtype(np.float32): (1e-4, 1e-5),
}
SHOW_UP_TO = 64  # arrays this small are printed in full in a failure message
NUMBERS = "fiub"  # dtype kinds that are numbers (bool included): not objects, not strings


def tolerance(*dtypes) -> tuple[float, float]:
    """(rtol, atol) for the least precise of the given dtypes (float64 if none are float)."""
    found = [TOLERANCES[np.dtype(d)] for d in dtypes if np.dtype(d) in TOLERANCES]
    return max(found) if found else TOLERANCES[np.dtype(np.float64)]


def _fmt(v) -> str:
    if isinstance(v, float | np.floating):
        return f"{v:.8g}"
    return str(int(v)) if isinstance(v, int | np.integer) else repr(v)


def _show(a: np.ndarray) -> str:
    """A small array as text; an (1, H, W, 1) batch as its H x W plane."""
    if a.ndim == 4 and a.shape[0] == 1 and a.shape[3] == 1:
        return "[0, :, :, 0] =\n" + np.array2string(a[0, :, :, 0], precision=6)
    return np.array2string(a, precision=6)


def _fail(lines, show_hints: bool, evidence=None, got=None, expected=None,
          layout: str = "NHWC") -> None:
    """Raise with lines, the evidence's lines (a claim only where it has one) or this
    output's facts just after the first."""
    __tracebackhide__ = True
    if show_hints and evidence is not None:
        lines[1:1] = [f"  {line}" for line in evidence.lines(got, expected)]
    elif show_hints and got is not None:
        lines[1:1] = [f"  evidence: {f}" for f in facts(got, expected, layout)]
    raise AssertionError("\n".join(lines))


def check_dtype(got, dtype, what: str, *, evidence=None) -> None:
    """got.dtype must be `dtype` (an abstract one such as np.integer accepts any kind of it);
    `evidence` (coursekit.evidence) says what is wrong, before the dtype's facts."""
    __tracebackhide__ = True
    if not isinstance(got, np.ndarray):
        raise AssertionError(f"{what}: expected an np.ndarray, got {type(got).__name__}")
    abstract = isinstance(dtype, type) and dtype in (np.integer, np.floating, np.number)
    ok = np.issubdtype(got.dtype, dtype) if abstract else got.dtype == np.dtype(dtype)
    if ok:
        return
    name = dtype.__name__ if abstract else str(np.dtype(dtype))
    hint = ""
    if got.dtype == np.float64 and name == "float32":
        hint = (
            "\n  evidence: float64 where float32 is expected: something promoted float32 to "
            "float64 on the way (np.zeros/np.empty without dtype= makes float64, and so does "
            "arithmetic with a float64 array); build new arrays with dtype=x.dtype or finish "
            "with .astype(x.dtype, copy=False)"
        )
    elif np.issubdtype(got.dtype, np.floating) and name in ("integer", "int64"):
        hint = ("\n  evidence: floats where integer labels are expected (np.argmax returns "
                "integers)")
    if evidence is not None:  # the evidence first: a claim opens the message
        hint = evidence.said() + hint
    raise AssertionError(f"{what}: expected dtype {name}, got {got.dtype}{hint}")


def assert_shape(got, shape: tuple, what: str, *, hints: bool = True, evidence=None) -> None:
    """got must be an ndarray of exactly this shape; `evidence` as for assert_close."""
    __tracebackhide__ = True
    if not isinstance(got, np.ndarray):
        raise AssertionError(f"{what}: expected an np.ndarray, got {type(got).__name__}")
    if got.shape != tuple(shape):
        lines = [f"{what}: wrong shape", f"  expected shape {tuple(shape)}, got {got.shape}"]
        _fail(lines, hints, evidence, got, np.zeros(tuple(shape)))


def _assert_close_scalar(got, expected, what, rtol, atol, hints, evidence) -> None:
    __tracebackhide__ = True
    if isinstance(got, np.ndarray) and got.shape == ():
        got = got[()]
    if not isinstance(got, Real):
        raise AssertionError(f"{what}: expected a number, got {type(got).__name__} {got!r}")
    if not np.isfinite(float(expected)):  # two sides of the learner's, one of them NaN
        raise AssertionError(f"{what}: your value is {_fmt(float(got))}, and the value it is "
                             f"compared with, computed by your code, is {_fmt(float(expected))}")
    if np.isclose(float(got), float(expected), rtol=rtol, atol=atol):
        return
    err = abs(float(got) - float(expected))
    lines = [
        f"{what}: expected {_fmt(float(expected))}, got {_fmt(float(got))}",
        f"  abs error {err:.3g}, rel error {err / max(abs(float(expected)), 1e-300):.3g}"
        f" (rtol {rtol:g}, atol {atol:g})",
    ]
    _fail(lines, hints, evidence, got, expected, "scalar")


def assert_close(
    got,
    expected,
    *,
    what: str,
    rtol: float | None = None,
    atol: float | None = None,
    dtype=None,
    where: np.ndarray | None = None,
    hints: bool = True,
    layout: str = "NHWC",
    nonfinite_expected: bool = False,
    evidence=None,
) -> None:
    """got must be an ndarray of numbers of expected's shape (and of `dtype`, when given)
    whose values match within rtol/atol (default: by the dtypes, see `tolerance`); `where`
    restricts the comparison to a boolean mask. A scalar `expected` accepts any real number `got`.
    `evidence` (coursekit.evidence) says what is wrong, else the facts of this output
    (coursekit.relations) do. `layout` says what a 4-dim array is: "NHWC" or "HWCF" (a kernel).
    NaN or inf in `expected` fails the check (a value of the learner's own), unless
    `nonfinite_expected` says the test put them there; then `got` must hold the same.
    Wrong values are reported before a wrong dtype: they are the bigger problem.
    """
    __tracebackhide__ = True
    default_rtol, default_atol = tolerance(np.asarray(got).dtype, np.asarray(expected).dtype)
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    if not isinstance(expected, np.ndarray):
        _assert_close_scalar(got, expected, what, rtol, atol, hints, evidence)
        return
    if not isinstance(got, np.ndarray):
        raise AssertionError(f"{what}: expected an np.ndarray, got {type(got).__name__}")
    if got.dtype.kind not in NUMBERS:
        raise AssertionError(f"{what}: expected an array of numbers (dtype "
                             f"{expected.dtype}), got an array of dtype {got.dtype}")
    if got.shape != expected.shape:
        lines = [f"{what}: wrong shape", f"  expected shape {expected.shape}, got {got.shape}"]
        _fail(lines, hints, evidence, got, expected, layout)
    g, e = got.astype(np.float64), expected.astype(np.float64)
    checked = np.ones(e.shape, bool) if where is None else np.asarray(where, bool)
    unknown = _nonfinite(e, checked)
    if unknown and not nonfinite_expected:
        raise AssertionError(f"{what}: the values it is compared with, computed by your "
                             f"code, hold {unknown}; your output holds "
                             f"{_nonfinite(g, checked) or 'only finite values'}")
    ok = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True) | ~checked
    if ok.all():
        if dtype is not None:
            check_dtype(got, dtype, what)
        return
    first = tuple(int(i) for i in np.argwhere(~ok)[0])
    bad = ~ok
    with np.errstate(all="ignore"):  # a NaN's error is inf
        abs_err = np.nan_to_num(np.where(bad, np.abs(g - e), 0), nan=np.inf)
        rel_err = np.where(bad & (e != 0), abs_err / np.abs(e), 0)  # where e is not 0
    rel = (
        f"max rel error {np.max(rel_err):.3g}"
        if np.any(bad & (e != 0))
        else "no rel error (the expected value is 0 at every wrong element)"
    )
    note = _nonfinite(g, checked & np.isfinite(e))
    lines = [
        f"{what}: values differ from the expected ones",
        *([f"  your output has {note} where the expected values are finite"] if note else []),
        f"  shape {got.shape}, dtype {got.dtype}"
        + (f" (expected dtype {np.dtype(dtype)})" if _wrong_dtype(got, dtype) else ""),
        f"  first bad index {first}: expected {_fmt(expected[first])}, got {_fmt(got[first])}",
        f"  {int(bad.sum())} of {int(checked.sum())} checked elements differ; "
        f"max abs error {np.max(abs_err):.3g}, {rel} (rtol {rtol:g}, atol {atol:g})",
    ]
    if expected.size <= SHOW_UP_TO:
        lines += ["  expected " + _show(expected), "  got " + _show(got)]
    _fail(lines, hints, evidence, got, expected, layout)


def _wrong_dtype(got: np.ndarray, dtype) -> bool:
    if dtype is None:
        return False
    try:
        check_dtype(got, dtype, "")
    except AssertionError:
        return True
    return False


def _nonfinite(a: np.ndarray, mask: np.ndarray) -> str:
    """'784 NaN values, first at [0, 3, 1, 2]' for a's non-finite values under mask, or ''."""
    bad = ~np.isfinite(a) & mask
    if not bad.any():
        return ""
    kinds = {"NaN": np.isnan(a), "inf": np.isposinf(a), "-inf": np.isneginf(a)}
    counts = {k: int(np.count_nonzero(v & mask)) for k, v in kinds.items()}
    said = " and ".join(f"{n} {k} value{'s' * (n > 1)}" for k, n in counts.items() if n)
    return f"{said}, first at {np.argwhere(bad)[0].tolist()}"


def readonly(*arrays: np.ndarray):
    """Read-only copies: a function that writes into its argument then fails loudly with
    "assignment destination is read-only". One array in, one out; several in, a tuple."""
    copies = []
    for a in arrays:
        c = np.array(a, copy=True)
        c.setflags(write=False)
        copies.append(c)
    return copies[0] if len(copies) == 1 else tuple(copies)


def assert_unchanged(before: np.ndarray, after: np.ndarray, what: str) -> None:
    """`after` must equal the copy `before` taken earlier, bit for bit (NaN equals NaN)."""
    __tracebackhide__ = True
    before, after = np.asarray(before), np.asarray(after)
    if before.shape != after.shape:
        raise AssertionError(f"{what} changed shape: {before.shape} -> {after.shape}")
    same = (before == after) | ((before != before) & (after != after))
    if not same.all():
        first = tuple(int(i) for i in np.argwhere(~same)[0])
        raise AssertionError(
            f"{what} was changed: {int((~same).sum())} elements differ, first at {first} "
            f"({_fmt(before[first])} -> {_fmt(after[first])}); never write into an array "
            "you were given: build a new one"
        )


def unpack(result, *names: str, what: str) -> tuple:
    """result must be a tuple (or list) of len(names) items, e.g. unpack(r, "out", "cache")."""
    __tracebackhide__ = True
    if not isinstance(result, tuple | list) or len(result) != len(names):
        got = type(result).__name__
        if isinstance(result, tuple | list):
            got += f" of {len(result)} items"
        elif isinstance(result, np.ndarray):
            got += f" of shape {result.shape}"
        raise AssertionError(f"{what} must return a tuple ({', '.join(names)}), got {got}")
    return tuple(result)


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    h: float = 1e-6,
    *,
    sample: int | None = None,
    rng=None,
) -> np.ndarray:
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h in float64, for every element
    of x, or for `sample` elements chosen by `rng` (an int seed); the others are NaN, so
    compare with assert_close(..., where=~np.isnan(num)). f gets a fresh read-only copy
    of x each call, so it may hand it on (or assign it as a parameter). A non-finite f
    fails: central differences of NaN would compare NaN with NaN."""
    __tracebackhide__ = True
    x = np.array(x, dtype=np.float64)
    grad = np.full(x.shape, np.nan)
    indices = range(x.size)
    if sample is not None and sample < x.size:
        indices = np.sort(np.random.default_rng(rng).choice(x.size, size=sample, replace=False))
    for i in indices:
        plus, minus = x.copy(), x.copy()
        plus.flat[i] += h
        minus.flat[i] -= h
        up, down = float(f(readonly(plus))), float(f(readonly(minus)))
        if not np.isfinite(up - down):
            where = [int(k) for k in np.unravel_index(i, x.shape)]
            raise AssertionError(f"your code gave {_fmt(up)} and {_fmt(down)} with element "
                                 f"{where} moved by +-{h:g}: central differences need finite "
                                 "values")
        grad.flat[i] = (up - down) / (2 * h)
    return grad
