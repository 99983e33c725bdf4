"""Conv2D.forward calls conv_forward without the layer's stride and pad."""

from s13_cnn.conv.conv import Conv2D, conv_forward

DIAGNOSIS = (
    "the layer's stride and pad not passed on: forward calls conv_forward(x, self.w, self.b, "
    "self.stride, self.pad)"
)


def forward_with_defaults(self, x):
    out, self.cache = conv_forward(x, self.w, self.b)
    return out


Conv2D.forward = forward_with_defaults
