"""Subsampling.backward sets dcoef to the sum of dout, forgetting to multiply by the block sums,
so dcoef equals db."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

reference_backward = Subsampling.backward

CONCEPT = "dcoef = sum(dout) without the block sums (equals db)"
NAMED_BY = ("block sum", "block_sum", "times the sum", "dcoef = db", "equals db",
            "same as db", "without the sums", "x the block")
LISTED = False


def backward_dcoef_without_sums(self, dout):
    dx = reference_backward(self, dout)
    self.dcoef = self.db.copy()  # sum(dout) per map: the block sums forgotten
    return dx


Subsampling.backward = backward_dcoef_without_sums
