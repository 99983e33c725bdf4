"""train builds the optimizer at the start of every epoch, so Adam's moments and step count
start over each epoch."""

from ._training import install

DIAGNOSIS = (
    "the optimizer made anew at every epoch, so Adam's state (m, v, t) starts over each "
    "epoch: make it once, before the loops"
)

install(optimizer_each_epoch=True)
