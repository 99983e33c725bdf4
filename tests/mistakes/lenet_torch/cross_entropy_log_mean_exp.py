"""cross_entropy takes the log of the mean of the exponentials over the classes instead of
their sum: log-mean-exp, the loss short by log K."""

import torch

DIAGNOSIS = (
    "log of the mean of exp over the classes: log-sum-exp sums them, "
    "m + log(exp(logits - m).sum(dim=1))"
)


def cross_entropy(logits, y):
    m = logits.max(dim=1, keepdim=True).values.detach()
    lse = m.squeeze(1) + torch.log(torch.exp(logits - m).mean(dim=1))  # mean, not sum
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)
    return (lse - picked).mean()
