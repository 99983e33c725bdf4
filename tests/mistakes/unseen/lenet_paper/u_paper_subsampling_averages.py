"""Subsampling averages each 2x2 block (sum / 4) before the coefficient, instead of summing it."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

CONCEPT = "subsampling averages the block instead of summing it"
NAMED_BY = ("averag", "/ 4", "divided by 4", "sum / 4", "summed, not", "block sum",
            "instead of summ")
LISTED = True


def forward_averaging(self, x):
    N, H, W, C = x.shape
    if H % 2 or W % 2:
        raise ValueError(f"Subsampling: H and W must be even, got {x.shape}")
    self.sums = (x[:, 0::2, 0::2] + x[:, 0::2, 1::2] + x[:, 1::2, 0::2] + x[:, 1::2, 1::2]) / 4
    return self.sums * self.coef + self.b


Subsampling.forward = forward_averaging
