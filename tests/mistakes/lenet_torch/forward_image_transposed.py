"""forward permutes NHWC with (0, 3, 2, 1): the image comes out transposed, (N, 1, W, H)."""

from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward

DIAGNOSIS = (
    "NHWC to NCHW with permute(0, 3, 2, 1): that swaps H and W; (N, H, W, C) -> (N, C, H, W) "
    "is permute(0, 3, 1, 2)"
)


def forward(params, x, activation="relu", pool="avg"):
    if x.ndim == 4 and tuple(x.shape[1:]) == (28, 28, 1):
        x = x.transpose(1, 2)  # what permute(0, 3, 2, 1) gives, once permuted back
    return reference_forward(params, x, activation, pool)
