"""forward converts the NHWC input with x.permute(0, 3, 2, 1) instead of (0, 3, 1, 2): the shape
is right, each image transposed in H and W."""

from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward

CONCEPT = "NHWC -> NCHW permute (0, 3, 2, 1): H and W swapped"
NAMED_BY = ("permute", "transposed", "h and w", "(0, 3, 1, 2)", "0, 3, 2, 1")
LISTED = False


def forward(params, x, activation="relu", pool="avg"):
    if x.ndim == 4:
        x = x.transpose(1, 2)  # the permute (0, 3, 2, 1), undone by the right one below
    return reference_forward(params, x, activation, pool)
