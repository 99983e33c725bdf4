"""map_loss sums the per-image criterion over the batch instead of averaging it (loss and
gradient both N times too large)."""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

CONCEPT = "MAP loss summed over the batch instead of averaged"
NAMED_BY = ("summed", "not averaged", "/ n", "divided by n", "mean over", "instead of the mean")
LISTED = True


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    N = y.shape[0]
    return float(loss * N), (dy * N).astype(y.dtype, copy=False)

