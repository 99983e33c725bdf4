"""cross_entropy calls F.cross_entropy instead of writing the log-sum-exp by hand."""

import torch.nn.functional as F


def cross_entropy(logits, y):
    return F.cross_entropy(logits, y.long())
