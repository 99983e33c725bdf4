"""The convolution and pooling geometries that parts 2 to 4 are probed on, and their inputs.

Nine convolution geometries, the first the simplest (one image, one channel, one filter,
stride 1, no padding, a square 2x2 kernel), the others each adding features so that any
two features are told apart by some probe: a wrong result on exactly the probes with
stride > 1 says "stride > 1", not "N > 1".
"""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.subject import Probe
from coursekit.strategies import ConvGeometry, PoolGeometry, distinct_array, normal_array

CONV_FEATURES = ("stride > 1", "pad > 0", "overlapping windows", "a non-square kernel",
                 "N > 1", "C > 1", "F > 1", "a non-square image")  # fmt: skip
CONV_GEOMETRIES = tuple(
    ConvGeometry(*g)
    for g in (  # N, H, W, C, KH, KW, F, stride, pad
        (1, 4, 4, 1, 2, 2, 1, 1, 0),
        (2, 5, 4, 2, 3, 2, 2, 1, 0),
        (2, 5, 5, 1, 2, 2, 1, 2, 0),
        (1, 4, 5, 2, 3, 3, 2, 1, 1),
        (1, 7, 6, 1, 3, 2, 1, 3, 2),
        (2, 6, 7, 3, 3, 2, 2, 2, 1),
        (1, 5, 5, 2, 2, 3, 1, 1, 2),
        (2, 6, 6, 2, 2, 2, 3, 2, 0),
        (1, 8, 7, 1, 3, 3, 2, 2, 0),
    )
)


def conv_features(g: ConvGeometry) -> frozenset[str]:
    have = {
        "stride > 1": g.stride > 1, "pad > 0": g.pad > 0,
        "overlapping windows": g.stride < max(g.KH, g.KW), "a non-square kernel": g.KH != g.KW,
        "N > 1": g.N > 1, "C > 1": g.C > 1, "F > 1": g.F > 1, "a non-square image": g.H != g.W,
    }  # fmt: skip
    return frozenset(f for f, yes in have.items() if yes)


def conv_label(g: ConvGeometry) -> str:
    return (f"x {g.x_shape}, kernel {g.KH}x{g.KW}, {g.F} filter{'s' * (g.F > 1)}, "
            f"stride {g.stride}, pad {g.pad}")


def conv_scales(g: ConvGeometry) -> tuple[tuple[str, float], ...]:
    return (("N (the batch size)", g.N),
            ("N*H_out*W_out (the number of output positions)", g.N * g.H_out * g.W_out),
            ("H_out*W_out", g.H_out * g.W_out), ("KH*KW", g.KH * g.KW),
            ("KH*KW*C", g.KH * g.KW * g.C))  # fmt: skip


CONV_PROBES = tuple(
    Probe(f"g{i}", conv_label(g), conv_features(g), (g, 100 + 10 * i), conv_scales(g))
    for i, g in enumerate(CONV_GEOMETRIES)
)


def conv_inputs(probe: Probe) -> tuple[np.ndarray, ...]:
    """Read-only x, w, b, dout and cols (im2col's shape) of a convolution probe."""
    g, s = probe.args
    return readonly(
        normal_array(s, g.x_shape), normal_array(s + 1, g.w_shape), normal_array(s + 2, (g.F,)),
        normal_array(s + 3, g.out_shape), normal_array(s + 4, g.cols_shape),
    )  # fmt: skip


POOL_FEATURES = ("stride None", "overlapping windows", "gaps between windows",
                 "a leftover row or column", "a non-square pool", "N > 1", "C > 1",
                 "tied maxima")  # fmt: skip
POOL_GEOMETRIES = tuple(
    PoolGeometry(*g)
    for g in (  # N, H, W, C, PH, PW, stride
        (1, 4, 4, 1, 2, 2, None),
        (1, 5, 6, 2, 3, 3, 1),
        (2, 7, 6, 1, 3, 2, 2),
        (1, 7, 7, 2, 2, 2, 3),
        (2, 6, 5, 3, 3, 3, None),
        (1, 5, 7, 1, 2, 3, 2),
        (2, 4, 6, 2, 2, 2, None),
        (1, 6, 6, 1, 4, 4, 2),
        (2, 8, 8, 1, 2, 2, 3),
        (1, 6, 6, 2, 2, 3, 3),
    )
)
TIES = (5, 6)  # these two draw their values from {0, 1, 2}: ties in most windows


def pool_features(g: PoolGeometry) -> frozenset[str]:
    leftover = (g.H - g.PH) % g.step or (g.W - g.PW) % g.step
    have = {
        "stride None": g.stride is None, "overlapping windows": g.step < max(g.PH, g.PW),
        "gaps between windows": g.step > min(g.PH, g.PW), "a leftover row or column": leftover,
        "a non-square pool": g.PH != g.PW, "N > 1": g.N > 1, "C > 1": g.C > 1,
    }  # fmt: skip
    return frozenset(f for f, yes in have.items() if yes)


def pool_label(g: PoolGeometry) -> str:
    return f"x {g.x_shape}, pool {g.pool!r}, stride {g.stride!r}"


def pool_scales(g: PoolGeometry) -> tuple[tuple[str, float], ...]:
    return (("PH*PW (the window size)", g.PH * g.PW), ("PH", g.PH), ("PW", g.PW),
            ("N (the batch size)", g.N), ("H*W", g.H * g.W), ("H", g.H), ("W", g.W),
            ("stride*stride", g.step * g.step))


POOL_PROBES = tuple(
    Probe(f"q{i}", pool_label(g) + (", tied maxima" if i in TIES else ""),
          pool_features(g) | ({"tied maxima"} if i in TIES else set()),
          (g, 200 + 10 * i, i in TIES), pool_scales(g))
    for i, g in enumerate(POOL_GEOMETRIES)
)  # fmt: skip


def pool_inputs(probe: Probe) -> tuple[np.ndarray, np.ndarray]:
    """Read-only x and dout: x distinct values about half of them negative, or values from
    {0, 1, 2} on the probes with ties."""
    g, s, ties = probe.args
    if ties:
        x = np.random.default_rng(s).integers(0, 3, g.x_shape).astype(np.float64)
    else:
        x = distinct_array(s, g.x_shape)
    return readonly(x, normal_array(s + 1, g.out_shape))
