"""LeNet-5 as LeCun, Bottou, Bengio and Haffner published it in 1998, NHWC, in NumPy.

Level 1 where the paper's layer is the same: C1 and C5 are part 3's Conv2D, C3 calls your
conv_forward and conv_backward, F6 is the given Dense, and LeNet5Paper is part 5's LeNet5
(its backward, which runs `layers` in reverse, is inherited). New here is what the paper
changes: a 32x32 input with a white background of -0.1, the scaled tanh 1.7159 tanh(2a/3),
subsampling with a trainable coefficient and bias per map, C3 wired to S2 by a sparse
table, and an output layer of Euclidean radial basis functions whose centres are fixed +-1
pictures of the digits, trained on the MAP criterion. 60,000 trainable parameters.
"""

from __future__ import annotations

import numpy as np

from ..conv.conv import Conv2D, conv_backward, conv_forward  # noqa: F401  (you will need these)
from ..lenet.layers import Adam, Dense, Flatten, Tanh  # noqa: F401
from ..lenet.lenet import LeNet5
from .bitmaps import DIGIT_BITMAPS  # noqa: F401

A = 1.7159          # amplitude of the squashing function ...
S = 2.0 / 3.0       # ... and its slope at the origin: f(1) = 1 and f(-1) = -1
BACKGROUND = -0.1   # pixel value 0 (white paper) after prepare
FOREGROUND = 1.175  # pixel value 255 (ink) after prepare
INIT_RANGE = 2.4    # weights start uniform in +-INIT_RANGE / fan_in


# GIVEN
def paper_uniform(rng: np.random.Generator, shape, fan_in, dtype=np.float64) -> np.ndarray:
    """rng.uniform(-1, 1, shape) * INIT_RANGE / fan_in; fan_in broadcasts against shape."""
    bound = INIT_RANGE / np.asarray(fan_in, dtype=np.float64)
    return (rng.uniform(-1.0, 1.0, shape) * bound).astype(dtype)


def scaled_tanh(a: np.ndarray) -> np.ndarray:
    """a: any shape -> A * tanh(S * a), same shape and dtype."""
    # BEGIN SOLUTION
    return (A * np.tanh(S * a)).astype(a.dtype, copy=False)
    # END SOLUTION


def scaled_tanh_backward(dout: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dout, y = scaled_tanh(a): same shape -> da = dout * f'(a), written with y only.

    f'(a) = A * S * (1 - tanh(S a)^2) = (S / A) * (A^2 - y^2).
    """
    # BEGIN SOLUTION
    return dout * ((S / A) * (A * A - y * y))
    # END SOLUTION


# GIVEN
class ScaledTanh(Tanh):
    """The given Tanh layer with the paper's function: keeps its output for backward."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.y = scaled_tanh(x)
        return self.y

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return scaled_tanh_backward(dout, self.y)


class Subsampling:
    """S2 and S4: (N, H, W, C) -> (N, H/2, W/2, C); H and W even.

    Each non-overlapping 2x2 block is SUMMED (not averaged), multiplied by a trainable
    coefficient of its map, coef: (C,), and the map's trainable bias b: (C,) is added:
    out[n, i, j, c] = coef[c] * sum(x[n, 2i:2i+2, 2j:2j+2, c]) + b[c]. 2 parameters per map.
    """

    def __init__(self, channels: int, rng=None, dtype=np.float64):
        """coef then b, each paper_uniform(rng, (channels,), 4, dtype): a unit sees 4 inputs.

        Also dcoef and db, zeros of the same shapes.
        """
        rng = np.random.default_rng(rng)
        # BEGIN SOLUTION
        self.coef = paper_uniform(rng, (channels,), 4, dtype)
        self.b = paper_uniform(rng, (channels,), 4, dtype)
        self.dcoef = np.zeros_like(self.coef)
        self.db = np.zeros_like(self.b)
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, H/2, W/2, C); ValueError for an odd H or W."""
        N, H, W, C = x.shape
        # BEGIN SOLUTION
        if H % 2 or W % 2:
            raise ValueError(f"Subsampling: H and W must be even, got {x.shape}")
        # the four corners of every block, as strided views: no copy of x
        self.sums = (x[:, 0::2, 0::2] + x[:, 0::2, 1::2]
                     + x[:, 1::2, 0::2] + x[:, 1::2, 1::2])      # (N, H/2, W/2, C)
        return self.sums * self.coef + self.b
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, H/2, W/2, C) -> dx: (N, H, W, C); fills dcoef and db."""
        N, H2, W2, C = dout.shape
        # BEGIN SOLUTION
        self.dcoef = (dout * self.sums).sum(axis=(0, 1, 2)).astype(self.coef.dtype, copy=False)
        self.db = dout.sum(axis=(0, 1, 2)).astype(self.b.dtype, copy=False)
        dsums = dout * self.coef                                 # (N, H/2, W/2, C)
        dx = np.empty((N, 2 * H2, 2 * W2, C), dtype=dsums.dtype)
        for i in (0, 1):            # every pixel of a block gets the block's gradient
            for j in (0, 1):
                dx[:, i::2, j::2] = dsums
        return dx
        # END SOLUTION

    def params(self):
        """Yields ("coef", coef, dcoef) then ("b", b, db)."""
        # BEGIN SOLUTION
        yield "coef", self.coef, self.dcoef
        yield "b", self.b, self.db
        # END SOLUTION


