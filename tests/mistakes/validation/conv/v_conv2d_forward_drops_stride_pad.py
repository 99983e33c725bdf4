"""Conv2D.forward calls conv_forward(x, self.w, self.b) without the layer's stride and pad."""

from s13_cnn.conv.conv import Conv2D, conv_forward

CONCEPT = "the layer's stride and pad not passed to conv_forward"
NAMED_BY = ("self.stride", "self.pad", "layer's stride", "layer's pad", "stride and pad of",
            "ignores its stride", "ignores its pad", "forward ignores")
LISTED = False


def forward_default_geometry(self, x):
    out, self.cache = conv_forward(x, self.w, self.b)
    return out


Conv2D.forward = forward_default_geometry
