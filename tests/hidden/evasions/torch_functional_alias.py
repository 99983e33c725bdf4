"""torch.functional.F: torch.nn.functional reached under another module's name."""

import torch


def cross_entropy(logits, y):
    return torch.functional.F.nll_loss(torch.log(torch.softmax(logits, 1)), y)
