"""train numbers its history's epochs from 0 (for epoch in range(epochs)) instead of from 1."""

from s13_cnn.lenet.lenet import train as reference_train

CONCEPT = "epochs counted from 0 in the history"
NAMED_BY = ("from 1", "from 0", "zero-based", "0-based", "counts from", "epoch numbering")
LISTED = False


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    history = reference_train(model, X, y, epochs, batch_size, lr, optimizer, rng)
    return [{**h, "epoch": h["epoch"] - 1} for h in history]
