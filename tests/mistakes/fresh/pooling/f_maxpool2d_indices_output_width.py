"""MaxPool2D.forward flattens its indices as h * W_out + w with the output width instead of
the input width W.
"""

from s13_cnn.pooling.pooling import MaxPool2D

CONCEPT = "indices flattened with the output width instead of the input width"
NAMED_BY = ("w_out", "input width", "output width", "h * w + w", "h*w + w", "row stride",
            "flat position")
LISTED = False

reference_maxpool2d_forward = MaxPool2D.forward


def forward_indices_w_out(self, x):
    out = reference_maxpool2d_forward(self, x)
    W, W_out = x.shape[2], out.shape[2]
    rows, cols = self.indices // W, self.indices % W
    self.indices = rows * W_out + cols
    return out


MaxPool2D.forward = forward_indices_w_out
