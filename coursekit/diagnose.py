"""Names the likely mistake behind a wrong array, for the messages of coursekit.checks.

`diagnose(got, expected)` compares a result with the expected one and returns hints, one
sentence each, for the patterns that learners of this stage run into: H and W swapped, a
flipped kernel, a constant factor (mean instead of sum), a sign flip, a missing bias,
zeros, NaN or inf, wrong borders. `shape_hints` does the same for a wrong shape. Callers
add their own candidates through `alternatives={"kernel flipped": arr}`: when the result
matches one, the hint names it, with the explanation from `EXPLAIN` if there is one.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from coursekit.relations import close_arrays

# Known alternative names -> what they mean for the learner.
EXPLAIN = {
    "kernel flipped": "that is textbook convolution; this course (like every framework) "
    "computes cross-correlation: use w[i, j] as it is, do not flip it",
    "bias left out": "add b[f] to every output position of filter f",
    "columns in (c, kh, kw) order": "that is the NCHW habit; in NHWC the columns run in "
    "(kh, kw, c) order, channels fastest",
    "last max wins": "ties must go to the first maximum in row-major window order "
    "(np.argmax does this; a `>=` comparison picks the last one)",
    "loss summed, not averaged": "the loss is the mean over the batch: divide by N",
    "gradient not divided by N": "the loss is a mean, so dlogits carries a 1/N",
    "all the padding at the bottom and right": "x goes at rows top.., columns left..: "
    "copy it into out[:, top:top + H, left:left + W]",
    "fill value ignored": "the border holds `value`, not always zeros",
    "(ph, pw) read as (pw, ph)": "a pair (ph, pw) pads H by ph and W by pw",
    "rows in (n, w_out, h_out) order": "rows run in (n, h_out, w_out) order: the loop over "
    "h_out goes outside the loop over w_out",
    "stride ignored": "window (h_out, w_out) starts at (h_out*stride, w_out*stride): step "
    "your slices by the stride",
    "gradient spread evenly over the window": "that is average pooling's backward; in max "
    "pooling all of a window's gradient goes to its max",
    "every tied max gets the gradient": "on a tie only the first max (row-major) gets it: "
    "np.argmax picks exactly one",
    "stride=None taken as 1": "stride=None means stride = the pool size",
    "padding ignored": "pad the input first (pad2d), then cut the windows from the padded one",
    "cropped at [0:H, 0:W], not at [pad:pad + H, pad:pad + W]": "the padded border is "
    "pad pixels wide on every side: crop it off at both ends",
    "windows overwrite where they overlap": "accumulate with += : a pixel in several windows "
    "gets the sum of their values",
    "dw of the last image only": "dw sums over every image of the batch: accumulate (+=) "
    "or use one product over all N*H_out*W_out rows",
    "dx computed with the flipped kernel": "col2im(dout @ w^T) already puts every term in "
    "its place: use w as it is, no flip (the flip belongs to the full-convolution form)",
    "index inside its window": "indices hold the flat position h * W + w in the whole input "
    "plane, not the position inside the window",
    "a last partial window kept": "a window that does not fit is dropped (floor), never padded",
    "no activation after C5": "C5, activation, flatten: without it C5 and F6 collapse into "
    "one linear map",
    "pool before the activation": "each block is conv, activation, then pool; the order "
    "matters for average pooling (for max pooling only with a monotone activation)",
}


_AXES = {"NHWC": "H and W", "HWCF": "KH and KW"}


def _hw_axes(a: np.ndarray, layout: str) -> tuple[int, int] | None:
    """The H and W axes: of an NHWC batch, of a (KH, KW, C, F) kernel (layout "HWCF"), or of
    a single plane (2 dims); None for anything else."""
    if a.ndim == 2:
        return (0, 1)
    return {"NHWC": (1, 2), "HWCF": (0, 1)}.get(layout) if a.ndim == 4 else None


def _factor_hint(k: float) -> str:
    """Describes got == k * expected for a k that is not 1."""
    if np.isclose(k, 0.0, atol=1e-9):
        return None  # a zero result has many causes (a crop, a stride, a missing term)
    if np.isclose(k, -1.0):
        return "the sign is flipped: got == -expected (check a minus sign or `a - b` vs `b - a`)"
    frac = Fraction(abs(k)).limit_denominator(100_000)
    sign = "-" if k < 0 else ""
    if np.isclose(float(frac), abs(k), rtol=1e-6) and frac.numerator == 1:
        return (
            f"got == expected / {sign}{frac.denominator}: divided where you should sum, "
            "e.g. a gradient divided by N or averaged instead of summed"
        )
    if np.isclose(float(frac), abs(k), rtol=1e-6) and frac.denominator == 1:
        return (
            f"got == {sign}{frac.numerator} * expected: summed where you should average, "
            "or a division by N (or by the window size) is missing"
        )
    return None  # another factor has no one likely cause: say nothing


def _is_factor(g: np.ndarray, e: np.ndarray, k: float) -> bool:
    """g == k * e to within float rounding of the whole array, not just the tolerance."""
    return bool(np.linalg.norm(g - k * e) <= 1e-6 * max(np.linalg.norm(g), 1e-300))


def shape_hints(got_shape: tuple, expected_shape: tuple) -> list[str]:
    """Hints for a result of the wrong shape."""
    got_shape, expected_shape = tuple(got_shape), tuple(expected_shape)
    if len(got_shape) != len(expected_shape):
        return [
            f"expected {len(expected_shape)} axes, got {len(got_shape)}: an axis is missing "
            "or extra (keepdims? a reshape? NHWC is (N, H, W, C))"
        ]
    # An off-by-one size has many causes (the size formula, a default stride, one-sided
    # padding): the shapes are in the message already, so no rule claims one of them.
    hints = []
    if len(got_shape) in (2, 4):
        h, w = (1, 2) if len(got_shape) == 4 else (0, 1)
        swapped = list(expected_shape)
        swapped[h], swapped[w] = swapped[w], swapped[h]
        if got_shape == tuple(swapped) and got_shape != expected_shape:
            hints.append("H and W are swapped: a height used as a width or the other way round")
    if not hints and int(np.prod(got_shape)) == int(np.prod(expected_shape)):
        hints.append("same number of elements, different shape: check a reshape or transpose")
    return hints


def _matches_alternatives(got, alternatives, rtol, atol) -> list[str]:
    """Named variants that got matches: an array (same values) or a shape tuple (same shape)."""
    hints = []
    for name, alt in (alternatives or {}).items():
        same = (
            got.shape == alt
            if isinstance(alt, tuple)
            else close_arrays(got, np.asarray(alt), rtol, atol)
        )
        if same:
            why = EXPLAIN.get(name)
            hints.append(f"your result matches the {name!r} variant" + (f": {why}" if why else ""))
    return hints


def _border_only(bad: np.ndarray, layout: str) -> bool:
    """True when every mismatch lies in the first or last row or column of a plane."""
    axes = _hw_axes(bad, layout)
    # with fewer than 2x2 inner pixels, "only the border" says nothing
    if not bad.any() or axes is None or bad.shape[axes[0]] < 4 or bad.shape[axes[1]] < 4:
        return False
    idx = np.nonzero(bad)
    rows, cols = idx[axes[0]], idx[axes[1]]
    H, W = bad.shape[axes[0]], bad.shape[axes[1]]
    return bool(np.all((rows == 0) | (rows == H - 1) | (cols == 0) | (cols == W - 1)))


def diagnose(
    got,
    expected,
    *,
    alternatives: dict | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    layout: str = "NHWC",
) -> list[str]:
    """Likely mistakes that explain why `got` differs from `expected` (may be empty).
    layout names the axes of a 4-dim array: "NHWC" (activations) or "HWCF" (kernels)."""
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape:
        return shape_hints(got.shape, expected.shape) + _matches_alternatives(
            got, alternatives, rtol, atol
        )
    if got.dtype.kind not in "fiub" or expected.dtype.kind not in "fiub":
        return []
    g, e = got.astype(np.float64), expected.astype(np.float64)
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(e)):
        return [
            "NaN or inf in your result: something overflowed or divided by zero "
            "(softmax: subtract the row max before exp; log of 0?)"
        ]
    hints = _matches_alternatives(got, alternatives, rtol, atol)
    if hints:
        return hints
    if g.size >= 4 and not np.any(g) and np.count_nonzero(e) >= 2:  # not for one number
        return [
            "your result is all zeros: did you forget to accumulate (+=) into it, "
            "or return a different array than the one you filled?"
        ]
    axes = _hw_axes(g, layout)
    if axes is not None and g.shape[axes[0]] == g.shape[axes[1]]:
        swapped = np.swapaxes(g, *axes)
        if not close_arrays(swapped, g, rtol, atol) and close_arrays(swapped, e, rtol, atol):
            hints.append(
                "your result is the expected one transposed: rows and columns swapped"
                if g.ndim == 2
                else f"your result is the expected one transposed in {_AXES[layout]}: "
                "check the order of your loops / of your reshape"
            )
    ee = float(np.vdot(e, e))
    # with a single nonzero entry every wrong value is "a factor": only name it for a scalar
    if ee > 0 and (e.size == 1 or np.count_nonzero(e) >= 2):
        k = float(np.vdot(g, e)) / ee
        hint = _factor_hint(k) if not np.isclose(k, 1.0, rtol=1e-6) else None
        if hint and _is_factor(g, e, k) and close_arrays(g, k * e, rtol, atol):
            hints.append(hint)
    # a bias shows as one constant per channel across many positions, not one or two
    if not hints and g.ndim >= 2 and g.size // g.shape[-1] >= 4:
        diff = g - e
        lead = tuple(range(g.ndim - 1))
        per_channel = diff.mean(axis=lead, keepdims=True)
        if np.any(np.abs(per_channel) > atol) and close_arrays(
            diff, np.broadcast_to(per_channel, diff.shape), rtol, atol
        ):
            hints.append(
                "got - expected is one constant per channel (last axis): "
                "check the bias, added once per output channel"
            )
    if not hints and _border_only(~np.isclose(g, e, rtol=rtol, atol=atol), layout):
        hints.append(
            "only the border rows/columns are wrong: check the padding and the "
            "first/last window positions"
        )
    return hints
