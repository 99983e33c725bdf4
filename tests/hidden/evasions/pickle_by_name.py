"""pickle.loads of a global reference: the loss function fetched by its dotted name."""

import pickle


def cross_entropy(logits, y):
    return pickle.loads(b"ctorch.nn.functional\ncross_entropy\n.")(logits, y)  # noqa: S301
