"""train makes Adam's state dict anew at the start of every epoch (the generator is made
once), so t and the moments restart each epoch."""

from ._torch_training import install

DIAGNOSIS = (
    "Adam's state made anew every epoch: create state = {} once, before the epoch loop, "
    "one state for the whole run"
)

install(state_each_epoch=True)
