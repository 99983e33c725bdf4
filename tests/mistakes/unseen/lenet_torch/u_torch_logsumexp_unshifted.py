"""cross_entropy computes torch.log(torch.exp(logits).sum(1)) without subtracting each row's
max, which is inf for large logits.
"""

import torch

CONCEPT = "unstable log-sum-exp: no max subtracted before exp"
NAMED_BY = ("overflow", "row max", "subtract the max", "log-sum-exp", "logsumexp",
            "unstable", "stabil")
LISTED = True


def cross_entropy(logits, y):
    lse = torch.log(torch.exp(logits).sum(dim=1))
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)
    return (lse - picked).mean()
