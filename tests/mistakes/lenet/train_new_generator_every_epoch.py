"""train makes np.random.default_rng(rng) anew inside the epoch loop, so every epoch visits
the images in the same order."""

from ._training import install

DIAGNOSIS = (
    "the generator made anew every epoch, so every epoch has the same order: make it once, "
    "before the loop, and draw rng.permutation(len(X)) from it each epoch"
)

install(seed_each_epoch=True)
