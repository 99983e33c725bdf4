"""What a wrong array is, as facts: how it relates to the right one, never a guess at why.

`relations(got, expected)` returns the phrases that hold between the two arrays ("all
zeros", "the right values times 4", "the right values shifted by 1 row", "right except
at the border", ...). Each phrase is a fact about these two arrays only; the evidence of
coursekit.evidence keeps a phrase only when it holds on every probe where a result is
wrong, and a single output's facts are said as such ("in this output, ..."). No phrase
names a mistake: naming is the evidence's job (coursekit/evidence/judge.py).
`shape_facts` does the same for a wrong shape, and `axes_facts` says when a wrong array
holds the right numbers with its axes in another order, or reshaped where a transpose was
needed.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations

import numpy as np

# layout -> the two axes that hold the image's rows and columns, and what to call them
AXES = {"NHWC": ((1, 2), "H and W"), "HWCF": ((0, 1), "KH and KW"), "matrix": ((0, 1), "rows "
        "and columns"), "plane": ((0, 1), "rows and columns")}  # fmt: skip
ARITHMETIC = ("NHWC", "HWCF", "matrix", "plane", "vector", "scalar")  # not "index"
AXIS_NAMES = {"NHWC": ("N", "H", "W", "C"), "HWCF": ("KH", "KW", "C", "F")}
SHIFTS = [(dh, dw) for dh in range(-2, 3) for dw in range(-2, 3) if (dh, dw) != (0, 0)]


def close_arrays(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    """Same shape and the same values to within rtol and atol."""
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _simple(k: float) -> str | None:
    """k as a short exact number: 4, 1/4, -1, 3/2; None when it is none of those."""
    frac = Fraction(k).limit_denominator(64)
    if not np.isclose(float(frac), k, rtol=1e-9, atol=0) or frac in (0, 1):
        return None
    return str(frac)


def _factor(g: np.ndarray, e: np.ndarray) -> float | None:
    ee = float(np.vdot(e, e))
    if ee == 0 or np.count_nonzero(e) < min(2, e.size):
        return None
    k = float(np.vdot(g, e)) / ee
    return k if np.linalg.norm(g - k * e) <= 1e-7 * max(np.linalg.norm(g), 1e-300) else None


def _scaled(g, e, k, scales, phrases) -> None:
    """Named sizes first (they say more), then a ratio of two of them, then the number
    itself. A size of 1 names no factor alone but counts in a ratio: PH*PW / stride*stride
    is the window's size on a probe of stride 1, and the evidence keeps the phrase that
    holds on every wrong probe."""
    sizes = {name: q for name, q in (scales or {}).items() if q > 0}
    for name, q in sizes.items():
        if q != 1 and np.isclose(k, q, rtol=1e-9):
            phrases.append(f"the right values times {name}")
        elif q != 1 and np.isclose(k, 1 / q, rtol=1e-9):
            phrases.append(f"the right values divided by {name}")
    phrases += [f"the right values times {a} / {b}" for (a, p), (b, q)
                in permutations(sizes.items(), 2)
                if p != q and np.isclose(k, p / q, rtol=1e-9)]
    if (s := _simple(k)) is not None:
        phrases.append("the right values with the sign flipped" if s == "-1"
                       else f"the right values times {s}")  # fmt: skip


def _shifts(g, e, axes, phrases) -> None:
    a, b = axes
    H, W = e.shape[a], e.shape[b]
    for dh, dw in SHIFTS:
        h0, h1, w0, w1 = max(0, -dh), min(H, H - dh), max(0, -dw), min(W, W - dw)
        if (h1 - h0) * (w1 - w0) * 2 < H * W:
            continue
        mine = np.take(np.take(g, range(h0, h1), a), range(w0, w1), b)
        theirs = np.take(np.take(e, range(h0 + dh, h1 + dh), a), range(w0 + dw, w1 + dw), b)
        if np.ptp(theirs) > 0 and close_arrays(mine, theirs, 1e-7, 1e-9):
            rows = f"{abs(dh)} row{'s' * (abs(dh) != 1)} {'up' if dh > 0 else 'down'}"
            cols = f"{abs(dw)} column{'s' * (abs(dw) != 1)} {'left' if dw > 0 else 'right'}"
            moved = " and ".join(m for m, d in ((rows, dh), (cols, dw)) if d)
            phrases.append(f"the right values shifted {moved} (value [h, w] is the right "
                           f"one at [h{dh:+d}, w{dw:+d}])".replace("+0", "").replace("-0", ""))


def _layout_facts(g, e, layout, phrases) -> None:
    axes, words = AXES.get(layout, (None, ""))
    if axes is None or max(axes) >= e.ndim:
        return
    a, b = axes
    if e.shape[a] == e.shape[b] > 1:
        t = np.swapaxes(e, a, b)
        if not close_arrays(t, e, 1e-7, 1e-9) and close_arrays(g, t, 1e-7, 1e-9):
            phrases.append(f"the right values transposed in {words}")
    turned = np.flip(np.flip(e, a), b)
    if not close_arrays(turned, e, 1e-7, 1e-9) and close_arrays(g, turned, 1e-7, 1e-9):
        phrases.append(f"the right values turned by 180 degrees in {words} (flipped)")
    if layout in ("NHWC", "HWCF") and e.shape[a] * e.shape[b] >= 4:
        _shifts(g, e, axes, phrases)


def _arrangement(g, e, layout, phrases) -> None:
    if len(np.unique(e)) < 3 or close_arrays(g, e, 1e-7, 1e-9):
        return
    if layout == "matrix" and e.ndim == 2:
        if close_arrays(np.sort(g, axis=1), np.sort(e, axis=1), 1e-7, 1e-9):
            phrases.append("each row holds the right numbers, in another order (the "
                           "column order)")
        elif close_arrays(np.sort(g, axis=0), np.sort(e, axis=0), 1e-7, 1e-9):
            phrases.append("each column holds the right numbers, in another order (the "
                           "row order)")
    if not phrases and close_arrays(np.sort(g, axis=None), np.sort(e, axis=None), 1e-7, 1e-9):
        phrases.append("the right values, in other positions")


def relations(got, expected, *, layout: str = "NHWC", scales: dict | None = None,
              regions: dict | None = None, rtol: float = 1e-6, atol: float = 1e-9) -> list[str]:
    """The phrases that hold between got and expected (same shape, got wrong)."""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape or close_arrays(g, e, rtol, atol):
        return []
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(e)):
        return ["NaN or inf where the right values are finite"]
    phrases: list[str] = []
    if g.size >= 2 and not np.any(g) and np.count_nonzero(e) >= 2:
        return ["all zeros"]
    bad = ~np.isclose(g, e, rtol=rtol, atol=atol)
    if layout in ARITHMETIC:
        if (k := _factor(g, e)) is not None:
            _scaled(g, e, k, scales, phrases)
        if np.any(e < 0) and close_arrays(g, np.maximum(e, 0), rtol, atol):
            phrases.append("the right values with every negative one replaced by 0")
        if e.ndim >= 2 and e.size // max(e.shape[-1], 1) >= 4:
            d = (g - e).reshape(-1, e.shape[-1])
            if np.allclose(d, d[:1], rtol=rtol, atol=atol) and np.any(np.abs(d[0]) > atol):
                phrases.append("the right values plus one constant per channel (last axis)")
    _layout_facts(g, e, layout, phrases)
    if not phrases:
        phrases += axes_facts(g, e, rtol, atol, layout)
    _arrangement(g, e, layout, phrases)
    for name, where in (regions or {}).items():
        where = np.asarray(where)
        if where.shape != e.shape:
            continue
        if where.dtype == bool and bad.any() and not where.all() and not (bad & ~where).any():
            phrases.append(f"right except {name}")
        elif where.dtype != bool and np.any(where > 1):
            held = where > 0
            for how, v in (("divided by", e / np.where(held, where, 1)),
                           ("times", e * where)):
                if close_arrays(np.where(held, g, 0), np.where(held, v, 0), rtol, atol):
                    phrases.append(f"the right values {how} {name}")
    return phrases


def shape_facts(got_shape: tuple, expected_shape: tuple, layout: str = "NHWC") -> list[str]:
    """Facts about a wrong shape: an axis missing or extra, two axes swapped."""
    got_shape, expected_shape = tuple(got_shape), tuple(expected_shape)
    if len(got_shape) != len(expected_shape):
        return [f"{len(got_shape)} axes where {len(expected_shape)} are expected: an axis is "
                "missing or extra (NHWC is (N, H, W, C))"]
    if got_shape == expected_shape[::-1] and len(got_shape) == 2:
        return ["the expected shape transposed: rows and columns swapped"]
    axes, words = AXES.get(layout, (None, ""))
    if axes and len(got_shape) == 4:
        swapped = list(expected_shape)
        a, b = axes
        swapped[a], swapped[b] = swapped[b], swapped[a]
        if got_shape == tuple(swapped):
            return [f"the expected shape with {words} swapped"]
    moved = _moved_size(got_shape, expected_shape, layout)
    if moved:
        return [moved]
    if int(np.prod(got_shape)) == int(np.prod(expected_shape)):
        return ["as many numbers as expected, in another shape (a reshape or a transpose)"]
    return []


def _order(order: tuple[int, ...], layout: str) -> str:
    """An axis order by the layout's axis names, "(KW, KH, C, F)", else by number."""
    names = AXIS_NAMES.get(layout)
    if names is None or len(names) != len(order):
        return str(order)
    return f"({', '.join(names[i] for i in order)})"


