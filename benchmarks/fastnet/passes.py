"""The forward and backward passes of LeNet-5 (tanh, average pooling) on Buffers.

Each layer is one GEMM with out= into its buffer, then tanh in place; the pools add
strided views. Backward fuses each pool's backward with the tanh below it, and C1 needs no
input gradient.
"""

from __future__ import annotations

import numpy as np

from .buffers import C1, C3, Buffers


def avgpool2(x: np.ndarray, pairs: np.ndarray, out: np.ndarray) -> None:
    """x: (C, N, H, W) -> out: (C, N, H/2, W/2), each 2x2 window's mean; pairs: (C, N,
    H/2, W), scratch. Rows first: that add runs along whole rows."""
    np.add(x[:, :, 0::2], x[:, :, 1::2], out=pairs)
    np.add(pairs[..., 0::2], pairs[..., 1::2], out=out)
    out *= 0.25


def spread(dout: np.ndarray, up: np.ndarray) -> None:
    """dout: (C, N, H/2, W/2) a 2x2 average pool's output gradient -> up: (C, N, H/2, >= W),
    each value / 4 written twice along W (the two rows of a window are the caller's)."""
    C, N, H2, W2 = dout.shape
    pairs = up[..., : 2 * W2].reshape(C, N, H2, W2, 2)
    np.multiply(dout, 0.25, out=pairs[..., 0])
    np.copyto(pairs[..., 1], pairs[..., 0])


def tanh_pool_backward(y: np.ndarray, up: np.ndarray, g: np.ndarray, dz: np.ndarray) -> None:
    """y: (C, N*P) a tanh's output, up: spread's (C, N, H/2, Wp) -> dz = (1 - y*y) times
    up, each row of up used for the two rows of its windows; g: scratch like y."""
    np.multiply(y, y, out=g)
    np.subtract(1, g, out=g)                                # tanh' from its output
    C, N, H2, Wp = up.shape
    shape = (C, N, H2, 2, Wp)
    np.multiply(g.reshape(shape), up[:, :, :, None, :], out=dz.reshape(shape))


def dense_tanh_backward(d: np.ndarray, y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """d *= 1 - y*y, in place: the gradient through a tanh of output y."""
    np.multiply(y, y, out=g)
    d *= np.subtract(1, g, out=g)
    return d


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
    avgpool2(C1.valid(b.a1), b.p2, out=b.s2)                    # (6, N, 14, 14)
    np.copyto(C3.image(b.x3), b.s2)
    lap("s2 pool")
    C3.im2col(b.x3, b.cols3)                                    # (151, N*140)
    lap("c3 im2col")
    np.matmul(w["c3"], b.cols3, out=b.a3)                       # (16, N*140)
    lap("c3 gemm")
    np.tanh(b.a3, out=b.a3)
    lap("tanh")
    avgpool2(C3.valid(b.a3), b.p4, out=b.s4)                    # (16, N, 5, 5)
    np.copyto(b.x5[:-1].reshape(16, 25, N), b.s4.reshape(16, N, 25).transpose(0, 2, 1))
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
    spread(b.dx5.reshape(16, 5, 5, -1).transpose(0, 3, 1, 2), b.up4)
    tanh_pool_backward(b.a3, b.up4, b.g3, b.dz3)                # (16, N*140)
    lap("s4 pool + tanh")
    np.matmul(b.dz3, b.cols3.T, out=dw["c3"])
    lap("c3 dw gemm")
    np.matmul(w["c3"][:, :-1].T, b.dz3, out=b.dcols3)           # (150, N*140)
    lap("c3 dx gemm")
    C3.col2im(b.dcols3, b.dx3)                                  # (6, N, 200)
    lap("c3 col2im")
    spread(C3.image(b.dx3), b.up2)
    tanh_pool_backward(b.a1, b.up2, b.g1, b.dz1)                # (6, N*896)
    lap("s2 pool + tanh")
    np.matmul(b.dz1, b.cols1.T, out=dw["c1"])                   # C1 needs no dx
    lap("c1 dw gemm")
