"""MaxPool2D.forward stores in `indices` the max's position inside its window (0 to
PH*PW - 1) instead of its position h * W + w in the input plane."""

from s13_cnn.pooling.pooling import MaxPool2D, maxpool_forward

CONCEPT = "indices relative to the window, not to the input plane"
NAMED_BY = (
    "relative to the window",
    "inside the window",
    "within the window",
    "in the window",
    "window-relative",
    "h * W + w",
    "input plane",
    "flat position",
)
LISTED = True


def forward_window_indices(self, x):
    out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
    self.indices = self.cache[1].copy()
    return out


MaxPool2D.forward = forward_window_indices
