"""The arrays of one batch size: allocated once, reused batch after batch.

C1, S2 and the dense layers are feature-major, (C, N, H, W) or (features, N); C3 and S4
are NHWC, which gives C3's im2col rows of KW*C = 30 numbers without junk columns. Every
layer's input is stacked on ones (a row, or for C3 a column: its GEMM adds the bias, see
layout.py). Buffers whose junk columns (windows.py) must stay zero are allocated as
zeros and only their valid part is written.
"""

from __future__ import annotations

import numpy as np

from .windows import FlatConv

C1 = FlatConv(C=1, Hp=32, Wp=32, KH=5, KW=5)  # 28x28 padded by 2 -> (6, N, 28, 28)
C3 = FlatConv(C=6, Hp=14, Wp=14, KH=5, KW=5)  # S2's 14x14x6 -> 10x10x16 (its col2im)


def stacked_on_ones(rows: int, cols: int) -> np.ndarray:
    """(rows + 1, cols), the last row ones: a layer's input, whose GEMM adds the bias."""
    a = np.empty((rows + 1, cols), np.float32)
    a[-1] = 1
    return a


class Buffers:
    """Every array one batch of N images needs, allocated once per batch size."""

    def __init__(self, N: int):
        e, z, f32 = np.empty, np.zeros, np.float32
        self.x1 = z((1, N, C1.L), f32)                    # padded input; borders stay 0
        self.cols1 = stacked_on_ones(C1.K, N * C1.P)      # (26, N*896)
        self.a1 = e((6, N * C1.P), f32)                   # tanh(C1), junk columns included
        self.p2 = e((6, N, 14, 28), f32)                  # S2's row pairs summed
        self.s2 = e((6, N, 14, 14), f32)                  # S2's output
        self.x3 = e((N, 14, 14, 6), f32)                  # the same, NHWC: C3's input
        self.cols3 = e((N * 100, C3.K + 1), f32)          # (N*100, 151), ones last
        self.cols3[:, -1] = 1
        self.a3 = e((N * 100, 16), f32)                   # tanh(C3), NHWC
        self.p4, self.s4 = e((N, 5, 10, 16), f32), e((N, 5, 5, 16), f32)
        self.x5 = stacked_on_ones(400, N)                 # S4's output, rows (i, j, c)
        self.h5 = stacked_on_ones(120, N)                 # tanh(C5)
        self.h6 = stacked_on_ones(84, N)                  # tanh(F6)
        self.logits = e((10, N), f32)
        self.d6, self.g6 = e((84, N), f32), e((84, N), f32)
        self.d5, self.g5 = e((120, N), f32), e((120, N), f32)
        self.dx5 = e((400, N), f32)
        self.up4 = e((N, 5, 10, 16), f32)                 # S4's output gradient / 4, spread
        self.g3, self.dz3 = e((N * 100, 16), f32), e((N * 100, 16), f32)
        self.dz3_flat = z((16, N * C3.P), f32)            # dz3 for col2im; junk stays 0
        self.dcols3 = e((C3.K, N * C3.P), f32)
        self.dx3 = e((6, N, C3.L), f32)
        self.up2 = z((6, N, 14, 32), f32)                 # S2's output gradient / 4, spread
        self.g1, self.dz1 = e((6, N * C1.P), f32), e((6, N * C1.P), f32)
