"""SparseConv2D draws every C3 kernel with the fan-in of a map that sees all six S2 maps."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D

DIAGNOSIS = (
    "C3's fan-in taken as if every map saw all six S2 maps: a unit of map m sees "
    "KH*KW*len(table[m]) inputs"
)

reference_init = SparseConv2D.__init__


def init_dense_fan_in(self, table, kernel_size=5, rng=None, dtype=np.float64):
    reference_init(self, table, kernel_size, rng, dtype)
    per_map = np.array([len(t) for t in self.table])[self.outputs]
    self.w = (self.w * per_map / self.in_channels).astype(dtype)
    self.b = (self.b * np.array([len(t) for t in self.table]) / self.in_channels).astype(dtype)


SparseConv2D.__init__ = init_dense_fan_in
