"""Subsampling multiplies each block's sum by the coefficient but never adds the bias."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

DIAGNOSIS = (
    "no trainable bias: out = coef[c] * sum of the 2x2 block + b[c], 2 parameters per map"
)

reference_forward = Subsampling.forward


def forward_without_bias(self, x):
    return reference_forward(self, x) - self.b


Subsampling.forward = forward_without_bias
