"""train loops over full batches only, so the images of a last partial batch are never
trained on."""

from ._torch_training import install

DIAGNOSIS = (
    "train drops a last partial batch: loop over range(0, N, batch_size), the last batch "
    "may be smaller"
)

install(full_batches_only=True)
