"""SparseConv2D numbers its connections input map by input map (for c, then every m that reads
c) instead of in table order, map by map.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D, paper_uniform

CONCEPT = "sparse conv connections ordered by input map instead of table order"
NAMED_BY = ("table order", "connection order", "order of the connections", "input map first",
            "by input map", "inputs[k]", "outputs[k]")
LISTED = False


def init_input_major(self, table, kernel_size=5, rng=None, dtype=np.float64):
    rng = np.random.default_rng(rng)
    self.table = tuple(tuple(int(c) for c in maps) for maps in table)
    self.kernel_size = K = kernel_size
    self.in_channels = 1 + max(c for maps in self.table for c in maps)
    self.out_channels = len(self.table)
    pairs = [(c, m) for c in range(self.in_channels)
             for m, maps in enumerate(self.table) if c in maps]
    self.inputs = np.array([c for c, _ in pairs], dtype=np.int64)
    self.outputs = np.array([m for _, m in pairs], dtype=np.int64)
    fan_in = np.array([K * K * len(maps) for maps in self.table])
    self.w = paper_uniform(rng, (K, K, len(pairs)), fan_in[self.outputs], dtype)
    self.b = paper_uniform(rng, (self.out_channels,), fan_in, dtype)
    self.dw = np.zeros_like(self.w)
    self.db = np.zeros_like(self.b)


SparseConv2D.__init__ = init_input_major
