"""exec(compile(...)) of source that defines the loss with F.cross_entropy."""

import torch.nn.functional as F


def cross_entropy(logits, y):
    scope = {"F": F}
    source = "def loss(a, b):\n    return F.cross_" + "entropy(a, b)\n"
    exec(compile(source, "<loss>", "exec"), scope)
    return scope["loss"](logits, y)
