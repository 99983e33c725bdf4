"""SparseConv2D initialises every connection with the fan-in of a full C3 map, 25 * 6 = 150,
instead of 25 * len(table[m]) for map m."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D, paper_uniform

reference_init = SparseConv2D.__init__

CONCEPT = "C3 fan-in 150 for every map instead of 25 * len(table[m])"
NAMED_BY = ("150", "per map", "len(table", "fan-in of map", "every map", "fan_in of map")
LISTED = True


def init_fan_in_150(self, table, kernel_size=5, rng=None, dtype=np.float64):
    rng = np.random.default_rng(rng)
    reference_init(self, table, kernel_size, np.random.default_rng(0), dtype)
    fan_in = kernel_size * kernel_size * self.in_channels  # the same for every map
    self.w = paper_uniform(rng, self.w.shape, fan_in, dtype)
    self.b = paper_uniform(rng, self.b.shape, fan_in, dtype)


SparseConv2D.__init__ = init_fan_in_150
