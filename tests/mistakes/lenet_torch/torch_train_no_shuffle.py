"""train visits the images in their own order every epoch instead of
torch.randperm(N, generator=g)."""

from ._torch_training import install

DIAGNOSIS = (
    "no shuffling: each epoch visits the images in the order torch.randperm(N, generator=g)"
)

install(shuffle=False)
