"""AvgPool2D.forward calls avgpool_forward(x, self.pool_size) without passing self.stride, so
the layer always pools with stride = pool.
"""

from s13_cnn.pooling.pooling import AvgPool2D, avgpool_forward

CONCEPT = "layer forgets to pass its stride"
NAMED_BY = ("self.stride", "stride not passed", "passes the stride", "pass the stride",
            "stride argument", "stride ignored", "ignores the stride", "ignored the stride")
LISTED = False


def forward_without_stride(self, x):
    out, self.cache = avgpool_forward(x, self.pool_size)
    return out


AvgPool2D.forward = forward_without_stride
