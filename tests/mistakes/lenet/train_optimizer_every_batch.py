"""train builds the optimizer inside the batch loop, so Adam's moments and step count start
over at every batch."""

from ._training import install

DIAGNOSIS = (
    "the optimizer made anew for every batch, so Adam's state (m, v, t) is lost: make it once, "
    "before the loops"
)

install(optimizer_each_batch=True)
