"""The functional module bound to another name (ns = F), then ns.nll_loss."""

import torch
import torch.nn.functional as F


def cross_entropy(logits, y):
    ns = F
    return ns.nll_loss(torch.log(torch.softmax(logits, 1)), y)
