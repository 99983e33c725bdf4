"""Subsampling adds the bias before the coefficient: coef * (sum + b) instead of
coef * sum + b."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

DIAGNOSIS = (
    "the bias added inside the coefficient: out = coef[c] * sum of the 2x2 block + b[c]"
)

reference_forward = Subsampling.forward


def forward_bias_inside(self, x):
    out = reference_forward(self, x)
    return out + (self.coef - 1) * self.b  # coef * (sum + b)


Subsampling.forward = forward_bias_inside
