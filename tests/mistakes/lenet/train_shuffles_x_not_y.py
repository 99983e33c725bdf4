"""train shuffles the images but takes each batch's labels in y's own order, so images and
labels no longer match."""

from ._training import install

DIAGNOSIS = (
    "the images shuffled but not the labels: index X and y with the same idx, X[idx] and y[idx]"
)


install(labels_in_order=True)
