"""cross_entropy subtracts each row's max m before exp but never adds it back: log(sum exp(z - m))
instead of m + log(sum exp(z - m))."""

import torch

CONCEPT = "the max shift not added back in the log-sum-exp (loss off by the row max)"
NAMED_BY = ("+ m", "add the max back", "max back", "added back", "add back", "not undone",
            "without m")
LISTED = False


def cross_entropy(logits, y):
    m = logits.max(dim=1, keepdim=True).values.detach()
    lse = torch.log(torch.exp(logits - m).sum(dim=1))  # m never added back
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)
    return (lse - picked).mean()
