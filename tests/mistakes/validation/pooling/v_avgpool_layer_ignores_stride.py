"""AvgPool2D.forward calls avgpool_forward(x, self.pool_size) without the layer's stride."""

from s13_cnn.pooling.pooling import AvgPool2D, avgpool_forward

CONCEPT = "the layer's stride not passed to avgpool_forward"
NAMED_BY = ("self.stride", "layer's stride", "stride of the layer", "ignores its stride",
            "layer ignores", "AvgPool2D ignores")
LISTED = False


def forward_without_stride(self, x):
    out, self.cache = avgpool_forward(x, self.pool_size)
    return out


AvgPool2D.forward = forward_without_stride
