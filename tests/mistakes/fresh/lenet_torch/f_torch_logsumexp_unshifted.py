"""cross_entropy computes the log-sum-exp as torch.log(torch.exp(logits).sum(1)) without
subtracting the row max, which overflows to inf for large logits.
"""

import torch

CONCEPT = "log-sum-exp without the max shift (overflow)"
NAMED_BY = ("log-sum-exp", "logsumexp", "overflow", "inf", "nan", "max subtract",
            "subtract the max", "row max", "stable", "stability")
LISTED = True


def cross_entropy(logits, y):
    lse = torch.log(torch.exp(logits).sum(dim=1))
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)
    return (lse - picked).mean()
