"""cross_entropy returns the sum over the batch of the per-image losses instead of their mean."""

import torch

CONCEPT = "loss summed over the batch instead of averaged"
NAMED_BY = ("summed", "not averaged", "instead of the mean", "batch mean", "times n",
            "divided by n")
LISTED = False


def cross_entropy(logits, y):
    m = logits.max(dim=1, keepdim=True).values.detach()
    lse = m.squeeze(1) + torch.log(torch.exp(logits - m).sum(dim=1))
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)
    return (lse - picked).sum()
