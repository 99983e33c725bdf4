"""train visits the images in the same, unshuffled order every epoch instead of
rng.permutation(len(X))."""

import numpy as np
from s13_cnn.lenet.lenet import train as reference_train

DIAGNOSIS = "no shuffling: each epoch visits X in the order rng.permutation(len(X))"



class InOrder(np.random.Generator):
    """A generator whose shuffles leave everything in order."""

    def permutation(self, x):
        return np.arange(x) if np.ndim(x) == 0 else np.array(x)

    def shuffle(self, x, axis=0):
        pass


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    in_order = InOrder(np.random.default_rng(rng).bit_generator)  # rng unused: no shuffle
    return reference_train(model, X, y, epochs, batch_size, lr, optimizer, in_order)
