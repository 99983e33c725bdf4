"""train reports the loss of an epoch's last batch as the epoch's loss."""

from ._torch_training import install

DIAGNOSIS = (
    "the epoch loss is the last batch's loss: add loss.item() * len(idx) for every batch and "
    "divide by N"
)


def last_batch(losses, sizes):
    return losses[-1]


install(epoch_loss=last_batch)
