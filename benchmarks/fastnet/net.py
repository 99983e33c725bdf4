"""LeNet-5 (tanh, average pooling) for speed: the reference's numbers, other data layouts.

Every activation is feature-major, (features, N) or (C, N, H, W), so that each layer is
one GEMM W @ X with X's rows stacked on a row of ones (layout.py), written with out= into
a buffer that is reused batch after batch; tanh and pooling work in place on those
buffers. The convolutions use windows.FlatConv. Gradients land in one flat vector for
FlatAdam. Only what the reference's LeNet5(activation="tanh", pool="avg") computes.
"""

from __future__ import annotations

import numpy as np

from .layout import SIZE, from_reference, split, to_reference
from .windows import FlatConv

C1 = FlatConv(C=1, Hp=32, Wp=32, KH=5, KW=5)  # 28x28 padded by 2 -> (6, N, 28, 28)
C3 = FlatConv(C=6, Hp=14, Wp=14, KH=5, KW=5)  # S2's 14x14x6 -> (16, N, 10, 10)


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
        self.x3 = z((6, N, C3.L), f32)                    # the same, as C3's input
        self.cols3 = stacked_on_ones(C3.K, N * C3.P)      # (151, N*140)
        self.a3 = e((16, N * C3.P), f32)                  # tanh(C3)
        self.p4, self.s4 = e((16, N, 5, 10), f32), e((16, N, 5, 5), f32)
        self.x5 = stacked_on_ones(400, N)                 # S4's output, rows (c, i, j)
        self.h5 = stacked_on_ones(120, N)                 # tanh(C5)
        self.h6 = stacked_on_ones(84, N)                  # tanh(F6)
        self.logits = e((10, N), f32)
        self.d6, self.g6 = e((84, N), f32), e((84, N), f32)
        self.d5, self.g5 = e((120, N), f32), e((120, N), f32)
        self.dx5 = e((400, N), f32)
        self.up4 = z((16, N, 5, 14), f32)                 # S4's output gradient / 4, spread
        self.g3, self.dz3 = e((16, N * C3.P), f32), e((16, N * C3.P), f32)
        self.dcols3 = e((C3.K, N * C3.P), f32)
        self.dx3 = e((6, N, C3.L), f32)
        self.up2 = z((6, N, 14, 32), f32)                 # S2's output gradient / 4, spread
        self.g1, self.dz1 = e((6, N * C1.P), f32), e((6, N * C1.P), f32)


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


class FastLeNet5:
    """forward(x) -> logits, backward(dlogits); params and grads: flat (61,706,) vectors."""

    def __init__(self, reference_params: dict[str, np.ndarray]):
        """reference_params: {"c1.w": (5, 5, 1, 6), ...}, as solutions' LeNet5 names them."""
        self.params = np.empty(SIZE, np.float32)
        self.grads = np.zeros(SIZE, np.float32)
        from_reference(reference_params, self.params)
        self.w, self.dw = split(self.params), split(self.grads)
        self.buffers: dict[int, Buffers] = {}
        self.b: Buffers | None = None
        self.lap = no_lap  # a benchmark's stopwatch: lap(stage) after each stage

    @classmethod
    def like(cls, model) -> FastLeNet5:
        """The same weights as a reference LeNet5 (copied)."""
        return cls({name: value for name, value, _ in model.params()})

    def reference_params(self) -> dict[str, np.ndarray]:
        return to_reference(self.params)

    def reference_grads(self) -> dict[str, np.ndarray]:
        return to_reference(self.grads)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 28, 28, 1) -> logits: (N, 10), a view into a buffer."""
        N = len(x)
        b = self.b = self.buffers.get(N) or self.buffers.setdefault(N, Buffers(N))
        w, lap = self.w, self.lap
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

    def predict(self, x: np.ndarray, batch_size: int = 64) -> np.ndarray:
        """x: (N, 28, 28, 1) -> labels (N,), batch_size images at a time (its buffers)."""
        chunks = [self.forward(x[i : i + batch_size]).argmax(axis=1)
                  for i in range(0, len(x), batch_size)]  # fmt: skip
        return np.concatenate(chunks)

    def backward(self, dlogits: np.ndarray) -> None:
        """dlogits: (N, 10) -> self.grads, for the batch of the last forward."""
        b, w, dw, lap = self.b, self.w, self.dw, self.lap
        lap("loss")                                                 # since forward's end
        d = dlogits.T                                               # (10, N)
        for name, x_in, dx, g in (("f7", b.h6, b.d6, b.g6), ("f6", b.h5, b.d5, b.g5)):
            np.matmul(d, x_in.T, out=dw[name])
            d = dense_tanh_backward(np.matmul(w[name][:, :-1].T, d, out=dx), x_in[:-1], g)
        lap("dense")
        np.matmul(d, b.x5.T, out=dw["c5"])
        np.matmul(w["c5"][:, :-1].T, d, out=b.dx5)                  # (400, N)
        lap("c5 gemm")
        spread(b.dx5.reshape(16, 5, 5, -1).transpose(0, 3, 1, 2), b.up4)
        tanh_pool_backward(b.a3, b.up4, b.g3, b.dz3)                # (16, N*140)
        lap("s4 pool + tanh")
        np.matmul(b.dz3, b.cols3.T, out=dw["c3"])
        lap("c3 gemm")
        np.matmul(w["c3"][:, :-1].T, b.dz3, out=b.dcols3)           # (150, N*140)
        lap("c3 gemm")
        C3.col2im(b.dcols3, b.dx3)                                  # (6, N, 200)
        lap("c3 col2im")
        spread(C3.image(b.dx3), b.up2)
        tanh_pool_backward(b.a1, b.up2, b.g1, b.dz1)                # (6, N*896)
        lap("s2 pool + tanh")
        np.matmul(b.dz1, b.cols1.T, out=dw["c1"])                   # C1 needs no dx
        lap("c1 gemm")


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """logits: (N, 10), y: (N,) -> (mean loss, dlogits: (N, 10)), as the reference's."""
    N = len(logits)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -log_probs[rows, y].mean()
    dlogits = np.exp(log_probs)
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits
