"""getattr with a name built at run time."""

import torch.nn.functional as F


def cross_entropy(logits, y):
    return getattr(F, "cross" + "_entropy")(logits, y)
