"""train computes the loss and the gradients but never calls opt.step, so the model never
changes."""

from s13_cnn.lenet.lenet import train as reference_train

DIAGNOSIS = (
    "the parameters never change: opt.step is never called, or it steps on arrays that are "
    "not the live ones (params() yields copies instead of layer.w itself, or the parameters "
    "were collected once, before the loops, with the gradients from before the first "
    "backward): call opt.step(model.params()) after each backward"
)



def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    # opt.step(model.params()) forgotten: the same as a learning rate of 0
    return reference_train(model, X, y, epochs, batch_size, 0.0, optimizer, rng)
