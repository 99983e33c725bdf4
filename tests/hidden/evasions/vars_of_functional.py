"""vars(F)["cross_entropy"]: the loss looked up in the module's namespace."""

import torch.nn.functional as F


def cross_entropy(logits, y):
    return vars(F)["cross_entropy"](logits, y)