# Table I of the paper: C3 map m sees the S2 maps C3_TABLE[m] (16 tuples, 60 connections)
C3_TABLE: tuple[tuple[int, ...], ...] = ()  # replace () by the paper's 16 tuples
# BEGIN SOLUTION
C3_TABLE = (
    (0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (0, 4, 5), (0, 1, 5),
    (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (0, 3, 4, 5), (0, 1, 4, 5), (0, 1, 2, 5),
    (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)
# END SOLUTION


class SparseConv2D:
    """A 'valid' stride-1 convolution in which output map m sees only the input maps
    table[m] (C3: (N, 14, 14, 6) -> (N, 10, 10, 16) with C3_TABLE).

    w: (KH, KW, K) holds one kernel per connection, K = sum of len(table[m]), in table
    order: w[:, :, k] connects input map inputs[k] to output map outputs[k], where
    connections = [(c, m) for m, maps in enumerate(table) for c in maps]. b: (F,), one
    bias per output map. Trainable parameters: K*KH*KW + F (1,516 for C3_TABLE).
    """

    def __init__(self, table, kernel_size: int = 5, rng=None, dtype=np.float64):
        """Attributes: table (a tuple of tuples), kernel_size, in_channels (1 + the largest
        index in the table), out_channels (len(table)), inputs and outputs (int arrays of
        length K), w and b, dw and db (zeros). Draws w then b with paper_uniform; a unit of
        map m has fan_in = KH*KW*len(table[m]) (the kernel of connection k uses the fan-in
        of map outputs[k])."""
        rng = np.random.default_rng(rng)
        # BEGIN SOLUTION
        self.table = tuple(tuple(int(c) for c in maps) for maps in table)
        self.kernel_size = K = kernel_size
        self.in_channels = 1 + max(c for maps in self.table for c in maps)
        self.out_channels = len(self.table)
        pairs = [(c, m) for m, maps in enumerate(self.table) for c in maps]
        self.inputs = np.array([c for c, _ in pairs], dtype=np.int64)
        self.outputs = np.array([m for _, m in pairs], dtype=np.int64)
        fan_in = np.array([K * K * len(maps) for maps in self.table])   # (F,)
        self.w = paper_uniform(rng, (K, K, len(pairs)), fan_in[self.outputs], dtype)
        self.b = paper_uniform(rng, (self.out_channels,), fan_in, dtype)
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros_like(self.b)
        # END SOLUTION

    def kernel(self) -> np.ndarray:
        """The equivalent dense kernel (KH, KW, in_channels, out_channels): w scattered to
        the table's places, zeros everywhere else."""
        # BEGIN SOLUTION
        K = self.kernel_size
        full = np.zeros((K, K, self.in_channels, self.out_channels), dtype=self.w.dtype)
        full[:, :, self.inputs, self.outputs] = self.w
        return full
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, in_channels) -> (N, H-KH+1, W-KW+1, out_channels)."""
        # BEGIN SOLUTION
        out, self.cache = conv_forward(x, self.kernel(), self.b)
        return out
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, H_out, W_out, out_channels) -> dx; fills dw (KH, KW, K) and db (F,)."""
        # BEGIN SOLUTION
        dx, dfull, self.db = conv_backward(dout, self.cache)
        self.dw = dfull[:, :, self.inputs, self.outputs]    # only the connections that exist
        return dx
        # END SOLUTION

    def params(self):
        """Yields ("w", w, dw) then ("b", b, db)."""
        # BEGIN SOLUTION
        yield "w", self.w, self.dw
        yield "b", self.b, self.db
        # END SOLUTION


def bitmap_codes(bitmaps: np.ndarray) -> np.ndarray:
    """bitmaps: (10, 12, 7) of 0/1 -> codes: (10, 84) float64, +1 where the pixel is 1 (ink)
    and -1 where it is 0, each bitmap read row by row."""
    # BEGIN SOLUTION
    return np.where(np.asarray(bitmaps).reshape(len(bitmaps), -1) > 0, 1.0, -1.0)
    # END SOLUTION


class RBFOutput:
    """F7: x: (N, 84) -> penalties y: (N, 10), y[n, i] = sum_j (x[n, j] - codes[i, j])^2.

    codes: (10, 84) of +-1, fixed: stored as given (in the model's dtype), never trained,
    so params() yields nothing. A small penalty means "looks like digit i".
    """

    def __init__(self, codes: np.ndarray, dtype=np.float64):
        """Attribute codes: a copy of codes in dtype."""
        # BEGIN SOLUTION
        self.codes = np.array(codes, dtype=dtype)
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 84) -> (N, 10)."""
        # BEGIN SOLUTION
        self.x = x
        # |x - c|^2 = |x|^2 - 2 x.c + |c|^2: one matrix product instead of an (N, 10, 84) array
        sq = (x * x).sum(axis=1, keepdims=True)                     # (N, 1)
        return sq - 2 * x @ self.codes.T + (self.codes**2).sum(axis=1)
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, 10) -> dx: (N, 84) = 2 * sum_i dout[n, i] * (x[n] - codes[i])."""
        # BEGIN SOLUTION
        return 2 * (dout.sum(axis=1, keepdims=True) * self.x - dout @ self.codes)
        # END SOLUTION

    def params(self):
        """Nothing to train."""
        # BEGIN SOLUTION
        yield from ()
        # END SOLUTION


def map_loss(y: np.ndarray, labels: np.ndarray, j: float = 1.0) -> tuple[float, np.ndarray]:
    """The paper's MAP criterion (eq. 9): y: (N, 10) penalties, labels: (N,) ->
    (loss, dy: (N, 10)).

    loss = mean over n of  y[n, labels[n]] + log(exp(-j) + sum_i exp(-y[n, i])), a Python
    float. It pulls the right penalty down and pushes the others up; exp(-j) keeps an
    already very large penalty from being pushed further. dy in y's dtype. Stable: shift
    the exponents by min(j, min_i y[n, i]) before exp.
    """
    N, K = y.shape
    # BEGIN SOLUTION
    rows = np.arange(N)
    m = np.minimum(y.min(axis=1), j)                        # (N,): every exponent <= 0
    e = np.exp(-(y - m[:, None]))                           # (N, K)
    z = np.exp(-(j - m)) + e.sum(axis=1)                    # (N,)
    loss = float(np.mean(y[rows, labels] - m + np.log(z)))
    dy = -e / z[:, None]
    dy[rows, labels] += 1
    dy /= N
    return loss, dy.astype(y.dtype, copy=False)
    # END SOLUTION


def mse_loss(y: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """The paper's plain criterion (eq. 8): the mean over n of the right class's penalty
    y[n, labels[n]] -> (loss, dy: (N, 10)); dy is 1/N at the right class, 0 elsewhere."""
    N, K = y.shape
    # BEGIN SOLUTION
    rows = np.arange(N)
    dy = np.zeros_like(y)
    dy[rows, labels] = 1.0 / N
    return float(y[rows, labels].mean()), dy
    # END SOLUTION


LOSSES = {"map": map_loss, "mse": mse_loss}


def prepare(images: np.ndarray, dtype=np.float64) -> np.ndarray:
    """images: (N, 28, 28) uint8 -> (N, 32, 32, 1) in dtype: each pixel p becomes
    BACKGROUND + (FOREGROUND - BACKGROUND) * p / 255 (-0.1 for white, 1.175 for ink), and
    a 2-pixel border of BACKGROUND is added. ValueError for another shape or dtype."""
    # BEGIN SOLUTION
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError(f"prepare: expected uint8 (N, 28, 28), got {images.dtype} {images.shape}")
    scaled = BACKGROUND + (FOREGROUND - BACKGROUND) * (images / 255.0)      # (N, 28, 28)
    padded = np.pad(scaled, ((0, 0), (2, 2), (2, 2)), constant_values=BACKGROUND)
    return padded[..., None].astype(dtype)                                  # (N, 32, 32, 1)
    # END SOLUTION


PARAM_LAYERS = ("c1", "s2", "c3", "s4", "c5", "f6")


# BEGIN SOLUTION
def _paper_draw(layer, rng, fan_in):
    """layer (a Conv2D or Dense) with w then b redrawn from rng by paper_uniform."""
    layer.w = paper_uniform(rng, layer.w.shape, fan_in, layer.w.dtype)
    layer.b = paper_uniform(rng, layer.b.shape, fan_in, layer.b.dtype)
    return layer
# END SOLUTION


class LeNet5Paper(LeNet5):
    """(N, 32, 32, 1) -> penalties (N, 10); 60,000 trainable parameters + 840 fixed.

    C1 conv 5x5x6 -> S2 subsampling -> C3 sparse conv (C3_TABLE) -> S4 subsampling
    -> C5 conv 5x5x120 -> F6 dense 84 -> F7 RBF with codes bitmap_codes(DIGIT_BITMAPS);
    a ScaledTanh after C1, S2, C3, S4, C5 and F6. Parameters are named "<layer>.<name>":
    c1.w c1.b s2.coef s2.b c3.w c3.b s4.coef s4.b c5.w c5.b f6.w f6.b. backward(dy) is
    part 5's LeNet5.backward: it runs `layers` in reverse and fills every gradient.
    """

    def __init__(self, rng=None, dtype=np.float64):
        """Attributes c1, s2, c3, s4, c5, flatten, f6, rbf, and `layers`, the 14 layers
        forward runs: c1, act, s2, act, c3, act, s4, act, c5, act, flatten, f6, act, rbf.

        c1 = Conv2D(1, 6, 5) and c5 = Conv2D(16, 120, 5) from part 3 and f6 = Dense(120,
        84) from layers.py, built with rng=0 (their constructors' He draw never touches the
        paper's generator), their weights and biases then replaced by the paper's draw: one
        generator rng = np.random.default_rng(rng), and, layer by layer in the order c1, s2,
        c3, s4, c5, f6, w (or coef) then b from paper_uniform with the layer's fan-in (c1
        25, s2 4, c3 per map, s4 4, c5 400, f6 120); s2, s4 and c3 draw theirs in their
        constructors from the same rng. c1.input_grad = False.
        """
        rng = np.random.default_rng(rng)
        self.dtype = np.dtype(dtype)
        # BEGIN SOLUTION
        self.c1 = _paper_draw(Conv2D(1, 6, 5, rng=0, dtype=dtype), rng, 25)   # (N, 28, 28, 6)
        self.s2 = Subsampling(6, rng=rng, dtype=dtype)                        # (N, 14, 14, 6)
        self.c3 = SparseConv2D(C3_TABLE, 5, rng=rng, dtype=dtype)             # (N, 10, 10, 16)
        self.s4 = Subsampling(16, rng=rng, dtype=dtype)                       # (N, 5, 5, 16)
        self.c5 = _paper_draw(Conv2D(16, 120, 5, rng=0, dtype=dtype), rng, 400)  # (N, 1, 1, 120)
        self.flatten = Flatten()                                              # (N, 120)
        self.f6 = _paper_draw(Dense(120, 84, rng=0, dtype=dtype), rng, 120)   # (N, 84)
        self.rbf = RBFOutput(bitmap_codes(DIGIT_BITMAPS), dtype=dtype)        # (N, 10)
        self.c1.input_grad = False
        act = ScaledTanh
        self.layers = [self.c1, act(), self.s2, act(), self.c3, act(), self.s4, act(),
                       self.c5, act(), self.flatten, self.f6, act(), self.rbf]
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 32, 32, 1) (see prepare) -> penalties: (N, 10). ValueError for any other
        shape. Cast x to the model's dtype first."""
        # BEGIN SOLUTION
        if x.ndim != 4 or x.shape[1:] != (32, 32, 1):
            raise ValueError(f"LeNet5Paper: expected input (N, 32, 32, 1), got {x.shape}")
        out = x.astype(self.dtype, copy=False)
        for layer in self.layers:
            out = layer.forward(out)
        return out
        # END SOLUTION

    def params(self):
        """Yields (name, value, grad) of the 12 trainable arrays in PARAM_LAYERS order
        (w or coef before b); the RBF codes are not among them."""
        # BEGIN SOLUTION
        for lname in PARAM_LAYERS:
            for pname, value, grad in getattr(self, lname).params():
                yield f"{lname}.{pname}", value, grad
        # END SOLUTION

    def predict(self, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
        """x: (N, 32, 32, 1) -> labels: (N,) int64, the class of the SMALLEST penalty."""
        # BEGIN SOLUTION
        chunks = [
            self.forward(x[i : i + batch_size]).argmin(axis=1)
            for i in range(0, len(x), batch_size)
        ]
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
        # END SOLUTION


# GIVEN
def train(model, X, y, epochs: int = 1, batch_size: int = 32, lr: float = 1e-3,
          loss: str = "map", rng=None) -> list[dict]:
    """Mini-batch Adam on `loss` ("map" or "mse"), shuffled by np.random.default_rng(rng);
    one dict per epoch: epoch, loss (mean over the images), accuracy (train, argmin)."""
    criterion = LOSSES[loss]
    rng = np.random.default_rng(rng)
    opt = Adam(lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        total, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            penalties = model.forward(X[idx])
            value, dy = criterion(penalties, y[idx])
            model.backward(dy)
            opt.step(model.params())
            total += value * len(idx)
            correct += int((penalties.argmin(axis=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": total / len(X), "accuracy": correct / len(X)})
    return history
