"""Subsampling.backward computes dcoef as the plain sum of dout, like the bias gradient,
forgetting to weight it by the block sums.
"""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

CONCEPT = "dcoef without the block sums (computed like db)"
NAMED_BY = ("dcoef", "coefficient", "coef gradient", "gradient of coef", "block sums",
            "self.sums", "sums")
LISTED = False

reference_subsampling_backward = Subsampling.backward


def backward_dcoef_like_bias(self, dout):
    dx = reference_subsampling_backward(self, dout)
    self.dcoef = dout.sum(axis=(0, 1, 2)).astype(self.coef.dtype, copy=False)
    return dx


Subsampling.backward = backward_dcoef_like_bias
