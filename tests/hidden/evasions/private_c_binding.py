"""torch._C._nn.cross_entropy_loss: the C binding under F.cross_entropy."""

import torch


def cross_entropy(logits, y):
    return torch._C._nn.cross_entropy_loss(logits, y.long(), None, 1, -100, 0.0)
