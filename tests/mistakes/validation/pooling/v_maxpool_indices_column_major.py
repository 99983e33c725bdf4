"""MaxPool2D.indices flattens each max's position column-major, w * H + h, instead of h * W + w."""

from s13_cnn.pooling.pooling import MaxPool2D

reference_forward = MaxPool2D.forward

CONCEPT = "indices in column-major order w * H + h instead of h * W + w"
NAMED_BY = ("column-major", "column major", "w * h", "w*h", "rows and columns swapped",
            "transposed")
LISTED = False


def forward_column_major_indices(self, x):
    out = reference_forward(self, x)
    N, H, W, C = x.shape
    h, w = self.indices // W, self.indices % W
    self.indices = w * H + h
    return out


MaxPool2D.forward = forward_column_major_indices
