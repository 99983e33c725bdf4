"""forward moves the NHWC input to NCHW with permute(0, 3, 2, 1) instead of
permute(0, 3, 1, 2), so every image reaches C1 transposed (H and W swapped).
"""

from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward

CONCEPT = "NHWC -> NCHW permute with H and W swapped"
NAMED_BY = ("permute", "(0, 3, 1, 2)", "0, 3, 2, 1", "h and w", "transposed",
            "nchw", "layout")
LISTED = False


def forward(params, x, activation="relu", pool="avg"):
    if x.ndim == 4:
        x = x.transpose(1, 2)  # as permute(0, 3, 2, 1) after the reference's permute
    return reference_forward(params, x, activation, pool)
