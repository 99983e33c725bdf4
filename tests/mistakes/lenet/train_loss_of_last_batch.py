"""train reports the last batch's loss as the epoch loss instead of the mean over the
epoch's images."""

from ._training import install

DIAGNOSIS = (
    "the epoch loss is the last batch's loss: average over the epoch's images, "
    "sum loss * len(idx) over the batches and divide by N"
)


def last_batch(losses, sizes):
    return float(losses[-1])


install(epoch_loss=last_batch)
