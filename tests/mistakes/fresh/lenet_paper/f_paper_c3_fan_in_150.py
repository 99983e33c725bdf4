"""SparseConv2D draws every kernel with fan_in = KH*KW*6 = 150, as for a dense C3, instead of
KH*KW*len(table[m]) for the map the connection feeds.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D, paper_uniform

CONCEPT = "C3 fan-in taken as 150 for every map"
NAMED_BY = ("fan_in", "fan-in", "150", "per map", "len(table[m])", "every map")
LISTED = True


def init_dense_fan_in(self, table, kernel_size=5, rng=None, dtype=np.float64):
    rng = np.random.default_rng(rng)
    self.table = tuple(tuple(int(c) for c in maps) for maps in table)
    self.kernel_size = K = kernel_size
    self.in_channels = 1 + max(c for maps in self.table for c in maps)
    self.out_channels = len(self.table)
    pairs = [(c, m) for m, maps in enumerate(self.table) for c in maps]
    self.inputs = np.array([c for c, _ in pairs], dtype=np.int64)
    self.outputs = np.array([m for _, m in pairs], dtype=np.int64)
    fan_in = K * K * self.in_channels  # 150 for C3, whatever the map
    self.w = paper_uniform(rng, (K, K, len(pairs)), fan_in, dtype)
    self.b = paper_uniform(rng, (self.out_channels,), fan_in, dtype)
    self.dw = np.zeros_like(self.w)
    self.db = np.zeros_like(self.b)


SparseConv2D.__init__ = init_dense_fan_in
