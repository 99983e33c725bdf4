"""cross_entropy subtracts each row's max before exp but never adds it back: log-sum-exp is
m + log(sum(exp(logits - m)))."""

import torch

DIAGNOSIS = (
    "the row max not added back in the log-sum-exp: logsumexp = m + log(sum(exp(logits - m)))"
)


def cross_entropy(logits, y):
    m = logits.max(dim=1, keepdim=True).values.detach()
    lse = torch.log(torch.exp(logits - m).sum(dim=1))  # + m forgotten
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)
    return (lse - picked).mean()
