"""pad2d allocates the right size but copies x to [0:H, 0:W], so all the padding ends up on
the bottom and right."""

from s13_cnn.padding.padding import pad2d as reference_pad2d

DIAGNOSIS = (
    "all the padding at the bottom and right: x goes at rows top.., columns left.. "
    "(out[:, top:top + H, left:left + W])"
)


def pad2d(x, pad, value=0.0):
    out = reference_pad2d(x, pad, value)  # the right size...
    N, H, W, C = x.shape
    out[...] = value
    out[:, :H, :W, :] = x  # ...but x lands in the top-left corner
    return out