def _moved_size(got_shape: tuple, expected_shape: tuple, layout: str) -> str | None:
    """One axis short by d and another long by the same d: what belongs to one axis was
    added to another (padding H and W of NHWC as if it were NCHW's last two axes)."""
    names = AXIS_NAMES.get(layout)
    if names is None or len(got_shape) != len(names):
        return None
    diff = [g - e for g, e in zip(got_shape, expected_shape, strict=True)]
    off = [i for i, d in enumerate(diff) if d]
    if len(off) != 2 or diff[off[0]] != -diff[off[1]]:
        return None
    short, long = sorted(off, key=lambda i: diff[i])
    return (f"{names[short]} is {-diff[short]} short and {names[long]} {diff[long]} too long: "
            f"what belongs to {names[short]} went to {names[long]} (in {layout}, axis "
            f"{short} is {names[short]})")


def axes_facts(got, expected, rtol: float = 1e-6, atol: float = 1e-9,
               layout: str = "") -> list[str]:
    """The right numbers with the axes in another order (a transpose), or read in another
    axis order and reshaped (a reshape where a transpose was needed); the axes by their
    names where the layout has them (NHWC, HWCF)."""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if g.size != e.size or not 2 <= e.ndim <= 4 or len(np.unique(e)) < 3:
        return []
    same = tuple(range(e.ndim))
    for order in permutations(same):
        if order == same:
            continue
        moved = e.transpose(order)
        if moved.shape == g.shape and close_arrays(g, moved, rtol, atol):
            return [f"the right values with their axes in the order {_order(order, layout)} "
                    "(a transpose of the right array)"]
    for order in permutations(same):
        if order != same and close_arrays(g, e.transpose(order).reshape(g.shape), rtol, atol):
            return [f"the right values with their axes moved back in the order "
                    f"{_order(order, layout)}, then reshaped to {g.shape}: what a reshape "
                    "gives where the axes need a transpose (permute)"]
    if g.shape != e.shape and close_arrays(g, e.reshape(g.shape), rtol, atol):
        return [f"the right values in their order, reshaped to {g.shape}"]
    return []


def facts(got, expected, layout: str = "NHWC", rtol: float = 1e-6,
          atol: float = 1e-9) -> list[str]:
    """One output's facts, as lines a message can hold ("in this output, ...")."""
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape:
        return [f"in this output: {f}" for f in shape_facts(got.shape, expected.shape, layout)]
    if got.dtype.kind not in "fiub" or expected.dtype.kind not in "fiub":
        return []
    with np.errstate(invalid="ignore"):  # NaN or inf the test put there
        whole = bool(np.all(np.equal(np.mod(expected, 1), 0)))
    if layout in ARITHMETIC and whole and expected.size > 1:
        layout = "index" if expected.dtype.kind in "iu" else layout
    found = relations(got, expected, layout=layout, rtol=rtol, atol=atol)
    return [f"in this output, your values are {found[0]}"] if found else []
