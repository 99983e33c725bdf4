"""Probes of part 2: im2col and col2im, on the nine convolution geometries."""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.geometry import CONV_FEATURES, CONV_PROBES, conv_inputs
from coursekit.evidence.subject import Probe, Subject


def _im2col(impl, probe: Probe) -> dict:
    g, _ = probe.args
    x = conv_inputs(probe)[0]
    return {"cols": impl.im2col.im2col(x, (g.KH, g.KW), g.stride, g.pad)}


def _col2im(impl, probe: Probe) -> dict:
    g, _ = probe.args
    cols = conv_inputs(probe)[4]
    return {"x": impl.im2col.col2im(cols, g.x_shape, (g.KH, g.KW), g.stride, g.pad)}


def _im2col_regions(ref, probe: Probe) -> dict:
    """The entries of cols read from the padding."""
    g, _ = probe.args
    ones = readonly(np.ones(g.x_shape))
    cols = ref.im2col.im2col(ones, (g.KH, g.KW), g.stride, g.pad)
    return {"cols": {"at the entries read from the padding": cols == 0}}


def window_counts(ref, probe: Probe) -> np.ndarray:
    """How many windows hold each pixel of x (col2im of ones)."""
    g, _ = probe.args
    ones = readonly(np.ones(g.cols_shape))
    return ref.im2col.col2im(ones, g.x_shape, (g.KH, g.KW), g.stride, g.pad)


def pixel_regions(ref, probe: Probe) -> dict:
    """Regions of an (N, H, W, C) gradient or col2im result."""
    counts = window_counts(ref, probe)
    border = np.ones(counts.shape, bool)
    border[:, 1:-1, 1:-1] = False
    return {
        "at the pixels held by two windows or more": counts >= 2,
        "at the pixels held by no window": counts == 0,
        "at the border (first and last rows and columns)": border,
        "the number of windows that hold each pixel": counts,
    }


SUBJECTS = (
    Subject("im2col.im2col", "im2col", ("cols",), CONV_PROBES, _im2col, CONV_FEATURES,
            {"cols": "matrix"}, regions=_im2col_regions),
    Subject("im2col.col2im", "col2im", ("x",), CONV_PROBES, _col2im, CONV_FEATURES,
            regions=lambda ref, p: {"x": pixel_regions(ref, p)}),
)  # fmt: skip
