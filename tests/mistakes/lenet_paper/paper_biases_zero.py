"""LeNet5Paper draws only the weights of C1, C5 and F6 and leaves their biases at zero."""

import numpy as np
from s13_cnn.conv.conv import Conv2D
from s13_cnn.lenet.layers import Dense, Flatten
from s13_cnn.lenet_paper.bitmaps import DIGIT_BITMAPS
from s13_cnn.lenet_paper.lenet_paper import (
    C3_TABLE,
    LeNet5Paper,
    RBFOutput,
    ScaledTanh,
    SparseConv2D,
    Subsampling,
    bitmap_codes,
    paper_uniform,
)

DIAGNOSIS = (
    "C1, C5 and F6 biases left at zero: the paper draws every trainable number, w then b "
    "from paper_uniform with the layer's fan-in, from the one generator"
)


def _weights_only(layer, rng, fan_in):
    layer.w = paper_uniform(rng, layer.w.shape, fan_in, layer.w.dtype)
    layer.b = np.zeros_like(layer.b)  # not drawn: the generator moves on to the next layer
    return layer


def init_zero_biases(self, rng=None, dtype=np.float64):
    rng = np.random.default_rng(rng)
    self.dtype = np.dtype(dtype)
    self.c1 = _weights_only(Conv2D(1, 6, 5, rng=0, dtype=dtype), rng, 25)
    self.s2 = Subsampling(6, rng=rng, dtype=dtype)
    self.c3 = SparseConv2D(C3_TABLE, 5, rng=rng, dtype=dtype)
    self.s4 = Subsampling(16, rng=rng, dtype=dtype)
    self.c5 = _weights_only(Conv2D(16, 120, 5, rng=0, dtype=dtype), rng, 400)
    self.flatten = Flatten()
    self.f6 = _weights_only(Dense(120, 84, rng=0, dtype=dtype), rng, 120)
    self.rbf = RBFOutput(bitmap_codes(DIGIT_BITMAPS), dtype=dtype)
    self.c1.input_grad = False
    act = ScaledTanh
    self.layers = [self.c1, act(), self.s2, act(), self.c3, act(), self.s4, act(),
                   self.c5, act(), self.flatten, self.f6, act(), self.rbf]  # fmt: skip


LeNet5Paper.__init__ = init_zero_biases
