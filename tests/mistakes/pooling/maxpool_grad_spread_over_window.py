"""Max-pool backward spreads each window's gradient evenly over the window (as average
pooling does) instead of routing it all to the max."""

from s13_cnn.pooling.pooling import avgpool_backward, avgpool_forward

from ._maxpool import install

DIAGNOSIS = (
    "the gradient spread evenly over the window: that is average pooling's backward; in max "
    "pooling all of a window's gradient goes to its max"
)



def spread_over_window(dout, cache):
    x, pool, stride, _ = cache
    _, avg_cache = avgpool_forward(x, pool, stride)
    return avgpool_backward(dout, avg_cache)  # every entry gets a share, not just the max


install(backward=spread_over_window)
