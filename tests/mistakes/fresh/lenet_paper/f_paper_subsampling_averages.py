"""Subsampling averages each 2x2 block (divides the sum by 4) before applying the coefficient,
where the paper sums it.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import Subsampling

CONCEPT = "subsampling averages the block instead of summing it"
NAMED_BY = ("averag", "/ 4", "/4", "sum of the block", "summed", "not averaged", "mean")
LISTED = True


def forward_average(self, x):
    N, H, W, C = x.shape
    if H % 2 or W % 2:
        raise ValueError(f"Subsampling: H and W must be even, got {x.shape}")
    self.sums = (x[:, 0::2, 0::2] + x[:, 0::2, 1::2]
                 + x[:, 1::2, 0::2] + x[:, 1::2, 1::2]) / 4
    return (self.sums * self.coef + self.b).astype(np.result_type(x, self.coef))


Subsampling.forward = forward_average
