"""The forward and backward passes of LeNet-5 (tanh, average pooling) on Buffers.

Each layer is one GEMM with out= into its buffer, then tanh in place; the pools add
strided views, rows first. Backward fuses each pool's backward with the tanh below it,
and C1 needs no input gradient.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .buffers import C1, C3, Buffers


def avgpool2(x: np.ndarray, pairs: np.ndarray, out: np.ndarray) -> None:
    """x: (A, H, W, ...) -> out: (A, H/2, W/2, ...), each 2x2 window's mean over H and W;
    pairs: (A, H/2, W, ...), scratch. Rows first: that add runs along whole rows."""
    np.add(x[:, 0::2], x[:, 1::2], out=pairs)
    np.add(pairs[:, :, 0::2], pairs[:, :, 1::2], out=out)
    out *= 0.25


def spread(dout: np.ndarray, up: np.ndarray) -> None:
    """dout: (A, H/2, W/2, ...) a 2x2 average pool's output gradient -> up: (A, H/2, >= W,
    ...): each value / 4, twice along W (a window's two rows are tanh_pool_backward's)."""
    A, H2, W2 = dout.shape[:3]
    pairs = up[:, :, : 2 * W2].reshape(A, H2, W2, 2, *dout.shape[3:])
    np.multiply(dout, 0.25, out=pairs[:, :, :, 0])
    np.copyto(pairs[:, :, :, 1], pairs[:, :, :, 0])


def tanh_pool_backward(y: np.ndarray, up: np.ndarray, g: np.ndarray, dz: np.ndarray) -> None:
    """y: a tanh's output, up: spread's (A, H/2, R) with R the numbers in one row of y ->
    dz = (1 - y*y) times up, each row of up for both rows of its windows; g: scratch."""
    np.multiply(y, y, out=g)
    np.subtract(1, g, out=g)                                # tanh' from its output
    A, H2, R = up.shape
    rows = (A, H2, 2, R)
    np.multiply(g.reshape(rows), up[:, :, None, :], out=dz.reshape(rows))


def dense_tanh_backward(d: np.ndarray, y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """d *= 1 - y*y, in place: the gradient through a tanh of output y."""
    np.multiply(y, y, out=g)
    d *= np.subtract(1, g, out=g)
    return d


def conv3_forward(w3: np.ndarray, b: Buffers, lap) -> None:
    """C3, NHWC: b.x3 (N, 14, 14, 6) -> b.a3 (N*100, 16), through b.cols3."""
    N = len(b.x3)
    windows = sliding_window_view(b.x3, (5, 5), axis=(1, 2))    # (N, 10, 10, 6, 5, 5), a view
    cols3 = b.cols3[:, :-1].reshape(N, 10, 10, 5, 5, 6)         # rows (n, h, v), columns (i, j, c)
    np.copyto(cols3, windows.transpose(0, 1, 2, 4, 5, 3))
    lap("c3 im2col")
    np.matmul(b.cols3, w3.T, out=b.a3)                          # (N*100, 16)
    lap("c3 gemm")


def conv3_backward(w3: np.ndarray, dw3: np.ndarray, b: Buffers, lap) -> None:
    """b.dz3 (N*100, 16) -> dw3 (16, 151) and b.dx3 (6, N, 200), flat channel-major."""
    N = len(b.x3)
    np.matmul(b.dz3.T, b.cols3, out=dw3)
    lap("c3 dw gemm")
    # dx through the flat layout (windows.py): its col2im adds rows of 140, not of 30
    np.copyto(C3.valid(b.dz3_flat), b.dz3.reshape(N, 10, 10, 16).transpose(3, 0, 1, 2))
    np.matmul(w3[:, :-1].T, b.dz3_flat, out=b.dcols3)           # (150, N*140)
    lap("c3 dx gemm")
    C3.col2im(b.dcols3, b.dx3)
    lap("c3 col2im")


def no_lap(stage: str) -> None:
    """What the net calls after each stage, unless a benchmark watches it."""


def forward(w: dict[str, np.ndarray], b: Buffers, x: np.ndarray, lap=no_lap) -> np.ndarray:
    """x: (N, 28, 28, 1), w: layout.split's matrices -> logits: (N, 10), a view into b.

    b keeps what backward needs. lap(stage) is called after each stage (benchmarks).
    """
    N = len(x)
    C1.image(b.x1)[0, :, 2:30, 2:30] = x[..., 0]
    lap("input")
    C1.im2col(b.x1, b.cols1)                                    # (26, N*896)
    lap("c1 im2col")
    np.matmul(w["c1"], b.cols1, out=b.a1)                       # (6, N*896)
    lap("c1 gemm")
    np.tanh(b.a1, out=b.a1)
    lap("tanh")
    a1 = C1.valid(b.a1).reshape(6 * N, 28, 28)
    avgpool2(a1, b.p2.reshape(6 * N, 14, 28), out=b.s2.reshape(6 * N, 14, 14))
    np.copyto(b.x3, b.s2.transpose(1, 2, 3, 0))                 # (N, 14, 14, 6)
    lap("s2 pool")
    conv3_forward(w["c3"], b, lap)                              # (N*100, 16)
    np.tanh(b.a3, out=b.a3)
    lap("tanh")
    avgpool2(b.a3.reshape(N, 10, 10, 16), b.p4, out=b.s4)       # (N, 5, 5, 16)
    np.copyto(b.x5[:-1], b.s4.reshape(N, 400).T)                # rows (i, j, c)
    lap("s4 pool")
    for name, x_in, y in (("c5", b.x5, b.h5), ("f6", b.h5, b.h6)):
        np.matmul(w[name], x_in, out=y[:-1])                    # (120 | 84, N)
        lap("c5 gemm" if name == "c5" else "dense")
        np.tanh(y[:-1], out=y[:-1])
        lap("tanh")
    logits = np.matmul(w["f7"], b.h6, out=b.logits).T           # (N, 10)
    lap("dense")
    return logits


def backward(w: dict[str, np.ndarray], dw: dict[str, np.ndarray], b: Buffers,
             dlogits: np.ndarray, lap=no_lap) -> None:  # fmt: skip
    """dlogits: (N, 10) -> dw (layout.split's views of a gradient vector), overwritten,
    for the batch whose forward filled b."""
    lap("loss")                                                 # since forward's end
    d = dlogits.T                                               # (10, N)
    for name, x_in, dx, g in (("f7", b.h6, b.d6, b.g6), ("f6", b.h5, b.d5, b.g5)):
        np.matmul(d, x_in.T, out=dw[name])
        d = dense_tanh_backward(np.matmul(w[name][:, :-1].T, d, out=dx), x_in[:-1], g)
    lap("dense")
    np.matmul(d, b.x5.T, out=dw["c5"])
    np.matmul(w["c5"][:, :-1].T, d, out=b.dx5)                  # (400, N)
    lap("c5 dw, dx gemms")
    N = b.dx5.shape[1]
    spread(b.dx5.T.reshape(N, 5, 5, 16), b.up4)                 # (N, 5, 10, 16)
    tanh_pool_backward(b.a3, b.up4.reshape(N, 5, 160), b.g3, b.dz3)  # (N*100, 16)
    lap("s4 pool + tanh")
    conv3_backward(w["c3"], dw["c3"], b, lap)                   # (6, N, 200)
    spread(C3.image(b.dx3).reshape(6 * N, 14, 14), b.up2.reshape(6 * N, 14, 32))
    tanh_pool_backward(b.a1, b.up2.reshape(6 * N, 14, 32), b.g1, b.dz1)  # (6, N*896)
    lap("s2 pool + tanh")
    np.matmul(b.dz1, b.cols1.T, out=dw["c1"])                   # C1 needs no dx
    lap("c1 dw gemm")
